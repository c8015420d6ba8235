using System.Text.Json;
using System.Xml.Linq;
using Hearth.Core.Ingestion;

namespace Hearth.Core.Tests.Ingestion;

/// <summary>Repeated parts (each path and split), conditions (when), join, dates in attributes and slots that name nobody.</summary>
public class RecordMapperPartsTests
{
    private static readonly DateOnly Today = new(2026, 9, 1);

    private static Dictionary<string, FieldSpec> Attributes(params (string Name, FieldSpec Spec)[] specs) =>
        specs.ToDictionary(s => s.Name, s => s.Spec, StringComparer.Ordinal);

    private static FeedDefinition Feed(FormatType format, string key, PersonSpec[] persons, EventSpec[]? events = null, RelationshipSpec[]? relationships = null) => new()
    {
        Name = "feed",
        System = "test",
        LawfulBasis = new LawfulBasis { Article6 = "public_task" },
        TrustRank = 10,
        Format = new FormatSpec { Type = format, RecordPath = format == FormatType.Csv ? null : "$" },
        Key = [key],
        Persons = persons,
        Events = events ?? [],
        Relationships = relationships ?? [],
    };

    private static MappedRecord MapRow(FeedDefinition feed, params (string Column, string? Value)[] cells)
    {
        var node = new FlatNode(FlatNode.Index([.. cells.Select(c => c.Column)]), [.. cells.Select(c => c.Value)]);
        return new RecordMapper(feed, null, Today).Map(new SourceRow(2, "raw", node));
    }

    private static MappedRecord MapJson(FeedDefinition feed, string json)
    {
        using var document = JsonDocument.Parse(json);
        return new RecordMapper(feed, null, Today).Map(new SourceRow(1, json, new JsonNode(document.RootElement.Clone())));
    }

    private static MappedRecord MapXml(FeedDefinition feed, string xml)
    {
        var element = XElement.Parse(xml);
        return new RecordMapper(feed, null, Today).Map(new SourceRow(1, xml, new XmlNode(element)));
    }

    // The MARAC layout: the children of the household as free text, "None known" when there are none.
    private static readonly FeedDefinition Marac = Feed(
        FormatType.Csv,
        "Case No",
        [
            new PersonSpec { Slot = "victim", Name = new NameSpec { Full = FieldSpec.Of("Victim Name") } },
            new PersonSpec
            {
                Slot = "child:{#}",
                Each = new EachSpec { Split = "Children", Separator = "," },
                When = new ConditionSpec { Field = ".", Not = ["None known", "N/A"] },
                Role = new FieldSpec { Value = "child" },
                Name = new NameSpec { Forename = new FieldSpec { Field = ".", Transforms = ["without_brackets"] } },
            },
        ],
        [
            new EventSpec
            {
                Type = "marac_case",
                Each = new EachSpec { Split = "Children", Separator = "," },
                When = new ConditionSpec { Field = ".", Not = ["None known", "N/A"] },
                Person = "child:{#}",
                Date = FieldSpec.Of("../MARAC Date"),
                Attributes = Attributes(("age", new FieldSpec { Field = ".", Transforms = ["in_brackets"] }), ("case_no", FieldSpec.Of("../Case No"))),
            },
        ]);

    private static MappedRecord MapMarac(string? children) =>
        MapRow(Marac, ("Case No", "MARAC-00014"), ("Victim Name", "Sarah Jones"), ("MARAC Date", "2025-03-06"), ("Children", children));

    [Fact]
    public void Map_SplitField_MakesOnePersonAndEventPerValue()
    {
        var mapped = MapMarac("Jack (7), William (2), Max (2)");

        mapped.Issues.ShouldBeEmpty();
        mapped.Record.Persons.Select(p => (p.Slot, p.Forename, p.Role)).ShouldBe(
            [("victim", "Sarah", null), ("child:1", "Jack", "child"), ("child:2", "William", "child"), ("child:3", "Max", "child")]);
        mapped.Record.Events.Select(e => (e.PersonSlot, e.Attributes["age"], e.Attributes["case_no"])).ShouldBe(
            [("child:1", "7", "MARAC-00014"), ("child:2", "2", "MARAC-00014"), ("child:3", "2", "MARAC-00014")]);
        mapped.Record.Events.ShouldAllBe(e => e.Date == new DateOnly(2025, 3, 6));
    }

