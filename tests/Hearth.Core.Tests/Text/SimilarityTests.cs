using Hearth.Core.Text;

namespace Hearth.Core.Tests.Text;

public class SimilarityTests
{
    [Theory]
    // Published Jaro-Winkler values (Winkler 1990; the usual worked examples).
    [InlineData("MARTHA", "MARHTA", 0.9611)]
    [InlineData("DWAYNE", "DUANE", 0.8400)]
    [InlineData("DIXON", "DICKSONX", 0.8133)]
    [InlineData("JONES", "JOHNSON", 0.8324)]
    [InlineData("ABC", "XYZ", 0.0)]
    [InlineData("A", "B", 0.0)]
    [InlineData("CRATE", "TRACE", 0.7333)]   // no common prefix, so plain Jaro
    public void JaroWinkler_KnownPairs_GiveThePublishedValue(string a, string b, double expected) =>
        Similarity.JaroWinkler(a, b).ShouldBe(expected, 0.0001);

    [Theory]
    [InlineData("A")]
    [InlineData("SMITH")]
    [InlineData("MILL LANE")]
    public void JaroWinkler_Identical_IsOne(string text) =>
        Similarity.JaroWinkler(text, text).ShouldBe(1.0);

    [Theory]
    [InlineData("", "")]
    [InlineData("", "SMITH")]
    [InlineData("SMITH", "")]
    public void JaroWinkler_Empty_IsZero(string a, string b) =>
        Similarity.JaroWinkler(a, b).ShouldBe(0.0);

    [Theory]
    [InlineData("MARTHA", "MARHTA")]
    [InlineData("DWAYNE", "DUANE")]
    [InlineData("DIXON", "DICKSONX")]
    [InlineData("KESTREL HOUSE", "KESTRAL HSE")]
    [InlineData("ABCABC", "CBACBA")]
    [InlineData("AAB", "ABAAA")]
    public void JaroWinkler_SwappedArguments_AreSymmetric(string a, string b) =>
        Similarity.JaroWinkler(a, b).ShouldBe(Similarity.JaroWinkler(b, a), 1e-12);

    [Theory]
    [InlineData("SMITH", "SMYTH")]
    [InlineData("MILL LANE", "MILL LNAE")]
    [InlineData("OBRIEN", "OBRIAN")]
    public void JaroWinkler_NearSpellings_AreHighButBelowOne(string a, string b)
    {
        var score = Similarity.JaroWinkler(a, b);

        score.ShouldBeGreaterThan(0.85);
        score.ShouldBeLessThan(1.0);
    }

    [Fact]
    public void JaroWinkler_CommonPrefix_ScoresAboveTheSameChangeWithoutOne()
    {
        // Same letters moved, but one pair shares a four-letter prefix.
        Similarity.JaroWinkler("ABCDXY", "ABCDYX").ShouldBeGreaterThan(Similarity.JaroWinkler("XYABCD", "YXABCD"));
    }

    [Fact]
    public void JaroWinkler_LongStrings_WorkPastTheStackBuffer()
    {
        var a = new string('A', 300) + "B";
        var b = new string('A', 300) + "C";

        Similarity.JaroWinkler(a, b).ShouldBeInRange(0.99, 1.0);
    }
}
