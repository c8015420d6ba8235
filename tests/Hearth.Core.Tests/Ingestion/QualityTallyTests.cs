using Hearth.Core.Ingestion;

namespace Hearth.Core.Tests.Ingestion;

public class QualityTallyTests
{
    [Fact]
    public void Observe_Chances_CountsTotalPresentAndValid()
    {
        var tally = new QualityTally();

        tally.Observe("nhs_number", present: true, valid: true);
        tally.Observe("nhs_number", present: true, valid: false);
        tally.Observe("nhs_number", present: false, valid: false);
        tally.Observe("nhs_number", present: false, valid: true);   // not present, so not counted as valid

        var counts = tally.Attributes["nhs_number"];
        counts.Total.ShouldBe(4);
        counts.Present.ShouldBe(2);
        counts.Valid.ShouldBe(1);
        counts.Completeness.ShouldBe(0.5);
        counts.Validity.ShouldBe(0.5);
    }

    [Fact]
    public void AttributeCounts_Empty_IsZeroNotNaN()
    {
        var counts = new AttributeCounts();

        counts.Completeness.ShouldBe(0);
        counts.Validity.ShouldBe(0);
    }

    [Fact]
    public void Attributes_AreSortedByName()
    {
        var tally = new QualityTally();
        tally.Observe("surname", true, true);
        tally.Observe("date_of_birth", true, true);
        tally.Observe("key", true, true);

        tally.Attributes.Keys.ShouldBe(["date_of_birth", "key", "surname"]);
    }

    [Fact]
    public void Count_Quarantined_CountsEachBlockingReasonOncePerRow()
    {
        var tally = new QualityTally();
        RecordIssue[] issues =
        [
            new("missing_required", "Surname", Severity.Blocking, "x"),
            new("missing_required", "Surname", Severity.Blocking, "again"),
            new("invalid_nhs_number", "nhs_number", Severity.Warning, "x"),
            new("encoding", "", Severity.Blocking, "x"),
        ];

        tally.Count(issues, quarantined: true);
        tally.Count(issues, quarantined: true);

        tally.QuarantineReasons.ShouldBe(new SortedDictionary<string, long>(StringComparer.Ordinal) { ["encoding"] = 2, ["missing_required:Surname"] = 2 });
        tally.WarningReasons.ShouldBeEmpty();
    }

    [Fact]
    public void Count_Loaded_CountsOnlyWarnings()
    {
        var tally = new QualityTally();

        tally.Count([new("invalid_nhs_number", "nhs_number", Severity.Warning, "x"), new("unknown_code", "Gender", Severity.Warning, "x")], quarantined: false);
        tally.Count([new("invalid_nhs_number", "nhs_number", Severity.Warning, "x")], quarantined: false);

        tally.WarningReasons.ShouldBe(new SortedDictionary<string, long>(StringComparer.Ordinal) { ["invalid_nhs_number:nhs_number"] = 2, ["unknown_code:Gender"] = 1 });
        tally.QuarantineReasons.ShouldBeEmpty();
    }

    [Fact]
    public void Map_SeveralRows_MeasuresCompletenessAndValidity()
    {
        var feed = new FeedDefinition
        {
            Name = "children",
            System = "test",
            LawfulBasis = new LawfulBasis { Article6 = "public_task" },
            TrustRank = 10,
            Format = new FormatSpec { Type = FormatType.Csv },
            Key = ["Id"],
            Persons =
            [
                new PersonSpec
                {
                    Slot = "child",
                    Name = new NameSpec { Forename = FieldSpec.Of("Forename"), Surname = FieldSpec.Of("Surname") },
                    DateOfBirth = FieldSpec.Of("DOB"),
                    Sex = FieldSpec.Of("Sex"),
                    NhsNumber = FieldSpec.Of("NHS"),
                    Upn = FieldSpec.Of("UPN"),
                    Address = new AddressSpec { Line1 = FieldSpec.Of("Line1"), Postcode = FieldSpec.Of("Postcode") },
                },
            ],
            Events = [new EventSpec { Type = "referral", Person = "child", Date = FieldSpec.Of("Referred") }],
        };
        var columns = FlatNode.Index(["Id", "Forename", "Surname", "DOB", "Sex", "NHS", "UPN", "Line1", "Postcode", "Referred"]);
        string?[][] rows =
        [
            ["1", "Amy", "Jones", "05/04/2015", "F", "9434765919", "B801200005001", "12 Mill Lane", "HF1 2AB", "02/01/2025"],
            ["2", "Ben", "Smith", "05/04/2030", "Q", "9434765918", "UN2", "14 Mill Lane", "QF1 2AB", "whenever"],
            ["", "", "Khan", "", "", "", "", "", "", ""],
        ];
        var tally = new QualityTally();
        var mapper = new RecordMapper(feed, null, new DateOnly(2026, 9, 1));

        foreach (var (values, i) in rows.Select((r, i) => (r, i)))
        {
            var mapped = mapper.Map(new SourceRow(i + 2, string.Join(",", values), new FlatNode(columns, values)), tally);
            tally.Count(mapped.Issues, mapped.Quarantined);
        }

        Counts(tally, "key").ShouldBe((3, 2, 2));
        Counts(tally, "forename").ShouldBe((3, 3, 2));        // present means some name was received
        Counts(tally, "surname").ShouldBe((3, 3, 3));
        Counts(tally, "date_of_birth").ShouldBe((3, 2, 1));
        Counts(tally, "sex").ShouldBe((3, 2, 1));
        Counts(tally, "nhs_number").ShouldBe((3, 2, 1));
        Counts(tally, "upn").ShouldBe((3, 2, 1));             // UN2 is present but not a UPN
        Counts(tally, "postcode").ShouldBe((3, 2, 1));
        Counts(tally, "uprn").ShouldBe((3, 0, 0));
        Counts(tally, "event:referral").ShouldBe((3, 2, 1));
        tally.Attributes["nhs_number"].Completeness.ShouldBe(2.0 / 3, 1e-9);
        tally.Attributes["nhs_number"].Validity.ShouldBe(0.5);
        tally.QuarantineReasons.ShouldBe(new SortedDictionary<string, long>(StringComparer.Ordinal) { ["missing_key:Id"] = 1 });
        tally.WarningReasons.Keys.ShouldBe(
        [
            "implausible_birth_date:date_of_birth", "invalid_date:Referred", "invalid_nhs_number:nhs_number", "invalid_postcode:postcode", "unknown_code:Sex",
        ]);
    }

    private static (long Total, long Present, long Valid) Counts(QualityTally tally, string attribute)
    {
        var counts = tally.Attributes[attribute];
        return (counts.Total, counts.Present, counts.Valid);
    }
}