    [Theory]
    [InlineData("None known")]
    [InlineData(" none KNOWN ")]      // trimmed, ignoring case
    [InlineData("None  known")]       // and a doubled space
    [InlineData("N/A")]
    [InlineData("")]
    [InlineData(" , ")]              // only empty values: no parts
    [InlineData(null)]
    public void Map_SplitFieldSayingNone_MakesNoChild(string? children)
    {
        var mapped = MapMarac(children);

        mapped.Record.Persons.Select(p => p.Slot).ShouldBe(["victim"]);
        mapped.Record.Events.ShouldBeEmpty();
        mapped.Issues.ShouldBeEmpty();
    }

    [Fact]
    public void Map_SplitFieldWithEmptyValues_NumbersOnlyTheValues() =>
        MapMarac("Jack (7),, Ella (3),").Record.Persons.Select(p => p.Slot).ShouldBe(["victim", "child:1", "child:2"]);

    [Fact]
    public void Map_PositionOfAPart_IsCountedBeforeTheCondition()
    {
        // child:2 is the second value the source listed, whatever the condition made of the first.
        var mapped = MapMarac("N/A, Ella (3)");

        mapped.Record.Persons.Select(p => p.Slot).ShouldBe(["victim", "child:2"]);
        mapped.Record.Events.ShouldHaveSingleItem().PersonSlot.ShouldBe("child:2");
    }

    [Theory]
    [InlineData("Son", true)]
    [InlineData("daughter ", true)]
    [InlineData("Partner", false)]
    [InlineData("", false)]
    public void Map_WhenIn_AppliesOnlyToTheListedValues(string relationship, bool applies)
    {
        var feed = Feed(
            FormatType.Csv,
            "Id",
            [
                new PersonSpec { Slot = "carer", Name = new NameSpec { Surname = FieldSpec.Of("Carer") } },
                new PersonSpec { Slot = "member", Name = new NameSpec { Surname = FieldSpec.Of("Member") } },
            ],
            relationships: [new RelationshipSpec { Type = "parent_of", When = new ConditionSpec { Field = "Relationship", In = ["Son", "Daughter"] }, From = "carer", To = "member" }]);

        var mapped = MapRow(feed, ("Id", "1"), ("Carer", "Jones"), ("Member", "Jones"), ("Relationship", relationship));

        mapped.Record.Relationships.Count.ShouldBe(applies ? 1 : 0);
    }

    [Theory]
    [InlineData("Smith", true)]
    [InlineData("Not known", false)]
    [InlineData(" ", false)]          // a blank value never applies
    public void Map_WhenNot_SkipsThePlaceholders(string? surname, bool applies)
    {
        var feed = Feed(
            FormatType.Csv,
            "Id",
            [
                new PersonSpec { Slot = "child", Name = new NameSpec { Surname = FieldSpec.Of("Surname") } },
                new PersonSpec { Slot = "parent", When = new ConditionSpec { Field = "Parent", Not = ["not known"] }, Name = new NameSpec { Surname = FieldSpec.Of("Parent") } },
            ]);

        MapRow(feed, ("Id", "1"), ("Surname", "Jones"), ("Parent", surname)).Record.Persons.Any(p => p.Slot == "parent").ShouldBe(applies);
    }

    private const string Family = """
        {
          "caseId": "EH1",
          "members": [
            { "personId": "P1", "role": "Adult", "relationshipToMainCarer": "Partner", "surname": "Demir", "gender": "Male" },
            { "personId": "P2", "role": "Main carer", "relationshipToMainCarer": "Self", "surname": "Ozer", "gender": "Female" },
            { "personId": "P3", "role": "Child", "relationshipToMainCarer": "Son", "surname": "Demir", "gender": "Male" }
          ]
        }
        """;

    private static readonly PersonSpec Member = new()
    {
        Slot = "member:{personId}",
        Each = "members",
        LocalId = FieldSpec.Of("personId"),
        Name = new NameSpec { Surname = FieldSpec.Of("surname") },
    };

    private const string MainCarer = "member:{../members[role=Main carer].personId}";

