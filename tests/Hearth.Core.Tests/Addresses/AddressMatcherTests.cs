using Hearth.Core.Addresses;

namespace Hearth.Core.Tests.Addresses;

public class AddressMatcherTests
{
    // A small gazetteer: houses on Mill Lane; a block of flats (parent 2000, which is not itself listed) beside a house
    // on High Street; a postcode holding a single house; a postcode holding a single block; and two Station Roads.
    private static readonly GazetteerEntry[] Gazetteer =
    [
        new(1001, null, null, "12", "Mill Lane", "HF1 2AB"),
        new(1002, null, null, "14", "Mill Lane", "HF1 2AB"),
        new(1003, null, null, "Rose Cottage", "Mill Lane", "HF1 2AB"),
        new(2001, 2000, "Flat 1", "Kestrel House, 20", "High Street", "HF1 3DE"),
        new(2002, 2000, "Flat 2", "Kestrel House, 20", "High Street", "HF1 3DE"),
        new(2003, 2000, "Flat 3", "Kestrel House, 20", "High Street", "HF1 3DE"),
        new(2010, null, null, "22", "High Street", "HF1 3DE"),
        new(3001, null, null, "1", "Lonely Road", "HF2 9XY"),
        new(4001, null, null, "5", "Station Road", "HF3 1AA"),
        new(4002, null, null, "5", "Station Road", "HF4 1AA"),
        new(5001, 5000, "Flat A", "Heron Court", "Quay Street", "HF5 1AB"),
        new(5002, 5000, "Flat B", "Heron Court", "Quay Street", "HF5 1AB"),
    ];

    private static readonly AddressMatcher Matcher = new(Gazetteer);

    private static AddressMatch? Match(string? line, string? postcode) =>
        Matcher.Match(AddressParser.Parse([line], postcode));

    [Fact]
    public void Count_IsEveryEntry() =>
        Matcher.Count.ShouldBe(Gazetteer.Length);

    [Theory]
    [InlineData("12 Mill Lane", "HF1 2AB", 1001L)]
    [InlineData("12 mill ln", "hf1 2ab", 1001L)]
    [InlineData("14 MILL LANE, Hearthfield", "HF1 2AB", 1002L)]
    [InlineData("Rose Cottage, Mill Lane", "HF1 2AB", 1003L)]
    [InlineData("Rose Cottage", "HF1 2AB", 1003L)]
    [InlineData("Flat 2, Kestrel House, 20 High Street", "HF1 3DE", 2002L)]
    [InlineData("Flat 3, 20 High Street", "HF1 3DE", 2003L)]
    [InlineData("Flat 3, Kestrel House", "HF1 3DE", 2003L)]
    [InlineData("22 High St", "HF1 3DE", 2010L)]
    [InlineData("1 Lonely Road", "HF2 9XY", 3001L)]
    public void Match_PostcodeHouseAndFlatAgree_IsHigh(string line, string postcode, long uprn) =>
        Match(line, postcode).ShouldBe(new AddressMatch(uprn, MatchConfidence.High, "postcode, house and flat"));

    [Theory]
    [InlineData("12 Mill Lnae", "HF1 2AB", 1001L)]                            // street typo
    [InlineData("14 Mil Lane", "HF1 2AB", 1002L)]
    [InlineData("Rose Cotage, Mill Lane", "HF1 2AB", 1003L)]                  // building typo
    [InlineData("Apartment 3, 20 High Street", "HF1 3DE", 2003L)]             // flat spelt differently
    public void Match_NearSpellingWithinThePostcode_IsMediumFuzzy(string line, string postcode, long uprn) =>
        Match(line, postcode).ShouldBe(new AddressMatch(uprn, MatchConfidence.Medium, "fuzzy within postcode"));

    [Theory]
    [InlineData("20 High Street")]
    [InlineData("20 High St")]
    public void Match_FlatMissingInABlock_IsTheParentAtMedium(string line) =>
        Match(line, "HF1 3DE").ShouldBe(new AddressMatch(2000, MatchConfidence.Medium, "building within postcode; flat not given"));

    [Fact]
    public void Match_BlockNamedButFlatMissing_IsTheParentAtMedium()
    {
        // The same building as "20 High Street", named instead of numbered: the building's UPRN, as the doc says.
        var match = Match("Kestrel House, High Street", "HF1 3DE");

        match.ShouldNotBeNull();
        match.Uprn.ShouldBe(2000);
        match.Confidence.ShouldBe(MatchConfidence.Medium);
    }

    [Theory]
    [InlineData("14 Mill Lane", "HF9 9ZZ", 1002L, "street and number; postcode differs")]      // postcode not in the gazetteer
    [InlineData("14 Mill Lane", "HF1 2AD", 1002L, "street and number; postcode differs")]
    [InlineData("14 Mill Lane", null, 1002L, "street and number; postcode missing")]
    [InlineData("14 Mill Lane", "not known", 1002L, "street and number; postcode missing")]
    [InlineData("Flat 1, 20 High Street", null, 2001L, "street and number; postcode missing")]
    [InlineData("22 High St, Hearthfield", "HF1 9ZZ", 2010L, "street and number; postcode differs")]
    public void Match_PostcodeWrongButStreetAndNumberUnique_IsMedium(string line, string? postcode, long uprn, string reason) =>
        Match(line, postcode).ShouldBe(new AddressMatch(uprn, MatchConfidence.Medium, reason));

    [Fact]
    public void Match_PostcodeOfAnotherSinglePropertyButStreetAndNumberUnique_IsTheStreetMatch()
    {
        // HF2 9XY holds only 1 Lonely Road; the address plainly says 14 Mill Lane, which exists once in the city.
        // A mistyped postcode must not outweigh a house number and street that contradict it.
        var match = Match("14 Mill Lane", "HF2 9XY");

        match.ShouldNotBeNull();
        match.Uprn.ShouldBe(1002);
        match.Confidence.ShouldBe(MatchConfidence.Medium);
    }

    [Fact]
    public void Match_SinglePropertyPostcodeButAHouseThatIsNotThere_IsNoGuess() =>
        Match("99 Nowhere Road", "HF2 9XY").ShouldBeNull();

    [Theory]
    [InlineData(null, "HF2 9XY", 3001L, "postcode holds one property")]
    [InlineData("Hearthfield", "HF2 9XY", 3001L, "postcode holds one property")]
    [InlineData(null, "HF5 1AB", 5000L, "postcode holds one building")]
    public void Match_OnlyAPostcodeHoldingOneProperty_IsLow(string? line, string postcode, long uprn, string reason) =>
        Match(line, postcode).ShouldBe(new AddressMatch(uprn, MatchConfidence.Low, reason));

    [Theory]
    [InlineData("Mill Lane", "HF1 2AB")]            // three properties on the street, no number
    [InlineData(null, "HF1 2AB")]                   // postcode only, several properties
    [InlineData("5 Station Road", null)]            // two Station Roads in the city
    [InlineData("5 Station Road", "HF9 9ZZ")]
    [InlineData("16 Mill Lane", "HF1 2AB")]         // no such house
    [InlineData("16 Mill Lane", null)]
    [InlineData("Flat 9, 20 High Street", "HF1 3DE")]
    public void Match_AmbiguousOrAbsent_IsNull(string? line, string? postcode) =>
        Match(line, postcode).ShouldBeNull();

    [Fact]
    public void Match_EmptyGazetteer_IsNull() =>
        new AddressMatcher([]).Match(AddressParser.Parse(["12 Mill Lane"], "HF1 2AB")).ShouldBeNull();
}
