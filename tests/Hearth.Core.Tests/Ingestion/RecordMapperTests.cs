using System.Xml.Linq;
using Hearth.Core.Addresses;
using Hearth.Core.Ingestion;

namespace Hearth.Core.Tests.Ingestion;

public class RecordMapperTests
{
    private static readonly DateOnly Today = new(2026, 9, 1);

    private static readonly AddressMatcher Gazetteer = new(
    [
        new GazetteerEntry(1001, null, null, "12", "Mill Lane", "HF1 2AB"),
        new GazetteerEntry(1002, null, null, "14", "Mill Lane", "HF1 2AB"),
    ]);

    private static readonly PersonSpec Child = new()
    {
        Slot = "child",
        LocalId = FieldSpec.Of("PersonID"),
        Name = new NameSpec { Forenames = FieldSpec.Of("Forename"), MiddleNames = FieldSpec.Of("MiddleNames"), Surname = FieldSpec.Of("Surname") },
        DateOfBirth = new FieldSpec { Field = "DOB", Formats = ["dd.MM.yyyy"] },
        Sex = FieldSpec.Of("Gender"),
        NhsNumber = FieldSpec.Of("NHS"),
        Upn = FieldSpec.Of("UPN"),
        Uln = FieldSpec.Of("ULN"),
        Nino = FieldSpec.Of("NINO"),
        Email = FieldSpec.Of("Email"),
        Phone = FieldSpec.Of("Phone"),
        Ethnicity = FieldSpec.Of("Ethnicity"),
        Address = new AddressSpec { Line1 = FieldSpec.Of("Address1"), Postcode = FieldSpec.Of("Postcode") },
    };

    private static readonly FeedDefinition Feed = new()
    {
        Name = "children",
        System = "test",
        LawfulBasis = new LawfulBasis { Article6 = "public_task" },
        TrustRank = 10,
        Format = new FormatSpec { Type = FormatType.Csv },
        Key = ["LA", "PersonID"],
        Persons = [Child],
        Events =
        [
            new EventSpec
            {
                Type = "referral",
                Person = "child",
                Date = FieldSpec.Of("ReferralDate"),
                Attributes = new Dictionary<string, FieldSpec>(StringComparer.Ordinal) { ["source"] = FieldSpec.Of("Source") },
            },
        ],
    };

    private static readonly (string Column, string? Value)[] CleanRow =
    [
        ("LA", "999"), ("PersonID", "P001"), ("Forename", "JOHN"), ("MiddleNames", "paul"), ("Surname", "o'brien"), ("DOB", "05.04.2015"),
        ("Gender", "Male"), ("NHS", "943 476 5919"), ("UPN", "B801200005001"), ("ULN", "1000000043"), ("NINO", "ab 12 34 56 c"),
        ("Email", " John.OBrien@Example.com "), ("Phone", "+44 7700 900123"), ("Ethnicity", "White - British"), ("Address1", "12 Mill Lane"),
        ("Postcode", "hf1 2ab"), ("ReferralDate", "02/01/2025"), ("Source", "Police"), ("Notes", "Seen at home"), ("UPRN", null),
    ];

    /// <summary>A CSV-like row: the clean row with some cells replaced.</summary>
    internal static SourceRow Row(params (string Column, string? Value)[] changes)
    {
        var cells = CleanRow.ToList();
        foreach (var (column, value) in changes)
        {
            var at = cells.FindIndex(c => c.Column == column);
            if (at < 0)
            {
                cells.Add((column, value));
            }
            else
            {
                cells[at] = (column, value);
            }
        }

        var node = new FlatNode(FlatNode.Index([.. cells.Select(c => c.Column)]), [.. cells.Select(c => c.Value)]);
        return new SourceRow(1, string.Join(",", cells.Select(c => c.Value)), node);
    }

    private static MappedRecord Map(FeedDefinition feed, SourceRow row, QualityTally? tally = null) =>
        new RecordMapper(feed, Gazetteer, Today).Map(row, tally);

    private static MappedRecord Map(params (string Column, string? Value)[] changes) => Map(Feed, Row(changes));

    private static FeedDefinition WithRules(params ValidationRule[] rules) => Feed with { Validation = rules };

    private static RecordIssue Issue(MappedRecord mapped, string reason)
    {
        var matches = mapped.Issues.Where(i => i.Reason == reason).ToList();
        matches.Count.ShouldBe(1, $"Expected one {reason}; the issues were: {string.Join(", ", mapped.Issues.Select(i => i.Reason))}");
        return matches[0];
    }

    [Fact]
    public void Map_CleanRow_StandardisesThePerson()
    {
        var mapped = Map();

        mapped.Issues.ShouldBeEmpty();
        mapped.Quarantined.ShouldBeFalse();
        mapped.Key.ShouldBe("999|P001");
        var person = mapped.Record.Persons.ShouldHaveSingleItem();
        person.Slot.ShouldBe("child");
        person.LocalId.ShouldBe("P001");
        person.Forename.ShouldBe("John");
        person.MiddleNames.ShouldBe("Paul");
        person.Surname.ShouldBe("O'Brien");
        person.ForenameKey.ShouldBe("JOHN");
        person.SurnameKey.ShouldBe("OBRIEN");
        person.NameAsReceived.ShouldBe("JOHN paul o'brien");
        person.DateOfBirth.ShouldBe(new DateOnly(2015, 4, 5));
        person.DateOfBirthRaw.ShouldBe("05.04.2015");
        person.Sex.ShouldBe("M");
        person.NhsNumber.ShouldBe("9434765919");
        person.Upn.ShouldBe("B801200005001");
        person.Uln.ShouldBe("1000000043");
        person.Nino.ShouldBe("AB123456C");
        person.Email.ShouldBe("john.obrien@example.com");
        person.Phone.ShouldBe("07700900123");
        person.Ethnicity.ShouldBe("WBRI");
        person.InvalidIdentifiers.ShouldBeEmpty();
    }

