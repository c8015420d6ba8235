using Hearth.Core.Linking;

namespace Hearth.Core.Tests.Linking;

public class LinkRowMapperTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);

    /// <summary>Maps one row whose header is the spec's column names in order, plus an id column first.</summary>
    private static MappedRow Map(string[] specs, string?[] values, params string[] dateFormats)
    {
        var map = ColumnMap.Parse(specs);
        var header = new List<string> { "id" };
        header.AddRange(map.Columns.Values.SelectMany(c => c).Distinct(StringComparer.Ordinal));
        var bound = map.Bind(header, "id", "test.csv");
        return new LinkRowMapper(bound, "test.csv", new LinkMappingOptions { Today = Today, DateFormats = dateFormats }).Map(values);
    }

    [Theory]
    [InlineData("Mrs Sarah Jane Jones", "SARAH", "JANE", "JONES")]
    [InlineData("JONES, Sarah Jane", "SARAH", "JANE", "JONES")]
    [InlineData("Jan van der Berg", "JAN", null, "VANDERBERG")]
    [InlineData("Patrick O'Brien Jnr", "PATRICK", null, "OBRIEN")]
    [InlineData("Ana Fernández López", "ANA", null, "FERNANDEZLOPEZ")]
    [InlineData("García López, Ana", "ANA", null, "GARCIALOPEZ")]
    [InlineData("Smith", null, null, "SMITH")]
    public void FullName_IsSplitIntoForenameMiddleNamesAndSurname(string full, string? forename, string? middle, string surname)
    {
        var row = Map(["full_name=name"], ["1", full]);

        row.Record.ShouldNotBeNull();
        row.Record.Forename.ShouldBe(forename);
        row.Record.MiddleNames.ShouldBe(middle);
        row.Record.Surname.ShouldBe(surname);
    }

    [Fact]
    public void Forenames_FirstIsTheForename_TheRestMiddleNames()
    {
        var row = Map(["forenames=first", "surname=last"], ["1", "Mary  Ann", "o'brien"]);

        row.Record!.Forename.ShouldBe("MARY");
        row.Record.MiddleNames.ShouldBe("ANN");
        row.Record.Surname.ShouldBe("OBRIEN");
        row.Record.SourceKey.ShouldBe("test.csv|1");
        row.Record.Source.ShouldBe("test.csv");
    }

    [Fact]
    public void JoinedForenames_ReadAsOneValue()
    {
        var row = Map(["forenames=first+middle", "surname=last"], ["1", "Mary", "Ann", "Smith"]);

        row.Record!.Forename.ShouldBe("MARY");
        row.Record.MiddleNames.ShouldBe("ANN");
    }

    [Fact]
    public void Address_JoinedColumns_AreKeyedPartByPart()
    {
        var row = Map(["address=street_number+address_1+address_2"], ["1", "6", "tullaroop st", "willaroo"]);

        row.Record!.Address.ShouldBe("6 TULLAROOP STREET WILLAROO");
    }

    [Fact]
    public void Address_BlankColumns_AreLeftOut()
    {
        var row = Map(["address=street_number+address_1+address_2"], ["1", "", "Mill Ln", " "]);

        row.Record!.Address.ShouldBe("MILL LANE");
    }

    [Fact]
    public void Address_WithAPostcodeAtTheEnd_GivesThePostcode_WhenNoColumnHoldsOne()
    {
        var row = Map(["address=line"], ["1", "12 Mill Lane, Hartfield, hf1 2ab"]);

        row.Record!.Postcode.ShouldBe("HF1 2AB");
        row.Record.Address.ShouldBe("12 MILL LANE HARTFIELD");
    }

    [Theory]
    [InlineData("sw1a1aa", "SW1A 1AA")]
    [InlineData(" hf1  2ab ", "HF1 2AB")]
    [InlineData("4011", "4011")]
    [InlineData("75 008", "75 008")]
    public void Postcode_UkInNormalForm_OthersAsGiven(string given, string expected) =>
        Map(["postcode=pc"], ["1", given]).Record!.Postcode.ShouldBe(expected);

    [Theory]
    [InlineData("19081209", "1908-12-09")]
    [InlineData("2012-03-04", "2012-03-04")]
    [InlineData("04/03/2012", "2012-03-04")]
    [InlineData("4 Mar 2012", "2012-03-04")]
    public void DateOfBirth_CommonFormats_AreRead(string given, string expected)
    {
        var row = Map(["dob=dob"], ["1", given]);

        row.Record!.DateOfBirth.ShouldBe(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
        row.Problems.ShouldBeEmpty();
    }

    [Fact]
    public void DateOfBirth_GivenFormat_IsTheOnlyOneTried()
    {
        Map(["dob=dob"], ["1", "03/04/2012"], "MM/dd/yyyy").Record!.DateOfBirth.ShouldBe(new DateOnly(2012, 3, 4));

        var row = Map(["dob=dob", "surname=s"], ["1", "13/04/2012", "Smith"], "MM/dd/yyyy");
        row.Record!.DateOfBirth.ShouldBeNull();
        row.Problems.ShouldBe(["dob_unreadable"]);
    }

    [Fact]
    public void DateOfBirth_NotADate_IsLeftOutWithItsReason_AndTheRowStillCompared()
    {
        var row = Map(["dob=dob", "surname=s"], ["1", "19450493", "Smith"]);

        row.Unusable.ShouldBeNull();
        row.Record!.DateOfBirth.ShouldBeNull();
        row.Record.Surname.ShouldBe("SMITH");
        row.Problems.ShouldBe(["dob_unreadable"]);
    }

    [Fact]
    public void DateOfBirth_Placeholder_IsNoDate()
    {
        var row = Map(["dob=dob", "surname=s"], ["1", "1900-01-01", "Smith"]);

        row.Record!.DateOfBirth.ShouldBeNull();
        row.Problems.ShouldBe(["dob_placeholder"]);
    }

    [Theory]
    [InlineData("2030-01-09", "dob_in_future")]
    [InlineData("1899-05-02", "dob_over_120_years_ago")]
    public void DateOfBirth_Implausible_IsKeptAndFlagged(string given, string flag)
    {
        var row = Map(["dob=dob"], ["1", given]);

        row.Record!.DateOfBirth.ShouldNotBeNull();
        row.Flags.ShouldBe([flag]);
        row.Problems.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Female", 'F')]
    [InlineData("m", 'M')]
    [InlineData("1", 'M')]
    [InlineData("Not known", null)]
    public void Sex_Codes_AreRead(string given, char? expected) => Map(["sex=sex", "surname=s"], ["1", given, "Smith"]).Record!.Sex.ShouldBe(expected);

    [Fact]
    public void Sex_UnknownCode_IsLeftOutWithItsReason() => Map(["sex=sex", "surname=s"], ["1", "Q", "Smith"]).Problems.ShouldBe(["sex_unrecognised"]);

    [Fact]
    public void NhsNumber_Valid_IsTrusted_Invalid_KeptOnlyForTypos()
    {
        Map(["nhs_number=nhs"], ["1", "943 476 5919"]).Record!.NhsNumber.ShouldBe("9434765919");

        var invalid = Map(["nhs_number=nhs"], ["1", "987 654 4321"]);
        invalid.Record!.NhsNumber.ShouldBeNull();
        invalid.Record.NhsNumberUnchecked.ShouldBe("9876544321");
        invalid.Problems.ShouldBe(["nhs_number_invalid"]);
    }

    [Fact]
    public void Identifier_IsUpperCaseWithoutSpaces() => Map(["identifier=ssid"], ["1", " ab 12 34 "]).Record!.Identifier.ShouldBe("AB1234");

    [Fact]
    public void ContactDetails_AreNormalised_OrLeftOutWithAReason()
    {
        var row = Map(["email=email", "phone=phone"], ["1", " Jo.Bloggs@Example.COM ", "+44 7700 900123"]);
        row.Record!.Email.ShouldBe("jo.bloggs@example.com");
        row.Record.Phone.ShouldBe("07700900123");

        Map(["email=email", "surname=s"], ["1", "not an email", "Smith"]).Problems.ShouldBe(["email_invalid"]);
    }

    [Fact]
    public void Town_IsKeyed() => Map(["town=town"], ["1", "St. James"]).Record!.Town.ShouldBe("ST JAMES");

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void NoId_RowIsUnusable(string? id)
    {
        var row = Map(["surname=s"], [id, "Smith"]);

        row.RecordId.ShouldBeNull();
        row.Record.ShouldBeNull();
        row.Unusable.ShouldBe(LinkRowMapper.NoId);
    }

    [Fact]
    public void NothingToCompare_RowIsUnusable_ButKeepsItsId()
    {
        var row = Map(["surname=s", "dob=dob"], [" 7 ", "", " "]);

        row.RecordId.ShouldBe("7");
        row.Record.ShouldBeNull();
        row.Unusable.ShouldBe(LinkRowMapper.NoValues);
    }

    [Fact]
    public void ShortRow_MissingFieldsAreBlank()
    {
        var row = Map(["surname=s", "dob=dob"], ["1", "Smith"]);

        row.Record!.Surname.ShouldBe("SMITH");
        row.Record.DateOfBirth.ShouldBeNull();
    }
}
