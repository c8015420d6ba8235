using Hearth.Core.Common;

namespace Hearth.Core.Tests.Common;

public class NhsNumberTests
{
    [Theory]
    [InlineData("9434765919", true)]   // domain brief: valid
    [InlineData("9876544321", false)]  // domain brief: invalid
    [InlineData("9990000018", true)]   // domain brief: synthetic example
    [InlineData("999 000 0018", true)]
    [InlineData("999-000-0018", true)]
    [InlineData("9990000017", false)]  // wrong check digit
    [InlineData("999000001", false)]   // nine digits
    [InlineData("99900000180", false)] // eleven digits
    [InlineData("99900A0018", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsValid_KnownNumbers_MatchesModulus11(string? text, bool expected) =>
        NhsNumber.IsValid(text).ShouldBe(expected);

    [Fact]
    public void CheckDigit_SumGivingTen_HasNoValidNumber()
    {
        // About one nine-digit prefix in eleven gives a check value of 10; no tenth digit can make it valid.
        var withoutCheck = Enumerable.Range(0, 1000)
            .Select(i => FormattableString.Invariant($"999000{i:D3}"))
            .First(nine => NhsNumber.CheckDigit(nine) is null);
        NhsNumber.FromFirstNine(withoutCheck).ShouldBeNull();
        for (var digit = 0; digit <= 9; digit++)
        {
            NhsNumber.IsValid(withoutCheck + digit).ShouldBeFalse();
        }
    }

    [Fact]
    public void CheckDigit_Remainder0_GivesZero()
    {
        var nine = Enumerable.Range(0, 1000)
            .Select(i => FormattableString.Invariant($"999000{i:D3}"))
            .First(n => NhsNumber.CheckDigit(n) == 0);
        NhsNumber.IsValid(nine + "0").ShouldBeTrue();
    }

    [Fact]
    public void Formatted_IsThreeThreeFour() =>
        NhsNumber.FromFirstNine("999000001")!.Value.Formatted.ShouldBe("999 000 0018");
}

public class UniquePupilNumberTests
{
    [Theory]
    [InlineData("B801200005001", true)] // domain brief example
    [InlineData("A801200005001", false)]
    [InlineData("b801200005001", true)]
    [InlineData("B80120000500", false)]
    [InlineData("B8012000050011", false)]
    [InlineData("I801200005001", false)]
    [InlineData("", false)]
    public void IsValid_KnownValues_ChecksTheLetter(string text, bool expected) =>
        UniquePupilNumber.IsValid(text).ShouldBe(expected);

    [Fact]
    public void CheckLetter_WorkedExample_IsB()
    {
        // 8*2 + 1*4 + 2*5 + 5*10 + 1*13 = 93; 93 mod 23 = 1; Alphabet[1] = B.
        UniquePupilNumber.CheckLetter("801200005001").ShouldBe('B');
    }

    [Fact]
    public void Create_BuildsAValidPermanentUpn()
    {
        var upn = UniquePupilNumber.Create(999, 2001, 2024, 17);
        upn.Value.ShouldEndWith("999200124017");
        UniquePupilNumber.IsValid(upn.Value).ShouldBeTrue();
        upn.IsTemporary.ShouldBeFalse();
        upn.LocalAuthorityCode.ShouldBe("999");
    }

    [Fact]
    public void TryParse_TemporaryUpn_UsesTheLetterValue()
    {
        const string body = "99920012401A";
        var temporary = UniquePupilNumber.CheckLetter(body) + body;
        UniquePupilNumber.TryParse(temporary, out var upn).ShouldBeTrue();
        upn!.Value.IsTemporary.ShouldBeTrue();
        // The final letter's value is its alphabet index, so changing it changes the check letter.
        UniquePupilNumber.CheckLetter("99920012401B").ShouldNotBe(UniquePupilNumber.CheckLetter(body));
    }

    [Fact]
    public void Alphabet_HasNoIOrS()
    {
        UniquePupilNumber.Alphabet.Length.ShouldBe(23);
        UniquePupilNumber.Alphabet.ShouldNotContain('I');
        UniquePupilNumber.Alphabet.ShouldNotContain('O');
        UniquePupilNumber.Alphabet.ShouldNotContain('S');
    }
}

public class UniqueLearnerNumberTests
{
    [Theory]
    [InlineData("1000000043", true)] // domain brief example
    [InlineData("1000000042", false)]
    [InlineData("9999999999", false)] // "unknown"
    [InlineData("100000004", false)]
    public void IsValid_KnownValues(string text, bool expected) =>
        UniqueLearnerNumber.IsValid(text).ShouldBe(expected);

    [Fact]
    public void CheckDigit_RemainderZero_HasNoValidNumber()
    {
        var nine = Enumerable.Range(0, 1000)
            .Select(i => FormattableString.Invariant($"100000{i:D3}"))
            .First(n => UniqueLearnerNumber.CheckDigit(n) is null);
        UniqueLearnerNumber.FromFirstNine(nine).ShouldBeNull();
    }
}

public class NationalInsuranceNumberTests
{
    [Theory]
    [InlineData("AB123456C", true)]
    [InlineData("ab 12 34 56 c", true)]
    [InlineData("AB123456", true)]      // suffix optional
    [InlineData("QQ123456C", false)]    // conventional fake: fails on purpose
    [InlineData("BG123456A", false)]
    [InlineData("GB123456A", false)]
    [InlineData("NK123456A", false)]
    [InlineData("TN123456A", false)]
    [InlineData("ZZ123456A", false)]
    [InlineData("DA123456A", false)]    // D is not a valid first letter
    [InlineData("AO123456A", false)]    // O is not a valid second letter
    [InlineData("AB123456E", false)]    // suffix A-D only
    [InlineData("AB12345C", false)]
    public void IsValid_FormatRules(string text, bool expected) =>
        NationalInsuranceNumber.IsValid(text).ShouldBe(expected);
}

public class PostcodeTests
{
    [Theory]
    [InlineData("hf1 2ab", "HF1 2AB")]
    [InlineData("HF12AB", "HF1 2AB")]
    [InlineData("  hf10   2ab ", "HF10 2AB")]
    [InlineData("sw1a1aa", "SW1A 1AA")]
    public void Normalise_PutsOneSpaceBeforeTheInwardCode(string raw, string expected) =>
        Postcode.Normalise(raw).ShouldBe(expected);

    [Theory]
    [InlineData("HF1 2AB", true)]
    [InlineData("SW1A 1AA", true)]
    [InlineData("M1 1AE", true)]
    [InlineData("GIR 0AA", true)]
    [InlineData("ZZ99 3VZ", true)]
    [InlineData("QF1 2AB", false)]   // Q cannot start a postcode
    [InlineData("HF1 2AC", false)]   // C is not an inward letter
    [InlineData("HF1 AB", false)]
    [InlineData("HFF 2AB", false)]
    [InlineData("", false)]
    public void IsValid_RegexAndSpecialCases(string text, bool expected) =>
        Postcode.IsValid(text).ShouldBe(expected);

    [Fact]
    public void Parts_AreDerivedFromTheNormalForm()
    {
        Postcode.TryParse("hf10 2ab", out var postcode).ShouldBeTrue();
        postcode!.Value.Outward.ShouldBe("HF10");
        postcode.Value.Sector.ShouldBe("HF10 2");
        postcode.Value.Area.ShouldBe("HF");
    }
}

public class UprnTests
{
    [Theory]
    [InlineData("1", true)]
    [InlineData("999999999999", true)]
    [InlineData("1000000000000", false)]
    [InlineData("0", false)]
    [InlineData("-5", false)]
    [InlineData("12a", false)]
    public void TryParse_Range(string text, bool expected) =>
        Uprn.TryParse(text, out _).ShouldBe(expected);
}