    [Fact]
    public void Map_AddressWithoutUprn_IsParsedAndMatched()
    {
        var address = Map().Record.Persons[0].Address.ShouldNotBeNull();

        address.Line1.ShouldBe("12 Mill Lane");
        address.Number.ShouldBe("12");
        address.Street.ShouldBe("Mill Lane");
        address.Postcode.ShouldBe("HF1 2AB");
        address.PostcodeRaw.ShouldBeNull();
        address.Uprn.ShouldBe(1001);
        address.UprnSource.ShouldBe("high");
    }

    [Theory]
    [InlineData("12 Mill Lnae", "hf1 2ab", 1001L, "medium")]
    [InlineData("14 Mill Lane", "HF9 9ZZ", 1002L, "medium")]
    [InlineData("99 Mill Lane", "HF1 2AB", null, null)]
    public void Map_AddressMatch_RecordsTheConfidence(string line1, string postcode, long? uprn, string? source)
    {
        var address = Map(("Address1", line1), ("Postcode", postcode)).Record.Persons[0].Address!;

        address.Uprn.ShouldBe(uprn);
        address.UprnSource.ShouldBe(source);
    }

    [Theory]
    [InlineData("100012345678", 100012345678L, "source", null)]
    [InlineData(" 1002 ", 1002L, "source", null)]
    [InlineData("not a uprn", 1001L, "high", "invalid_uprn:uprn")]   // invalid: warned, and the matcher used instead
    [InlineData("", 1001L, "high", null)]
    public void Map_UprnInTheSource_WinsOverTheMatcher(string uprnRaw, long uprn, string source, string? issue)
    {
        var feed = Feed with { Persons = [Child with { Address = Child.Address! with { Uprn = FieldSpec.Of("UPRN") } }] };

        var mapped = Map(feed, Row(("UPRN", uprnRaw)));

        mapped.Record.Persons[0].Address!.Uprn.ShouldBe(uprn);
        mapped.Record.Persons[0].Address!.UprnSource.ShouldBe(source);
        mapped.Issues.Select(i => i.Reason).ShouldBe(issue is null ? [] : [issue]);
    }

    [Fact]
    public void Map_NoGazetteer_LeavesTheUprnEmpty() =>
        new RecordMapper(Feed, null, Today).Map(Row()).Record.Persons[0].Address!.Uprn.ShouldBeNull();

    [Fact]
    public void Map_CleanRow_RecordsTheEvent()
    {
        var incident = Map().Record.Events.ShouldHaveSingleItem();

        incident.Type.ShouldBe("referral");
        incident.PersonSlot.ShouldBe("child");
        incident.Date.ShouldBe(new DateOnly(2025, 1, 2));
        incident.Time.ShouldBeNull();
        incident.EndDate.ShouldBeNull();
        incident.Attributes.ShouldBe(new Dictionary<string, string>(StringComparer.Ordinal) { ["source"] = "Police" });
    }

    [Theory]
    [InlineData("02/01/2025 14:30", "2025-01-02", "14:30")]
    [InlineData("2025-01-02", "2025-01-02", null)]
    // An event's two-digit year is at most a year ahead of today (2026-09-01): '35 was read as 2035, but an event is
    // not booked nine years ahead, so it is 1935.
    [InlineData("02/01/35", "1935-01-02", null)]
    [InlineData("02/01/27", "2027-01-02", null)]
    public void Map_EventDate_ParsesDateAndTime(string raw, string date, string? time)
    {
        var incident = Map(("ReferralDate", raw)).Record.Events.ShouldHaveSingleItem();

        incident.Date.ShouldBe(DateOnly.ParseExact(date, "yyyy-MM-dd"));
        incident.Time.ShouldBe(time is null ? null : TimeOnly.ParseExact(time, "HH:mm"));
    }