    [Fact]
    public void Map_RelationshipToASlotNamedFromTheRecord_LinksEachMemberToTheMainCarer()
    {
        var feed = Feed(
            FormatType.JsonLines,
            "caseId",
            [Member],
            relationships:
            [
                new RelationshipSpec
                {
                    Each = "members",
                    When = new ConditionSpec { Field = "relationshipToMainCarer", In = ["Son", "Daughter"] },
                    TypeField = new FieldSpec { Field = "../members[role=Main carer].gender", Map = "parent_by_sex" },
                    From = MainCarer,
                    To = "member:{personId}",
                },
                new RelationshipSpec { Type = "partner_of", Each = "members", When = new ConditionSpec { Field = "relationshipToMainCarer", In = ["Partner"] }, From = "member:{personId}", To = MainCarer },
            ]) with
        {
            CodeMaps = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
            {
                ["parent_by_sex"] = new Dictionary<string, string>(StringComparer.Ordinal) { ["Female"] = "mother_of", ["Male"] = "father_of" },
            },
        };

        var mapped = MapJson(feed, Family);

        mapped.Issues.ShouldBeEmpty();
        mapped.Record.Relationships.Select(r => (r.Type, r.FromSlot, r.ToSlot)).ShouldBe(
            [("mother_of", "member:P2", "member:P3"), ("partner_of", "member:P1", "member:P2")]);
    }

    [Fact]
    public void Map_RelationshipToASlotNoPersonHas_IsLeftOutWithAWarning()
    {
        var feed = Feed(
            FormatType.JsonLines,
            "caseId",
            [Member],
            relationships: [new RelationshipSpec { Type = "partner_of", Each = "members", When = "relationshipToMainCarer", From = "member:{personId}", To = "member:{../members[role=Guardian].personId}" }]);

        var mapped = MapJson(feed, Family);

        mapped.Record.Relationships.ShouldBeEmpty();
        var issue = mapped.Issues.ShouldHaveSingleItem();   // one finding, however many members
        issue.Reason.ShouldBe("unknown_slot:member:{../members[role=Guardian].personId}");
        issue.Severity.ShouldBe(Severity.Warning);
        issue.Detail.ShouldContain("'member:'");
        mapped.Quarantined.ShouldBeFalse();
    }

    [Fact]
    public void Map_EventForASlotNoPersonHas_IsLeftOutWithAWarning()
    {
        var feed = Feed(
            FormatType.JsonLines,
            "caseId",
            [Member with { When = new ConditionSpec { Field = "role", Not = ["Child"] } }],
            [new EventSpec { Type = "episode", Each = "members", Person = "member:{personId}", Date = new FieldSpec { Value = "2025-01-01" } }]);

        var mapped = MapJson(feed, Family);

        mapped.Record.Events.Select(e => e.PersonSlot).ShouldBe(["member:P1", "member:P2"]);
        mapped.Issues.ShouldHaveSingleItem().Reason.ShouldBe("unknown_slot:member:{personId}");
    }

    [Fact]
    public void Map_EachPath_GivesEveryPartItsPosition()
    {
        var feed = Feed(
            FormatType.JsonLines,
            "caseId",
            [Member with { Slot = "member:{#}", LocalId = new FieldSpec { Template = "{../caseId}-{#}" } }]);

        var persons = MapJson(feed, Family).Record.Persons;

        persons.Select(p => p.Slot).ShouldBe(["member:1", "member:2", "member:3"]);
        persons.Select(p => p.LocalId).ShouldBe(["EH1-1", "EH1-2", "EH1-3"]);
    }

    private const string Census = """
        <Child>
          <LAchildID>1073859</LAchildID>
          <Disabilities><Disability>AUT</Disability><Disability>BEH</Disability></Disabilities>
          <Plan>
            <PlanStart>2024-01-05</PlanStart>
            <Reviews><ReviewDate>2024-03-22</ReviewDate><ReviewDate>22/09/2024</ReviewDate><ReviewDate> </ReviewDate></Reviews>
          </Plan>
        </Child>
        """;

    private static FeedDefinition CensusFeed(params (string Name, FieldSpec Spec)[] attributes) => Feed(
        FormatType.Xml,
        "LAchildID",
        [new PersonSpec { Slot = "child", LocalId = FieldSpec.Of("LAchildID") }],
        [new EventSpec { Type = "plan", Each = "Plan", Person = "child", Date = FieldSpec.Of("PlanStart"), Attributes = Attributes(attributes) }]);

