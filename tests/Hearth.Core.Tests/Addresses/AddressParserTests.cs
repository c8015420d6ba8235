using Hearth.Core.Addresses;

namespace Hearth.Core.Tests.Addresses;

public class AddressParserTests
{
    [Fact]
    public void Parse_FullSingleLine_SplitsEveryPart()
    {
        var address = AddressParser.Parse(["Flat 3, Kestrel House, 12 Mill Lane, Ashby Vale, Hearthfield, HF1 2AB"], null);

        address.ShouldBe(new ParsedAddress("Flat 3", "Kestrel House", "12", "Mill Lane", "Ashby Vale", "Hearthfield", "HF1 2AB"));
        address.SubBuildingKey.ShouldBe("FLAT 3");
        address.BuildingKey.ShouldBe("KESTREL HOUSE");
        address.StreetKey.ShouldBe("MILL LANE");
    }

    [Theory]
    // line, postcode given -> sub-building, building, number, street, locality, town, postcode
    [InlineData("12 Mill Lane", "hf1 2ab", null, null, "12", "Mill Lane", null, null, "HF1 2AB")]
    [InlineData("12 Mill Lane", null, null, null, "12", "Mill Lane", null, null, null)]
    [InlineData("Rose Cottage, Mill Lane", null, null, "Rose Cottage", null, "Mill Lane", null, null, null)]
    [InlineData("12A High St", null, null, null, "12A", "High St", null, null, null)]
    [InlineData("12a High St", null, null, null, "12A", "High St", null, null, null)]
    [InlineData("12-14 Mill Lane", null, null, null, "12-14", "Mill Lane", null, null, null)]
    [InlineData("12, Mill Lane", null, null, null, "12", "Mill Lane", null, null, null)]
    [InlineData("12 Mill Lane, Hearthfield", null, null, null, "12", "Mill Lane", null, "Hearthfield", null)]
    [InlineData("12 Mill Lane, Hearthfield HF1 2AB", null, null, null, "12", "Mill Lane", null, "Hearthfield", "HF1 2AB")]
    [InlineData("12 Mill Lane, hf12ab", null, null, null, "12", "Mill Lane", null, null, "HF1 2AB")]
    [InlineData("12 Mill Lane, Hearthfield, QF1 2AB", null, null, null, "12", "Mill Lane", null, "Hearthfield", null)]
    [InlineData("12 Mill Lane", "QF1 2AB", null, null, "12", "Mill Lane", null, null, null)]
    [InlineData("12 Mill Lane", "not known", null, null, "12", "Mill Lane", null, null, null)]
    [InlineData("12 Mill Lane, HF9 9ZZ", "HF1 2AB", null, null, "12", "Mill Lane", null, null, "HF1 2AB")]   // the postcode field wins
    [InlineData("Apartment 4, 7 Station Road", null, "Apartment 4", null, "7", "Station Road", null, null, null)]
    [InlineData("Unit 2, Kestrel House", null, "Unit 2", "Kestrel House", null, null, null, null, null)]
    [InlineData("The Old Rectory, Church Walk, Ashby Vale, Hearthfield", null, null, "The Old Rectory", null, "Church Walk", "Ashby Vale", "Hearthfield", null)]
    public void Parse_SingleLine_FindsTheParts(string line, string? postcode, string? subBuilding, string? building, string? number, string? street, string? locality, string? town, string? expectedPostcode) =>
        AddressParser.Parse([line], postcode).ShouldBe(new ParsedAddress(subBuilding, building, number, street, locality, town, expectedPostcode));

    [Fact]
    public void Parse_SeparateLines_ReadsThemInOrder()
    {
        var address = AddressParser.Parse(["Flat 3", null, "12 Mill Lane", "  ", "Hearthfield"], "HF1 2AB");

        address.ShouldBe(new ParsedAddress("Flat 3", null, "12", "Mill Lane", null, "Hearthfield", "HF1 2AB"));
    }

    [Fact]
    public void Parse_LocalityAndTownGiven_UsesThem()
    {
        var address = AddressParser.Parse(["12 Mill Lane"], "HF1 2AB", "Ashby Vale", "Hearthfield");

        address.Locality.ShouldBe("Ashby Vale");
        address.Town.ShouldBe("Hearthfield");
    }

    [Fact]
    public void Parse_LocalityGivenAndRepeatedInTheLines_IsNotAlsoTheTown()
    {
        var address = AddressParser.Parse(["12 Mill Lane, Ashby Vale"], "HF1 2AB", "Ashby Vale");

        address.Locality.ShouldBe("Ashby Vale");
        address.Town.ShouldBeNull();
    }

    [Fact]
    public void Parse_FlatAndBuildingWithoutComma_SplitsTheFlatFromTheBuilding()
    {
        // "Flat 3 Kestrel House" is how many systems hold it; the sub-building is the flat ("Flat 3"), as documented.
        var address = AddressParser.Parse(["Flat 3 Kestrel House, 20 High Street"], "HF1 3DE");

        address.SubBuilding.ShouldBe("Flat 3");
        address.BuildingName.ShouldBe("Kestrel House");
        address.Number.ShouldBe("20");
        address.Street.ShouldBe("High Street");
    }

    [Fact]
    public void Parse_NothingUseful_IsEmpty() =>
        AddressParser.Parse([null, " ", ","], null).ShouldBe(new ParsedAddress(null, null, null, null, null, null, null));

    [Theory]
    [InlineData("12A High St", "12A HIGH STREET")]
    [InlineData("High St.", "HIGH STREET")]
    [InlineData("Mill Ln", "MILL LANE")]
    [InlineData("Station Rd", "STATION ROAD")]
    [InlineData("Oak Ave", "OAK AVENUE")]
    [InlineData("Elm Gdns", "ELM GARDENS")]
    [InlineData("Park Cres", "PARK CRESCENT")]
    [InlineData("Kings Terr", "KINGS TERRACE")]
    [InlineData("Beech Cl", "BEECH CLOSE")]
    [InlineData("St Mary Road", "ST MARY ROAD")]          // only the last word is a street type
    [InlineData("  mill   lane ", "MILL LANE")]
    [InlineData("Mill-Lane", "MILL LANE")]
    [InlineData("Chaussée Road", "CHAUSSEE ROAD")]
    [InlineData("St John's Road", "ST JOHNS ROAD")]       // punctuation removed, so it equals "St Johns Road"
    [InlineData("St. John\u2019s Rd", "ST JOHNS ROAD")]
    public void Key_Text_UpperFoldedWithStreetTypesSpeltOut(string text, string expected) =>
        AddressParser.Key(text).ShouldBe(expected);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" , . ")]
    public void Key_NothingLeft_IsNull(string? text) =>
        AddressParser.Key(text).ShouldBeNull();

    [Theory]
    [InlineData("St John's Road", "St Johns Road")]
    [InlineData("Mill Ln", "MILL LANE")]
    [InlineData("High St.", "high street")]
    public void Key_SpellingVariants_CompareEqual(string a, string b) =>
        AddressParser.Key(a).ShouldBe(AddressParser.Key(b));
}