    [Fact]
    public void Map_EventDateInvalid_WarnsAndDropsTheEvent()
    {
        var mapped = Map(("ReferralDate", "soon"));

        mapped.Record.Events.ShouldBeEmpty();
        Issue(mapped, "invalid_date:ReferralDate").Severity.ShouldBe(Severity.Warning);
        mapped.Quarantined.ShouldBeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void Map_EventDateBlank_DropsTheEventQuietly(string? raw)
    {
        var mapped = Map(("ReferralDate", raw));

        mapped.Record.Events.ShouldBeEmpty();
        mapped.Issues.ShouldBeEmpty();
    }

    [Fact]
    public void Map_EventEndDate_IsReadOrWarned()
    {
        var feed = Feed with { Events = [Feed.Events[0] with { EndDate = FieldSpec.Of("ClosedDate") }] };

        Map(feed, Row(("ClosedDate", "31/03/2025"))).Record.Events[0].EndDate.ShouldBe(new DateOnly(2025, 3, 31));
        var bad = Map(feed, Row(("ClosedDate", "never")));
        bad.Record.Events[0].EndDate.ShouldBeNull();
        Issue(bad, "invalid_date:ClosedDate").Severity.ShouldBe(Severity.Warning);
    }

    [Theory]
    [InlineData("Yes", 1)]
    [InlineData(" ", 0)]
    [InlineData(null, 0)]
    public void Map_EventWhen_OnlyWhenTheFieldHasAValue(string? flag, int events)
    {
        var feed = Feed with { Events = [Feed.Events[0] with { When = "Flag" }] };

        Map(feed, Row(("Flag", flag))).Record.Events.Count.ShouldBe(events);
    }

    [Theory]
    [InlineData("LA", "")]
    [InlineData("LA", "   ")]
    [InlineData("LA", null)]
    [InlineData("PersonID", "")]
    public void Map_KeyFieldBlank_KeyIsNullAndRowQuarantined(string column, string? value)
    {
        var mapped = Map((column, value));

        mapped.Key.ShouldBeNull();
        mapped.Quarantined.ShouldBeTrue();
        Issue(mapped, "missing_key:" + column).Severity.ShouldBe(Severity.Blocking);
    }

    [Fact]
    public void Map_KeyFieldColumnAbsent_KeyIsNull()
    {
        var feed = Feed with { Key = ["CaseRef"] };

        var mapped = Map(feed, Row());

        mapped.Key.ShouldBeNull();
        mapped.Quarantined.ShouldBeTrue();
        Issue(mapped, "missing_key:CaseRef");
    }

    [Fact]
    public void Map_KeyFieldsContainingTheSeparator_DoNotCollide()
    {
        // Two different records must never share a key, or change detection merges them.
        var first = Map(("LA", "999|P"), ("PersonID", "001")).Key;
        var second = Map(("LA", "999"), ("PersonID", "P|001")).Key;

        first.ShouldNotBeNull();
        second.ShouldNotBeNull();
        first.ShouldNotBe(second);
    }

    [Theory]
    [InlineData("NHS", "9434765918", "nhs_number")]
    [InlineData("NHS", "943476591", "nhs_number")]
    [InlineData("UPN", "A801200005001", "upn")]
    [InlineData("UPN", "UN11", "upn")]
    [InlineData("ULN", "1000000042", "uln")]
    [InlineData("NINO", "QQ123456C", "nino")]
    [InlineData("Email", "john@", "email")]
    [InlineData("Phone", "123", "phone")]
    public void Map_InvalidIdentifier_WarnsKeepsTheRawValueAndLoads(string column, string raw, string attribute)
    {
        var mapped = Map((column, raw));

        var issue = Issue(mapped, "invalid_" + attribute + ":" + attribute);
        issue.Severity.ShouldBe(Severity.Warning);
        issue.Code.ShouldBe("invalid_" + attribute);
        mapped.Quarantined.ShouldBeFalse();
        var person = mapped.Record.Persons[0];
        person.InvalidIdentifiers.ShouldBe(new Dictionary<string, string>(StringComparer.Ordinal) { [attribute] = raw });
        var standard = attribute switch
        {
            "nhs_number" => person.NhsNumber,
            "upn" => person.Upn,
            "uln" => person.Uln,
            "nino" => person.Nino,
            "email" => person.Email,
            _ => person.Phone,
        };
        standard.ShouldBeNull();
    }

    [Theory]
    [InlineData("UN1")]
    [InlineData("un5")]
    [InlineData(" UN10 ")]
    public void Map_UpnPlaceholder_IsNeitherAUpnNorInvalid(string raw)
    {
        var mapped = Map(("UPN", raw));

        mapped.Issues.ShouldBeEmpty();
        mapped.Record.Persons[0].Upn.ShouldBeNull();
        mapped.Record.Persons[0].InvalidIdentifiers.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(Severity.Blocking, true)]
    [InlineData(Severity.Warning, false)]
    public void Map_IdentifierRule_SetsTheSeverityOfAnInvalidIdentifier(Severity severity, bool quarantined)
    {
        var feed = WithRules(new ValidationRule { Rule = "identifier", Attribute = "nhs_number", Severity = severity });

        var mapped = Map(feed, Row(("NHS", "9434765918")));

        Issue(mapped, "invalid_nhs_number:nhs_number").Severity.ShouldBe(severity);   // one issue, not two
        mapped.Quarantined.ShouldBe(quarantined);
    }

    [Fact]
    public void Map_IdentifierRuleAndValidIdentifier_NoIssue() =>
        Map(WithRules(new ValidationRule { Rule = "identifier", Attribute = "nhs_number", Severity = Severity.Blocking }), Row())
            .Issues.ShouldBeEmpty();

    [Theory]
    [InlineData("Surname", "", Severity.Blocking, true)]
    [InlineData("Surname", "   ", Severity.Blocking, true)]
    [InlineData("Surname", null, Severity.Blocking, true)]
    [InlineData("Surname", "", Severity.Warning, false)]
    [InlineData("Forename", "", Severity.Blocking, true)]
    public void Map_RequiredFieldMissing_IsMissingRequired(string column, string? value, Severity severity, bool quarantined)
    {
        var feed = WithRules(new ValidationRule { Rule = "required", Fields = ["Forename", "Surname"], Severity = severity });

        var mapped = Map(feed, Row((column, value)));

        Issue(mapped, "missing_required:" + column).Severity.ShouldBe(severity);
        mapped.Quarantined.ShouldBe(quarantined);
    }

    [Fact]
    public void Map_RequiredFieldAbsentColumn_IsMissingRequired() =>
        Issue(Map(WithRules(new ValidationRule { Rule = "required", Fields = ["CaseWorker"] }), Row()), "missing_required:CaseWorker");

    [Fact]
    public void Map_FormulaLikeName_IsFormulaLikeAndQuarantined()
    {
        var feed = WithRules(new ValidationRule { Rule = "no_formula", Severity = Severity.Blocking });

        var mapped = Map(feed, Row(("Forename", "=HYPERLINK(\"http://example.com\",\"Click\")")));

        Issue(mapped, "formula_like:Forename").Severity.ShouldBe(Severity.Blocking);
        mapped.Quarantined.ShouldBeTrue();
    }

    [Theory]
    [InlineData("=1+1", true)]
    [InlineData("=HYPERLINK(\"http://example.com\")", true)]
    [InlineData("@SUM(A1:A2)", true)]
    [InlineData("+cmd|' /C calc'!A0", true)]
    [InlineData("-cmd|' /C calc'!A0", true)]
    [InlineData("-A1", true)]
    [InlineData("\t=1+1", true)]
    [InlineData("\r=1+1", true)]
    [InlineData("-5.00", false)]
    [InlineData("+44 7700 900123", false)]
    [InlineData("- none -", false)]
    [InlineData("-.5", false)]
    [InlineData("--", false)]
    [InlineData("-", false)]
    [InlineData("+", false)]
    [InlineData("Smith", false)]
    [InlineData("a=b", false)]
    [InlineData("", false)]
    public void Map_NoFormulaRule_FlagsTextASpreadsheetWouldRun(string notes, bool flagged)
    {
        var feed = WithRules(new ValidationRule { Rule = "no_formula", Fields = ["Notes"] });

        var mapped = Map(feed, Row(("Notes", notes)));

        mapped.Issues.Any(i => i.Reason == "formula_like:Notes").ShouldBe(flagged);
    }

    [Fact]
    public void Map_NoFormulaRuleWithFields_ChecksOnlyThoseFields()
    {
        var feed = WithRules(new ValidationRule { Rule = "no_formula", Fields = ["Notes"] });

        Map(feed, Row(("Forename", "=1+1"))).Issues.ShouldBeEmpty();
    }

    [Fact]
    public void Map_ReaderProblems_AreBlockingAndNothingIsMapped()
    {
        var clean = Row();
        var row = clean with { Problems = ["field_count:14", "encoding"] };

        var mapped = Map(Feed, row);

        mapped.Quarantined.ShouldBeTrue();
        mapped.Key.ShouldBe("999|P001");
        mapped.Issues.Select(i => (i.Reason, i.Severity)).ShouldBe([("field_count:14", Severity.Blocking), ("encoding", Severity.Blocking)]);
        mapped.Issues[0].Code.ShouldBe("field_count");
        mapped.Issues[0].Field.ShouldBe("14");
        mapped.Record.Persons.ShouldBeEmpty();
        mapped.Record.Events.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("05.04.2015", "2015-04-05", null)]
    [InlineData("05/04/2015", "2015-04-05", null)]                    // a common format after the feed's own
    [InlineData("05/04/35", "1935-04-05", null)]                      // a birth's two-digit year is in the past
    [InlineData("01.01.2015", "2015-01-01", "placeholder_birth_date")]
    [InlineData("01.01.1900", null, "placeholder_birth_date")]        // the placeholder for an unknown date: flagged, not kept
    [InlineData("05.04.2030", null, "implausible_birth_date")]
    [InlineData("05.04.1890", null, "implausible_birth_date")]
    [InlineData("31.02.2015", null, "invalid_date")]
    [InlineData("unknown", null, "invalid_date")]
    public void Map_DateOfBirth_ParsedJudgedAndWarned(string raw, string? expected, string? issueCode)
    {
        var mapped = Map(("DOB", raw));

        var person = mapped.Record.Persons[0];
        person.DateOfBirthRaw.ShouldBe(raw);
        person.DateOfBirth.ShouldBe(expected is null ? null : DateOnly.ParseExact(expected, "yyyy-MM-dd"));
        mapped.Issues.Select(i => i.Reason).ShouldBe(issueCode is null ? [] : [issueCode + ":date_of_birth"]);
        mapped.Quarantined.ShouldBeFalse();
    }

    [Theory]
    [InlineData("05.04.2030", true)]
    [InlineData("05.04.2015", false)]
    [InlineData("01.01.2015", false)]    // a placeholder is not implausible
    [InlineData("01.01.1900", false)]
    public void Map_PlausibleBirthDateRule_BlocksAnImplausibleDate(string raw, bool quarantined)
    {
        var feed = WithRules(new ValidationRule { Rule = "plausible_birth_date", Severity = Severity.Blocking });

        Map(feed, Row(("DOB", raw))).Quarantined.ShouldBe(quarantined);
    }

    [Theory]
    [InlineData("QF1 2AB")]
    [InlineData("HF1")]
    [InlineData("n/k")]
    public void Map_InvalidPostcode_WarnsAndKeepsTheRawValue(string raw)
    {
        var mapped = Map(("Postcode", raw));

        var address = mapped.Record.Persons[0].Address!;
        address.Postcode.ShouldBeNull();
        address.PostcodeRaw.ShouldBe(raw);
        Issue(mapped, "invalid_postcode:postcode").Severity.ShouldBe(Severity.Warning);
    }

    [Fact]
    public void Map_PostcodeRule_RaisesAnInvalidPostcodeToItsSeverity()
    {
        var feed = WithRules(new ValidationRule { Rule = "postcode", Severity = Severity.Blocking });

        var mapped = Map(feed, Row(("Postcode", "QF1 2AB")));

        Issue(mapped, "invalid_postcode:postcode").Severity.ShouldBe(Severity.Blocking);
        mapped.Quarantined.ShouldBeTrue();
        Map(feed, Row()).Quarantined.ShouldBeFalse();
    }

    [Fact]
    public void Map_IdentifierRuleOnPostcode_RaisesAnInvalidPostcodeToItsSeverity()
    {
        // ValidationRule.Attribute lists postcode among the attributes an identifier rule can check.
        var feed = WithRules(new ValidationRule { Rule = "identifier", Attribute = "postcode", Severity = Severity.Blocking });

        var mapped = Map(feed, Row(("Postcode", "QF1 2AB")));

        Issue(mapped, "invalid_postcode:postcode").Severity.ShouldBe(Severity.Blocking);
        mapped.Quarantined.ShouldBeTrue();
    }

    [Fact]
    public void Map_IdentifierRuleOnDateOfBirth_QuarantinesADateThatFailsItsCheck()
    {
        // ValidationRule.Attribute lists date_of_birth among the attributes an identifier rule can check.
        var feed = WithRules(new ValidationRule { Rule = "identifier", Attribute = "date_of_birth", Severity = Severity.Blocking });

        Map(feed, Row(("DOB", "unknown"))).Quarantined.ShouldBeTrue();
        Map(feed, Row()).Quarantined.ShouldBeFalse();
    }

    [Fact]
    public void Map_SingleLineAddress_IsParsedAndMatched()
    {
        var feed = Feed with { Persons = [Child with { Address = new AddressSpec { SingleLine = FieldSpec.Of("Address") } }] };

        var mapped = Map(feed, Row(("Address", "Flat 3, Kestrel House, 12 Mill Lane, Ashby Vale, Hearthfield, hf1 2ab")));

        mapped.Issues.ShouldBeEmpty();
        var address = mapped.Record.Persons[0].Address!;
        address.Line1.ShouldBe("Flat 3, Kestrel House, 12 Mill Lane, Ashby Vale, Hearthfield, hf1 2ab");
        address.SubBuilding.ShouldBe("Flat 3");
        address.BuildingName.ShouldBe("Kestrel House");
        address.Number.ShouldBe("12");
        address.Street.ShouldBe("Mill Lane");
        address.Locality.ShouldBe("Ashby Vale");
        address.Town.ShouldBe("Hearthfield");
        address.Postcode.ShouldBe("HF1 2AB");
    }

    [Fact]
    public void Map_SingleLineAddressWithInvalidPostcode_WarnsAndKeepsTheRawValue()
    {
        // AddressRecord.PostcodeRaw: "the postcode as received, when it was not valid". A postcode received inside a
        // single-line address must not vanish without a word, or the postcode rule can never see it.
        var feed = Feed with
        {
            Persons = [Child with { Address = new AddressSpec { SingleLine = FieldSpec.Of("Address") } }],
            Validation = [new ValidationRule { Rule = "postcode", Severity = Severity.Blocking }],
        };
        var tally = new QualityTally();

        var mapped = Map(feed, Row(("Address", "12 Mill Lane, Hearthfield, QF1 2AB")), tally);

        var address = mapped.Record.Persons[0].Address!;
        address.Postcode.ShouldBeNull();
        address.PostcodeRaw.ShouldBe("QF1 2AB");
        Issue(mapped, "invalid_postcode:postcode").Severity.ShouldBe(Severity.Blocking);
        tally.Attributes["postcode"].Present.ShouldBe(1);
        tally.Attributes["postcode"].Valid.ShouldBe(0);
    }

    [Fact]
    public void Map_FullName_IsSplit()
    {
        var feed = Feed with { Persons = [Child with { Name = new NameSpec { Full = FieldSpec.Of("Name") } }] };

        var person = Map(feed, Row(("Name", " Mr John Smith "))).Record.Persons[0];

        person.Forename.ShouldBe("John");
        person.MiddleNames.ShouldBeNull();
        person.Surname.ShouldBe("Smith");
        person.SurnameKey.ShouldBe("SMITH");
        person.NameAsReceived.ShouldBe("Mr John Smith");
    }

    [Fact]
    public void Map_InitialsOnly_AreUpperCaseAndNoNameIsMade()
    {
        var feed = Feed with { Persons = [Child with { Name = new NameSpec { Initials = FieldSpec.Of("Init") } }] };

        var person = Map(feed, Row(("Init", "js"))).Record.Persons[0];

        person.Initials.ShouldBe("JS");
        person.Forename.ShouldBeNull();
        person.Surname.ShouldBeNull();
        person.NameAsReceived.ShouldBeNull();
    }

    [Fact]
    public void Map_PreferredNames_AreDisplayCased()
    {
        var name = Child.Name! with { PreferredForename = FieldSpec.Of("Known"), PreferredSurname = FieldSpec.Of("KnownSurname") };
        var feed = Feed with { Persons = [Child with { Name = name }] };

        var person = Map(feed, Row(("Known", "JACK"), ("KnownSurname", "mcdonald"))).Record.Persons[0];

        person.PreferredForename.ShouldBe("Jack");
        person.PreferredSurname.ShouldBe("McDonald");
        person.Forename.ShouldBe("John");
    }

    [Theory]
    [InlineData("Male", "M")]
    [InlineData(" female ", "F")]   // trimmed before the lookup
    [InlineData("2", "F")]
    [InlineData("9", "I")]
    [InlineData("0", "U")]
    public void Map_Sex_UsesTheBuiltInMap(string raw, string expected) =>
        Map(("Gender", raw)).Record.Persons[0].Sex.ShouldBe(expected);

    [Theory]
    [InlineData("White \u2013 British")]
    [InlineData("white-british")]
    public void Map_EthnicityLabelWithAnotherDash_IsMappedAndPassesTheCodeRule(string raw)
    {
        var mapped = Map(WithRules(new ValidationRule { Rule = "code", Fields = ["Ethnicity"], Map = "ethnicity", Severity = Severity.Blocking }), Row(("Ethnicity", raw)));

        mapped.Record.Persons[0].Ethnicity.ShouldBe("WBRI");
        mapped.Issues.ShouldBeEmpty();
    }

    [Fact]
    public void Map_UnknownSexCode_WarnsAndDropsTheValue()
    {
        var mapped = Map(("Gender", "Q"));

        mapped.Record.Persons[0].Sex.ShouldBeNull();
        Issue(mapped, "unknown_code:Gender").Severity.ShouldBe(Severity.Warning);
    }

    [Theory]
    [InlineData("A1", "WBRI")]
    [InlineData("a1", "WBRI")]      // feed maps ignore case
    [InlineData(" b2 ", "APKN")]
    public void Map_FeedCodeMap_IsUsedIgnoringCase(string raw, string expected)
    {
        var feed = FeedWithEthnicityMap();

        var mapped = Map(feed, Row(("Ethnicity", raw)));

        mapped.Record.Persons[0].Ethnicity.ShouldBe(expected);
        mapped.Issues.ShouldBeEmpty();
    }

    [Fact]
    public void Map_FeedCodeMapUnknownCode_WarnsAndDropsTheValue()
    {
        var mapped = Map(FeedWithEthnicityMap(), Row(("Ethnicity", "White - British")));   // a built-in label, but not in the feed's map

        mapped.Record.Persons[0].Ethnicity.ShouldBeNull();
        var issue = Issue(mapped, "unknown_code:Ethnicity");
        issue.Severity.ShouldBe(Severity.Warning);
        issue.Detail.ShouldContain("local_ethnicity");
    }

    [Fact]
    public void Map_CodeMappedToEmpty_IsNoValueAndNoIssue()
    {
        var mapped = Map(FeedWithEthnicityMap(), Row(("Ethnicity", "ZZ")));

        mapped.Record.Persons[0].Ethnicity.ShouldBeNull();
        mapped.Issues.ShouldBeEmpty();
    }

    [Fact]
    public void Map_FeedMapNamedLikeABuiltIn_TakesPrecedence()
    {
        var feed = Feed with { CodeMaps = SexOverride() };

        var mapped = Map(feed, Row(("Gender", "a")));

        mapped.Record.Persons[0].Sex.ShouldBe("M");
        mapped.Issues.ShouldBeEmpty();
    }

    [Fact]
    public void Map_CodeRuleWithFeedMapNamedLikeABuiltIn_ChecksTheFeedMap()
    {
        // The mapper uses the feed's own "sex" map first; the code rule must check against the same map, or every
        // local code the feed defines is reported as unknown.
        var feed = Feed with
        {
            CodeMaps = SexOverride(),
            Validation = [new ValidationRule { Rule = "code", Fields = ["Gender"], Map = "sex", Severity = Severity.Blocking }],
        };

        var mapped = Map(feed, Row(("Gender", "A")));

        mapped.Record.Persons[0].Sex.ShouldBe("M");
        mapped.Issues.ShouldBeEmpty();
        mapped.Quarantined.ShouldBeFalse();
    }

    [Theory]
    [InlineData("White - British", false)]
    [InlineData("wbri", false)]
    [InlineData("Martian", true)]
    public void Map_CodeRuleWithBuiltInMap_RaisesUnknownCodes(string raw, bool quarantined)
    {
        var feed = WithRules(new ValidationRule { Rule = "code", Fields = ["Ethnicity"], Map = "ethnicity", Severity = Severity.Blocking });

        var mapped = Map(feed, Row(("Ethnicity", raw)));

        mapped.Quarantined.ShouldBe(quarantined);
        mapped.Issues.Count(i => i.Reason == "unknown_code:Ethnicity").ShouldBe(quarantined ? 1 : 0);
    }

    [Theory]
    [InlineData("20240102")]          // a date, but not in the rule's format
    [InlineData("2024-01-02")]
    [InlineData("31/02/2024")]
    [InlineData("next week")]
    public void Map_DateRule_ValueNotInTheRuleFormats_IsInvalidDate(string raw)
    {
        var feed = WithRules(new ValidationRule { Rule = "date", Fields = ["Seen"], Formats = ["dd/MM/yyyy"], Severity = Severity.Blocking });

        var mapped = Map(feed, Row(("Seen", raw)));

        Issue(mapped, "invalid_date:Seen").Severity.ShouldBe(Severity.Blocking);
    }

    [Theory]
    [InlineData("02/01/2024")]
    [InlineData(" 02/01/2024 ")]
    [InlineData("")]                  // blank is for the required rule
    public void Map_DateRule_ValueInTheRuleFormats_NoIssue(string raw)
    {
        var feed = WithRules(new ValidationRule { Rule = "date", Fields = ["Seen"], Formats = ["dd/MM/yyyy"], Severity = Severity.Blocking });

        Map(feed, Row(("Seen", raw))).Issues.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("O'Brien", 7, false)]
    [InlineData("O'Brien", 6, true)]
    [InlineData("  O'Brien  ", 7, false)]   // trimmed first
    public void Map_MaxLengthRule_FlagsLongValues(string surname, int maxLength, bool tooLong)
    {
        var feed = WithRules(new ValidationRule { Rule = "max_length", Fields = ["Surname"], MaxLength = maxLength });

        Map(feed, Row(("Surname", surname))).Issues.Any(i => i.Reason == "too_long:Surname").ShouldBe(tooLong);
    }

    [Theory]
    [InlineData("P001", false)]
    [InlineData(" P001 ", false)]
    [InlineData("X1", true)]
    [InlineData("P0001", true)]
    public void Map_PatternRule_FlagsValuesOfTheWrongForm(string id, bool mismatch)
    {
        var feed = WithRules(new ValidationRule { Rule = "pattern", Fields = ["PersonID"], Pattern = "^P[0-9]{3}$" });

        Map(feed, Row(("PersonID", id))).Issues.Any(i => i.Reason == "pattern_mismatch:PersonID").ShouldBe(mismatch);
    }

    [Theory]
    [InlineData("upper", "  Mill lane ", "MILL LANE")]
    [InlineData("lower", "MILL Lane", "mill lane")]
    [InlineData("title", "MILL LANE", "Mill Lane")]
    [InlineData("digits", "+44 (0) 7700-900123", "4407700900123")]
    [InlineData("first_word", "Sarah Jane Jones", "Sarah")]
    [InlineData("rest_words", "Sarah  Jane Jones", "Jane Jones")]
    [InlineData("before_comma", "JONES , Sarah", "JONES")]
    [InlineData("after_comma", "JONES, Sarah Jane", "Sarah Jane")]
    [InlineData("collapse_spaces", "Sarah   Jane", "Sarah Jane")]
    [InlineData("first_letter", "Sarah", "S")]
    [InlineData("second_letter", "Sarah", "a")]
    [InlineData("without_brackets", "Jack (7)", "Jack")]
    [InlineData("without_brackets", "Mary (aged 7) Ann", "Mary Ann")]
    [InlineData("in_brackets", "Jack ( 7 )", "7")]
    [InlineData("in_brackets", "Jack (7) (twin)", "7")]
    public void Map_Transform_AppliesToTheValue(string transform, string raw, string expected) =>
        TransformedAttribute(raw, transform).ShouldBe(expected);

    [Theory]
    [InlineData("after_comma", "Sarah Jones")]    // no comma: nothing after it
    [InlineData("rest_words", "Sarah")]
    [InlineData("digits", "none")]
    [InlineData("second_letter", "S")]
    [InlineData("in_brackets", "Jack")]
    [InlineData("without_brackets", "(7)")]
    public void Map_TransformLeavingNothing_IsNoValue(string transform, string raw) =>
        TransformedAttribute(raw, transform).ShouldBeNull();

    [Fact]
    public void Map_TransformsInOrder_AreChained() =>
        TransformedAttribute("JONES, sarah jane", "after_comma", "first_word", "title").ShouldBe("Sarah");

    [Fact]
    public void Map_NamesInOneFieldWithTransforms_AreSplit()
    {
        var name = new NameSpec
        {
            Forenames = new FieldSpec { Field = "Name", Transforms = ["after_comma"] },
            Surname = new FieldSpec { Field = "Name", Transforms = ["before_comma"] },
        };
        var feed = Feed with { Persons = [Child with { Name = name }] };

        var person = Map(feed, Row(("Name", "SMITH-JONES, AMELIA ROSE"))).Record.Persons[0];

        person.Forename.ShouldBe("Amelia");
        person.MiddleNames.ShouldBe("Rose");
        person.Surname.ShouldBe("Smith-Jones");
    }

    [Theory]
    [InlineData("{Forename} {Surname}", "JOHN o'brien")]
    [InlineData("ref-{PersonID}", "ref-P001")]
    [InlineData("{Missing} {PersonID}", "P001")]
    [InlineData("{Missing}", null)]              // nothing filled: no value
    [InlineData("{Missing}-{Other}", null)]
    public void Map_Template_FillsFromTheRow(string template, string? expected)
    {
        var feed = Feed with { Events = [Feed.Events[0] with { Attributes = new Dictionary<string, FieldSpec>(StringComparer.Ordinal) { ["x"] = new() { Template = template } } }] };

        Map(feed, Row()).Record.Events[0].Attributes.GetValueOrDefault("x").ShouldBe(expected);
    }

    [Fact]
    public void Map_ConstantValue_IsUsed()
    {
        var feed = Feed with { Persons = [Child with { Role = new FieldSpec { Value = "subject" } }] };

        Map(feed, Row()).Record.Persons[0].Role.ShouldBe("subject");
    }

    [Fact]
    public void Map_XmlWithEach_MakesOnePersonAndEventPerMember()
    {
        var feed = new FeedDefinition
        {
            Name = "early_help",
            System = "ehm",
            LawfulBasis = new LawfulBasis { Article6 = "public_task" },
            TrustRank = 20,
            Format = new FormatSpec { Type = FormatType.Xml, RecordPath = "/Families/Family" },
            Key = ["FamilyID"],
            Persons =
            [
                new PersonSpec
                {
                    Slot = "member:{PersonID}",
                    Each = "Members/Member",
                    LocalId = new FieldSpec { Template = "{../../FamilyID}-{PersonID}" },
                    Role = FieldSpec.Of("@role"),
                    Name = new NameSpec { Full = FieldSpec.Of("Name") },
                    DateOfBirth = FieldSpec.Of("DOB"),
                    NhsNumber = FieldSpec.Of("NHS"),
                },
            ],
            Events =
            [
                new EventSpec
                {
                    Type = "early_help_episode",
                    Each = "Members/Member",
                    When = "StartDate",
                    Person = "member:{PersonID}",
                    Date = FieldSpec.Of("StartDate"),
                    Attributes = new Dictionary<string, FieldSpec>(StringComparer.Ordinal) { ["family"] = FieldSpec.Of("../../FamilyID") },
                },
            ],
        };
        var family = XElement.Parse("""
            <Family>
              <FamilyID>F42</FamilyID>
              <Members>
                <Member role="parent"><PersonID>EHP000123</PersonID><Name>Mrs Sarah JONES</Name><DOB>1990-03-04</DOB><NHS>999 000 0018</NHS></Member>
                <Member role="child"><PersonID>EHP000124</PersonID><Name>Amy Jones</Name><DOB>12/06/2018</DOB><StartDate>2025-03-01</StartDate></Member>
              </Members>
            </Family>
            """);

        var mapped = new RecordMapper(feed, null, Today).Map(new SourceRow(3, family.ToString(), new XmlNode(family)));

        mapped.Key.ShouldBe("F42");
        mapped.Issues.ShouldBeEmpty();
        mapped.Record.Persons.Select(p => p.Slot).ShouldBe(["member:EHP000123", "member:EHP000124"]);
        mapped.Record.Persons.Select(p => p.LocalId).ShouldBe(["F42-EHP000123", "F42-EHP000124"]);
        mapped.Record.Persons.Select(p => p.Role).ShouldBe(["parent", "child"]);
        mapped.Record.Persons.Select(p => p.Surname).ShouldBe(["Jones", "Jones"]);   // each part is cased on its own
        mapped.Record.Persons.Select(p => p.DateOfBirth).ShouldBe([new DateOnly(1990, 3, 4), new DateOnly(2018, 6, 12)]);
        mapped.Record.Persons[0].NhsNumber.ShouldBe("9990000018");
        var episode = mapped.Record.Events.ShouldHaveSingleItem();   // the parent has no start date
        episode.PersonSlot.ShouldBe("member:EHP000124");
        episode.Date.ShouldBe(new DateOnly(2025, 3, 1));
        episode.Attributes["family"].ShouldBe("F42");
    }

    [Fact]
    public void Map_PersonWhen_SkipsABlankSecondPerson()
    {
        var carer = new PersonSpec { Slot = "carer2", When = "Carer2Surname", Name = new NameSpec { Surname = FieldSpec.Of("Carer2Surname") } };
        var feed = Feed with { Persons = [Child, carer] };

        Map(feed, Row(("Carer2Surname", " "))).Record.Persons.Select(p => p.Slot).ShouldBe(["child"]);
        Map(feed, Row(("Carer2Surname", "Smith"))).Record.Persons.Select(p => p.Slot).ShouldBe(["child", "carer2"]);
    }

    [Fact]
    public void Map_Relationship_LinksTheSlots()
    {
        var mother = new PersonSpec { Slot = "mother", Name = new NameSpec { Full = FieldSpec.Of("MotherName") } };
        var feed = Feed with
        {
            Persons = [Child, mother],
            Relationships = [new RelationshipSpec { Type = "parent_of", From = "mother", To = "child", StartDate = FieldSpec.Of("DOB") }],
        };

        var relationship = Map(feed, Row(("MotherName", "Sarah O'Brien"), ("DOB", "05/04/2015"))).Record.Relationships.ShouldHaveSingleItem();

        relationship.Type.ShouldBe("parent_of");
        relationship.FromSlot.ShouldBe("mother");
        relationship.ToSlot.ShouldBe("child");
        relationship.Start.ShouldBe(new DateOnly(2015, 4, 5));
        relationship.End.ShouldBeNull();
    }

    [Theory]
    [InlineData("100012345678", "hf1 2ab", false)]
    [InlineData("x", "hf1 2ab", true)]
    [InlineData("100012345678", "QF1 2AB", true)]
    public void Map_GazetteerRecord_NeedsAValidUprnAndPostcode(string uprn, string postcode, bool quarantined)
    {
        var feed = new FeedDefinition
        {
            Name = "gazetteer",
            System = "llpg",
            LawfulBasis = new LawfulBasis { Article6 = "public_task" },
            TrustRank = 1,
            Format = new FormatSpec { Type = FormatType.Csv },
            Key = ["UPRN"],
            Property = new PropertySpec
            {
                Uprn = FieldSpec.Of("UPRN"),
                ParentUprn = FieldSpec.Of("PARENT"),
                Pao = FieldSpec.Of("PAO"),
                Street = FieldSpec.Of("STREET"),
                Postcode = FieldSpec.Of("POSTCODE"),
                Easting = FieldSpec.Of("E"),
            },
        };
        var columns = FlatNode.Index(["UPRN", "PARENT", "PAO", "STREET", "POSTCODE", "E"]);
        var row = new SourceRow(2, "raw", new FlatNode(columns, [uprn, "", "12", "Mill Lane", postcode, "431000"]));

        var mapped = new RecordMapper(feed, null, Today).Map(row);

        mapped.Quarantined.ShouldBe(quarantined);
        if (!quarantined)
        {
            mapped.Record.Property.ShouldBe(new PropertyRecord(100012345678, null, null, null, "12", "Mill Lane", null, null, "HF1 2AB", 431000, null, null));
        }
        else
        {
            mapped.Record.Property.ShouldBeNull();
        }
    }

    private static string? TransformedAttribute(string raw, params string[] transforms)
    {
        var spec = new FieldSpec { Field = "Raw", Transforms = transforms };
        var feed = Feed with { Events = [Feed.Events[0] with { Attributes = new Dictionary<string, FieldSpec>(StringComparer.Ordinal) { ["x"] = spec } }] };
        return Map(feed, Row(("Raw", raw))).Record.Events[0].Attributes.GetValueOrDefault("x");
    }

    private static FeedDefinition FeedWithEthnicityMap() => Feed with
    {
        Persons = [Child with { Ethnicity = new FieldSpec { Field = "Ethnicity", Map = "local_ethnicity" } }],
        CodeMaps = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
        {
            ["local_ethnicity"] = new Dictionary<string, string>(StringComparer.Ordinal) { ["A1"] = "WBRI", ["B2"] = "APKN", ["ZZ"] = "" },
        },
    };

    private static Dictionary<string, IReadOnlyDictionary<string, string>> SexOverride() => new(StringComparer.Ordinal)
    {
        ["sex"] = new Dictionary<string, string>(StringComparer.Ordinal) { ["A"] = "M", ["B"] = "F" },
    };
}
