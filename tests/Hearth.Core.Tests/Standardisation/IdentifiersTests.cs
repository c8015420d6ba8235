using Hearth.Core.Standardisation;

namespace Hearth.Core.Tests.Standardisation;

public class IdentifiersTests
{
    [Theory]
    [InlineData("9434765919", "9434765919")]
    [InlineData("943 476 5919", "9434765919")]
    [InlineData("943-476-5919", "9434765919")]
    [InlineData(" 999 000 0018 ", "9990000018")]
    [InlineData("9434765918", null)]     // wrong check digit
    [InlineData("943476591", null)]
    [InlineData("94347659190", null)]
    [InlineData("943476591X", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void NhsNumber_Text_TenDigitsWhenValid(string? text, string? expected) =>
        Identifiers.NhsNumber(text).ShouldBe(expected);

    [Theory]
    [InlineData("B801200005001", "B801200005001")]
    [InlineData("b801200005001", "B801200005001")]
    [InlineData("B801 2000 05001", "B801200005001")]
    [InlineData("A801200005001", null)]  // wrong check letter
    [InlineData("UN1", null)]
    [InlineData("UN10", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Upn_Text_UpperCaseWhenTheCheckLetterIsRight(string? text, string? expected) =>
        Identifiers.Upn(text).ShouldBe(expected);

    [Theory]
    [InlineData("1000000043", "1000000043")]
    [InlineData("1000 000 043", "1000000043")]
    [InlineData("1000000042", null)]
    [InlineData("9999999999", null)]
    [InlineData(null, null)]
    public void Uln_Text_TenDigitsWhenValid(string? text, string? expected) =>
        Identifiers.Uln(text).ShouldBe(expected);

    [Theory]
    [InlineData("AB123456C", "AB123456C")]
    [InlineData("ab 12 34 56 c", "AB123456C")]
    [InlineData("AB123456", "AB123456")]
    [InlineData("QQ123456C", null)]
    [InlineData("AB12345", null)]
    [InlineData(null, null)]
    public void Nino_Text_UpperCaseWithoutSpacesWhenValid(string? text, string? expected) =>
        Identifiers.Nino(text).ShouldBe(expected);

    [Theory]
    [InlineData("hf1 2ab", "HF1 2AB")]
    [InlineData("HF12AB", "HF1 2AB")]
    [InlineData(" hf10  2ab ", "HF10 2AB")]
    [InlineData("ZZ99 3VZ", "ZZ99 3VZ")]
    [InlineData("HF1", null)]
    [InlineData("QF1 2AB", null)]
    [InlineData("not known", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Postcode_Text_NormalFormWhenValid(string? text, string? expected) =>
        Identifiers.Postcode(text).ShouldBe(expected);

    [Theory]
    [InlineData("100012345678", 100012345678L)]
    [InlineData(" 0001001 ", 1001L)]
    [InlineData("1", 1L)]
    [InlineData("0", null)]
    [InlineData("1000000000000", null)]
    [InlineData("1001.0", null)]
    [InlineData("1,001", null)]
    [InlineData("UPRN1001", null)]
    [InlineData(null, null)]
    public void Uprn_Text_WholeNumberInRange(string? text, long? expected) =>
        Identifiers.Uprn(text).ShouldBe(expected);

    [Theory]
    [InlineData("person@example.com", "person@example.com")]
    [InlineData(" A.Person@Example.COM ", "a.person@example.com")]
    [InlineData("first.last+tag@example.org.uk", "first.last+tag@example.org.uk")]
    [InlineData("a@b", null)]
    [InlineData("a@b.c", null)]
    [InlineData("a@@example.com", null)]
    [InlineData("a person@example.com", null)]
    [InlineData("example.com", null)]
    [InlineData("@example.com", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Email_Text_LowerCaseWhenPlausible(string? text, string? expected) =>
        Identifiers.Email(text).ShouldBe(expected);

    [Theory]
    [InlineData("07700 900123", "07700900123")]
    [InlineData("07700-900-123", "07700900123")]
    [InlineData("07700900123", "07700900123")]
    [InlineData("+44 7700 900123", "07700900123")]
    [InlineData("+447700900123", "07700900123")]
    [InlineData("0044 7700 900123", "07700900123")]
    [InlineData("+44 (0)7700 900123", "07700900123")]   // the usual UK way of writing an international number
    [InlineData("+44 (0) 1632 960001", "01632960001")]
    [InlineData("0044 (0)7700 900123", "07700900123")]
    [InlineData("(01632) 960001", "01632960001")]
    [InlineData("01632 960001", "01632960001")]
    [InlineData("0161 496 0000", "01614960000")]
    [InlineData("020 7946 0000", "02079460000")]
    [InlineData("123", null)]
    [InlineData("7700 900123", null)]            // no leading 0
    [InlineData("44 7700 900123", null)]         // 44 without + or 00 is not a country code
    [InlineData("077009001234", null)]           // twelve digits
    [InlineData("n/a", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Phone_Text_DigitsWithLeadingZero(string? text, string? expected) =>
        Identifiers.Phone(text).ShouldBe(expected);
}