    [Fact]
    public void Map_Join_TakesEveryValueJoined()
    {
        var feed = CensusFeed(
            ("disabilities", new FieldSpec { Field = "../Disabilities/Disability", Join = "; " }),
            ("first_disability", FieldSpec.Of("../Disabilities/Disability")),
            ("review_dates", new FieldSpec { Field = "Reviews/ReviewDate", Join = "; ", Formats = ["yyyy-MM-dd", "dd/MM/yyyy"] }),
            ("codes", new FieldSpec { Field = "../Disabilities/Disability", Join = ",", Transforms = ["lower"] }),
            ("none", new FieldSpec { Field = "../Disabilities/Missing", Join = "; " }));

        var mapped = MapXml(feed, Census);

        mapped.Issues.ShouldBeEmpty();
        var attributes = mapped.Record.Events.ShouldHaveSingleItem().Attributes;
        attributes["disabilities"].ShouldBe("AUT; BEH");
        attributes["first_disability"].ShouldBe("AUT");
        attributes["review_dates"].ShouldBe("2024-03-22; 2024-09-22");   // each a date on its own; the blank one left out
        attributes["codes"].ShouldBe("aut,beh");
        attributes.ContainsKey("none").ShouldBeFalse();
    }

    [Fact]
    public void Map_JoinThroughACodeMap_MapsEachValue()
    {
        var feed = CensusFeed(("disabilities", new FieldSpec { Field = "../Disabilities/Disability", Join = "; ", Map = "disability" })) with
        {
            CodeMaps = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
            {
                ["disability"] = new Dictionary<string, string>(StringComparer.Ordinal) { ["AUT"] = "autism" },
            },
        };

        var mapped = MapXml(feed, Census);

        mapped.Record.Events[0].Attributes["disabilities"].ShouldBe("autism");
        mapped.Issues.ShouldHaveSingleItem().Reason.ShouldBe("unknown_code:../Disabilities/Disability");
    }

    [Theory]
    [InlineData("02/01/2025", new[] { "dd/MM/yyyy" }, "2025-01-02")]
    [InlineData("2025-01-02", new string[0], "2025-01-02")]                 // no formats of its own: the common ones
    [InlineData("02/01/2025 14:30", new[] { "dd/MM/yyyy HH:mm" }, "2025-01-02T14:30:00")]
    [InlineData("2024-03-05T10:22:33.123Z", new string[0], "2024-03-05T10:22:33")]
    [InlineData("05/04/99", new[] { "dd/MM/yy" }, "1999-04-05")]           // an event decades ahead is not believed
    public void Map_AttributeWithFormats_IsStoredAsAnIsoDate(string raw, string[] formats, string expected)
    {
        var feed = CensusFeed(("reviewed", new FieldSpec { Field = "../Reviewed", Formats = formats }));

        var mapped = MapXml(feed, Census.Replace("</Child>", $"<Reviewed>{raw}</Reviewed></Child>", StringComparison.Ordinal));

        mapped.Issues.ShouldBeEmpty();
        mapped.Record.Events[0].Attributes["reviewed"].ShouldBe(expected);
    }

    [Fact]
    public void Map_AttributeWithFormatsNotADate_IsDroppedWithAWarning()
    {
        var feed = CensusFeed(("reviewed", new FieldSpec { Field = "../Reviewed", Formats = ["dd/MM/yyyy"] }), ("note", FieldSpec.Of("../Reviewed")));

        var mapped = MapXml(feed, Census.Replace("</Child>", "<Reviewed>soon</Reviewed></Child>", StringComparison.Ordinal));

        var attributes = mapped.Record.Events[0].Attributes;
        attributes.ContainsKey("reviewed").ShouldBeFalse();
        attributes["note"].ShouldBe("soon");                               // without formats a value is text, as it was
        var issue = mapped.Issues.ShouldHaveSingleItem();
        issue.Reason.ShouldBe("invalid_date:../Reviewed");
        issue.Severity.ShouldBe(Severity.Warning);
    }

    [Fact]
    public void Map_RelationshipAttributeWithFormats_IsStoredAsAnIsoDate()
    {
        var feed = Feed(
            FormatType.Csv,
            "Id",
            [new PersonSpec { Slot = "a" }, new PersonSpec { Slot = "b" }],
            relationships: [new RelationshipSpec { Type = "contact_of", From = "a", To = "b", Attributes = Attributes(("since", new FieldSpec { Field = "Since", Formats = ["dd.MM.yyyy"] })) }]);

        MapRow(feed, ("Id", "1"), ("Since", "03.02.2021")).Record.Relationships[0].Attributes["since"].ShouldBe("2021-02-03");
    }
}
