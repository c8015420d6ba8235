using System.Text.Json;
using Hearth.Core.Ingestion;

namespace Hearth.Core.Tests.Ingestion;

public class FeedDefinitionTests
{
    private const string PoliceFeed = """
        {
          "$schema": "./feed-definition.schema.json",
          // Comments are allowed in definition files.
          "name": "police_incidents",
          "title": "Police incidents",
          "system": "police",
          "description": "Incidents involving children, shared daily.",
          "lawful_basis": {
            "article6": "public_task",
            "article9_condition": "safeguarding_of_children_and_individuals_at_risk",
            "article10_condition": "law_enforcement",
            "appropriate_policy_document": "APD-7",
            "dpia": "DPIA-2024-03",
            "legislation": "Children Act 2004 s.11"
          },
          "trust_rank": 40,
          "extract": "delta",
          "format": { "type": "csv", "delimiter": "|", "header_row": 2, "encoding": "windows-1252" },
          "key": ["OccurrenceRef", "PersonRef"],
          "persons": [
            {
              "slot": "victim",
              "local_id": "PersonRef",
              "name": { "full": "VictimName" },
              "date_of_birth": { "field": "VictimDOB", /* day first */ "formats": ["dd/MM/yyyy", "yyyyMMdd"] },
              "sex": { "field": "VictimSex", "map": "police_sex" },
              "role": { "value": "victim" },
              "address": { "single_line": "VictimAddress", "postcode": { "field": "VictimPostcode", "transforms": ["upper"] } }
            }
          ],
          "events": [
            {
              "type": "police_incident",
              "person": "victim",
              "date": { "field": "IncidentDate", "formats": ["dd/MM/yyyy HH:mm"] },
              "attributes": { "occurrence": "OccurrenceRef", "summary": { "template": "{Offence} at {Location}" } }
            }
          ],
          "validation": [
            { "rule": "required", "fields": ["OccurrenceRef"], "severity": "blocking" },
            { "rule": "identifier", "attribute": "nhs_number" },
            { "rule": "max_length", "fields": ["VictimName"], "max_length": 100 }
          ],
          "code_maps": { "police_sex": { "M": "M", "F": "F", "X": "U" } },
        }
        """;

    private static FeedDefinition Read(string json) =>
        JsonSerializer.Deserialize<FeedDefinition>(json, FeedDefinition.JsonOptions)!;

    [Fact]
    public void Deserialize_FullDefinition_ReadsSnakeCaseNames()
    {
        var feed = Read(PoliceFeed);

        feed.Name.ShouldBe("police_incidents");
        feed.Title.ShouldBe("Police incidents");
        feed.System.ShouldBe("police");
        feed.TrustRank.ShouldBe(40);
        feed.Extract.ShouldBe(ExtractKind.Delta);
        feed.Key.ShouldBe(["OccurrenceRef", "PersonRef"]);
        feed.LawfulBasis.Article6.ShouldBe("public_task");
        feed.LawfulBasis.Article9Condition.ShouldBe("safeguarding_of_children_and_individuals_at_risk");
        feed.LawfulBasis.Article10Condition.ShouldBe("law_enforcement");
        feed.LawfulBasis.AppropriatePolicyDocument.ShouldBe("APD-7");
        feed.LawfulBasis.Dpia.ShouldBe("DPIA-2024-03");
        feed.Format.ShouldBe(new FormatSpec { Type = FormatType.Csv, Delimiter = "|", HeaderRow = 2, Encoding = "windows-1252" });
        feed.IsReference.ShouldBeFalse();
    }

    [Fact]
    public void Deserialize_FieldSpecs_AcceptStringsAndObjects()
    {
        var person = Read(PoliceFeed).Persons.ShouldHaveSingleItem();

        person.Slot.ShouldBe("victim");
        person.LocalId.ShouldBe(FieldSpec.Of("PersonRef"));
        person.Name!.Full!.Field.ShouldBe("VictimName");
        person.DateOfBirth!.Field.ShouldBe("VictimDOB");
        person.DateOfBirth.Formats.ShouldBe(["dd/MM/yyyy", "yyyyMMdd"]);
        person.Sex!.Field.ShouldBe("VictimSex");
        person.Sex.Map.ShouldBe("police_sex");
        person.Role!.Value.ShouldBe("victim");
        person.Role.Field.ShouldBeNull();
        person.Address!.SingleLine!.Field.ShouldBe("VictimAddress");
        person.Address.Postcode!.Transforms.ShouldBe(["upper"]);
    }

    [Fact]
    public void Deserialize_EventsValidationAndCodeMaps_AreRead()
    {
        var feed = Read(PoliceFeed);

        var incident = feed.Events.ShouldHaveSingleItem();
        incident.Type.ShouldBe("police_incident");
        incident.Person.ShouldBe("victim");
        incident.Date.Formats.ShouldBe(["dd/MM/yyyy HH:mm"]);
        incident.Attributes["occurrence"].ShouldBe(FieldSpec.Of("OccurrenceRef"));
        incident.Attributes["summary"].Template.ShouldBe("{Offence} at {Location}");

        feed.Validation.Count.ShouldBe(3);
        feed.Validation[0].Rule.ShouldBe("required");
        feed.Validation[0].Severity.ShouldBe(Severity.Blocking);
        feed.Validation[1].Attribute.ShouldBe("nhs_number");
        feed.Validation[1].Severity.ShouldBe(Severity.Warning);
        feed.Validation[2].MaxLength.ShouldBe(100);

        feed.CodeMaps["police_sex"]["X"].ShouldBe("U");
    }

    [Fact]
    public void Deserialize_Minimal_UsesTheDefaults()
    {
        var feed = Read("""
            { "name": "gazetteer", "system": "llpg", "lawful_basis": { "article6": "public_task" }, "trust_rank": 1,
              "format": { "type": "fixed_width", "columns": [ { "name": "UPRN", "width": 12 } ] }, "key": ["UPRN"],
              "property": { "uprn": "UPRN", "postcode": "POSTCODE" } }
            """);

        feed.Extract.ShouldBe(ExtractKind.Full);
        feed.Format.Encoding.ShouldBe("utf-8");
        feed.Format.Delimiter.ShouldBe(",");
        feed.Format.HeaderRow.ShouldBe(1);
        feed.Format.Columns!.ShouldHaveSingleItem().ShouldBe(new FixedColumn("UPRN", 12));
        feed.Persons.ShouldBeEmpty();
        feed.Validation.ShouldBeEmpty();
        feed.CodeMaps.ShouldBeEmpty();
        feed.IsReference.ShouldBeTrue();
        feed.Schema.ShouldBeNull();
    }

    [Theory]
    [InlineData("csv", FormatType.Csv)]
    [InlineData("xlsx", FormatType.Xlsx)]
    [InlineData("json", FormatType.Json)]
    [InlineData("json_lines", FormatType.JsonLines)]
    [InlineData("xml", FormatType.Xml)]
    [InlineData("fixed_width", FormatType.FixedWidth)]
    [InlineData("database", FormatType.Database)]
    public void Deserialize_FormatType_IsSnakeCase(string name, FormatType expected) =>
        JsonSerializer.Deserialize<FormatSpec>($$"""{ "type": "{{name}}" }""", FeedDefinition.JsonOptions)!.Type.ShouldBe(expected);

    [Theory]
    [InlineData("""{ "colour": "red" }""")]                                                  // unknown top-level property
    [InlineData("""{ "format": { "type": "csv", "sheet_name": "x" } }""")]                   // unknown nested property
    [InlineData("""{ "persons": [ { "slot": "a", "nhs": "NHS" } ] }""")]                     // unknown person attribute
    [InlineData("""{ "persons": [ { "slot": "a", "sex": { "field": "S", "mapping": "sex" } } ] }""")]   // unknown field-spec property
    [InlineData("""{ "persons": [ { "slot": "a", "sex": { "field": "S", "value": "M" } } ] }""")]       // two sources
    [InlineData("""{ "persons": [ { "slot": "a", "sex": { "map": "sex" } } ] }""")]                      // no source
    [InlineData("""{ "persons": [ { "slot": "a", "sex": 1 } ] }""")]                                     // neither string nor object
    [InlineData("""{ "format": { "type": 0 } }""")]                                                      // enum as number
    [InlineData("""{ "format": { "type": "spreadsheet" } }""")]                                          // unknown enum
    [InlineData("""{ "trust_rank": "high" }""")]
    [InlineData("""{ "persons": [ { "slot": "a", "sex": { "field": 5 } } ] }""")]                      // field not a string
    [InlineData("""{ "persons": [ { "slot": "a", "sex": { "field": "S", "formats": "dd/MM/yyyy" } } ] }""")]   // formats not a list
    public void Deserialize_BadProperty_ThrowsJsonException(string overrides)
    {
        var json = Merge(overrides);

        Should.Throw<JsonException>(() => Read(json));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("system")]
    [InlineData("lawful_basis")]
    [InlineData("trust_rank")]
    [InlineData("format")]
    [InlineData("key")]
    public void Deserialize_RequiredPropertyMissing_ThrowsJsonException(string missing)
    {
        var properties = BaseProperties().Where(p => p.Key != missing).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var json = "{" + string.Join(",", properties.Select(p => $"\"{p.Key}\": {p.Value}")) + "}";

        Should.Throw<JsonException>(() => Read(json));
    }

    [Fact]
    public void Deserialize_EachAndWhen_AcceptStringsAndObjects()
    {
        var feed = Read(Merge("""
            {
              "persons": [
                { "slot": "member:{id}", "each": "members[role=Child]", "when": "id" },
                { "slot": "child:{#}", "each": { "split": "Children", "separator": ";" }, "when": { "field": ".", "not": ["None known"], "in": ["A", "B"] } }
              ]
            }
            """));

        feed.Persons[0].Each.ShouldBe(EachSpec.Of("members[role=Child]"));
        feed.Persons[0].When!.Field.ShouldBe("id");
        feed.Persons[0].When!.In.ShouldBeNull();
        feed.Persons[1].Each.ShouldBe(new EachSpec { Split = "Children", Separator = ";" });
        feed.Persons[1].When!.Not.ShouldBe(["None known"]);
        feed.Persons[1].When!.In.ShouldBe(["A", "B"]);
    }

    [Fact]
    public void Serialize_EachAndWhen_UseTheShorthandWhenItSaysAll()
    {
        JsonSerializer.Serialize(EachSpec.Of("members"), FeedDefinition.JsonOptions).ShouldBe("\"members\"");
        JsonSerializer.Serialize(ConditionSpec.Of("Surname"), FeedDefinition.JsonOptions).ShouldBe("\"Surname\"");

        var split = new EachSpec { Split = "Children", Separator = "," };
        var when = new ConditionSpec { Field = ".", Not = ["None known"] };
        JsonSerializer.Deserialize<EachSpec>(JsonSerializer.Serialize(split, FeedDefinition.JsonOptions), FeedDefinition.JsonOptions).ShouldBe(split);
        var back = JsonSerializer.Deserialize<ConditionSpec>(JsonSerializer.Serialize(when, FeedDefinition.JsonOptions), FeedDefinition.JsonOptions)!;
        back.Field.ShouldBe(".");
        back.Not.ShouldBe(["None known"]);
    }

    [Fact]
    public void Deserialize_Join_IsReadAndRoundTrips()
    {
        var spec = JsonSerializer.Deserialize<FieldSpec>("""{ "field": "Reviews/Date", "join": "; " }""", FeedDefinition.JsonOptions)!;

        spec.Join.ShouldBe("; ");
        JsonSerializer.Deserialize<FieldSpec>(JsonSerializer.Serialize(spec, FeedDefinition.JsonOptions), FeedDefinition.JsonOptions)!.Join.ShouldBe("; ");
    }

    [Theory]
    [InlineData("""{ "persons": [ { "slot": "a", "each": { "path": "x", "splt": "y" } } ] }""")]         // unknown each property
    [InlineData("""{ "persons": [ { "slot": "a", "when": { "field": "x", "unless": ["y"] } } ] }""")]   // unknown when property
    [InlineData("""{ "persons": [ { "slot": "a", "when": { "not": ["y"] } } ] }""")]                   // a when without its field
    [InlineData("""{ "persons": [ { "slot": "a", "each": 3 } ] }""")]
    [InlineData("""{ "persons": [ { "slot": "a", "when": ["x"] } ] }""")]
    public void Deserialize_BadEachOrWhen_ThrowsJsonException(string overrides) =>
        Should.Throw<JsonException>(() => Read(Merge(overrides)));

    [Fact]
    public void Deserialize_BaseDefinition_IsValid() =>
        Read(Merge("{}")).Name.ShouldBe("feed");

    [Fact]
    public void Serialize_PlainFieldSpec_IsAString() =>
        JsonSerializer.Serialize(FieldSpec.Of("X"), FeedDefinition.JsonOptions).ShouldBe("\"X\"");

    [Fact]
    public void Serialize_FieldSpecWithOptions_RoundTrips()
    {
        var spec = new FieldSpec { Field = "DOB", Formats = ["dd/MM/yyyy"], Transforms = ["digits"], Map = "m" };

        var json = JsonSerializer.Serialize(spec, FeedDefinition.JsonOptions);
        var back = JsonSerializer.Deserialize<FieldSpec>(json, FeedDefinition.JsonOptions)!;

        back.Field.ShouldBe("DOB");
        back.Map.ShouldBe("m");
        back.Formats.ShouldBe(["dd/MM/yyyy"]);
        back.Transforms.ShouldBe(["digits"]);
    }

    private static Dictionary<string, string> BaseProperties() => new(StringComparer.Ordinal)
    {
        ["name"] = "\"feed\"",
        ["system"] = "\"test\"",
        ["lawful_basis"] = """{ "article6": "public_task" }""",
        ["trust_rank"] = "10",
        ["format"] = """{ "type": "csv" }""",
        ["key"] = """["Id"]""",
        ["persons"] = """[ { "slot": "child" } ]""",
    };

    /// <summary>The base definition with the given top-level properties replacing or added to it.</summary>
    private static string Merge(string overrides)
    {
        var properties = BaseProperties();
        using var document = JsonDocument.Parse(overrides);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            properties[property.Name] = property.Value.GetRawText();
        }

        return "{" + string.Join(",", properties.Select(p => $"\"{p.Key}\": {p.Value}")) + "}";
    }
}

public class DefinitionCheckTests
{
    private static FeedDefinition Valid() => new()
    {
        Name = "feed",
        System = "test",
        LawfulBasis = new LawfulBasis { Article6 = "public_task" },
        TrustRank = 10,
        Format = new FormatSpec { Type = FormatType.Csv },
        Key = ["Id"],
        Persons = [new PersonSpec { Slot = "child" }],
        Events = [new EventSpec { Type = "referral", Person = "child", Date = FieldSpec.Of("Date") }],
    };

    [Fact]
    public void Constructor_ValidDefinition_DoesNotThrow() =>
        Should.NotThrow(() => new RecordMapper(Valid(), null, new DateOnly(2026, 9, 1)));

    [Theory]
    [InlineData("no_key", "it has no key fields")]
    [InlineData("trust_rank_0", "its trust rank must be between 1 and 100")]
    [InlineData("trust_rank_101", "its trust rank must be between 1 and 100")]
    [InlineData("nothing_described", "it describes no persons, property or school")]
    [InlineData("unknown_slot", "event referral refers to person slot 'victim', which no person uses")]
    [InlineData("fixed_width_no_columns", "a fixed-width feed needs its columns and widths")]
    [InlineData("fixed_width_empty_columns", "a fixed-width feed needs its columns and widths")]
    [InlineData("xml_no_record_path", "an XML or JSON feed needs a record path")]
    [InlineData("json_no_record_path", "an XML or JSON feed needs a record path")]
    [InlineData("database_no_query", "a database feed needs a query and the name of the variable holding its connection string")]
    [InlineData("database_no_connection", "a database feed needs a query and the name of the variable holding its connection string")]
    [InlineData("csv_long_delimiter", "a CSV delimiter is one character")]
    public void Constructor_InvalidDefinition_ThrowsWithTheReason(string fault, string problem)
    {
        var definition = Break(Valid(), fault);

        var thrown = Should.Throw<InvalidFeedDefinitionException>(() => new RecordMapper(definition, null, new DateOnly(2026, 9, 1)));

        thrown.Feed.ShouldBe("feed");
        thrown.Problems.ShouldBe([problem]);
        thrown.Message.ShouldContain(problem);
        thrown.Message.ShouldStartWith("The definition of feed feed cannot be used");
    }

    [Fact]
    public void Constructor_SeveralFaults_ListsEveryOne()
    {
        var definition = Valid() with { Key = [], TrustRank = 0, Format = new FormatSpec { Type = FormatType.FixedWidth } };

        var thrown = Should.Throw<InvalidFeedDefinitionException>(() => new RecordMapper(definition, null, new DateOnly(2026, 9, 1)));

        thrown.Problems.Count.ShouldBe(3);
    }

    [Theory]
    [InlineData("member:{PersonID}")]                       // a templated slot is checked when records are read
    public void Constructor_EventWithTemplatedSlot_IsAllowed(string person)
    {
        var definition = Valid() with { Events = [new EventSpec { Type = "episode", Person = person, Date = FieldSpec.Of("Date") }] };

        Should.NotThrow(() => new RecordMapper(definition, null, new DateOnly(2026, 9, 1)));
    }

    [Theory]
    [InlineData("\\t")]
    [InlineData("\t")]
    [InlineData(";")]
    public void Constructor_CsvDelimiterOneCharacterOrEscapedTab_IsAllowed(string delimiter)
    {
        var definition = Valid() with { Format = new FormatSpec { Type = FormatType.Csv, Delimiter = delimiter } };

        Should.NotThrow(() => new RecordMapper(definition, null, new DateOnly(2026, 9, 1)));
    }

    [Fact]
    public void Constructor_PropertyOnlyFeed_IsAllowed()
    {
        var definition = Valid() with
        {
            Persons = [],
            Events = [],
            Property = new PropertySpec { Uprn = FieldSpec.Of("UPRN"), Postcode = FieldSpec.Of("POSTCODE") },
        };

        Should.NotThrow(() => new RecordMapper(definition, null, new DateOnly(2026, 9, 1)));
    }

    [Theory]
    // Mistakes the DefinitionCheck doc says are found "before any file is read", which today surface only as an
    // InvalidOperationException part-way through the first load, or never.
    [InlineData("unknown_rule")]
    [InlineData("identifier_rule_without_attribute")]
    [InlineData("pattern_rule_without_pattern")]
    [InlineData("code_rule_with_unknown_map")]
    [InlineData("field_with_unknown_map")]
    [InlineData("field_with_unknown_transform")]
    [InlineData("relationship_to_unknown_slot")]
    public void Constructor_DefinitionMistake_IsFoundBeforeAnyRecord(string fault)
    {
        var definition = Break(Valid(), fault);

        Should.Throw<InvalidFeedDefinitionException>(() => new RecordMapper(definition, null, new DateOnly(2026, 9, 1)));
    }

    [Fact]
    public void Constructor_CodeMapListingBothCases_IsAcceptedAndMatchesEither()
    {
        // Feed maps are matched ignoring case; a map whose author listed "M" and "m" alike must not crash the load.
        var definition = Valid() with
        {
            Persons = [new PersonSpec { Slot = "child", Sex = new FieldSpec { Field = "Sex", Map = "local_sex" } }],
            CodeMaps = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
            {
                ["local_sex"] = new Dictionary<string, string>(StringComparer.Ordinal) { ["M"] = "M", ["m"] = "M", ["F"] = "F" },
            },
        };

        var mapper = new RecordMapper(definition, null, new DateOnly(2026, 9, 1));
        var row = new SourceRow(1, "1,m", new FlatNode(FlatNode.Index(["Id", "Sex"]), ["1", "m"]));

        mapper.Map(row).Record.Persons[0].Sex.ShouldBe("M");
    }

    private static FeedDefinition Json(string field, EachSpec? each = null, ConditionSpec? when = null) => Valid() with
    {
        Format = new FormatSpec { Type = FormatType.JsonLines, RecordPath = "$" },
        Persons = [new PersonSpec { Slot = "child", Each = each, When = when, LocalId = FieldSpec.Of(field) }],
    };

    [Theory]
    [InlineData("name[0", "'name[0' has a '[' that is not closed")]
    [InlineData("name]0[", "'name]0[' has a ']' with no '['")]
    [InlineData("name[]", "an empty selector '[]'")]
    [InlineData("name[first]", "the selector [first] is neither an index counted from 0, such as [0], nor a test, such as [use=home]")]
    [InlineData("name[-1].given", "the selector [-1] is neither an index")]
    [InlineData("name[=home]", "the test [=home] names no field")]
    [InlineData("name[use='home]", "has a quote that is not closed")]
    [InlineData("name[use=home'].given", "the test [use=home'] has a value with unbalanced quotes")]
    [InlineData("name[use[0]=home]", "has a '[' inside a selector")]
    [InlineData("name[../use=home]", "must name a field inside the item")]
    [InlineData("name[0]x.given", "nothing may follow a selector")]
    [InlineData("name..given", "has an empty step")]
    [InlineData("[0].given", "has no name")]
    public void Constructor_JsonPathThatCannotBeRead_NamesTheFieldAndTheReason(string field, string reason)
    {
        var thrown = Should.Throw<InvalidFeedDefinitionException>(() => new RecordMapper(Json(field), null, new DateOnly(2026, 9, 1)));

        var problem = thrown.Problems.ShouldHaveSingleItem();
        problem.ShouldStartWith("person child has a path that cannot be read: ");
        problem.ShouldContain(reason);
    }

    [Theory]
    [InlineData("Duty/@type/Start", "has a step after the attribute type")]
    [InlineData("Duty/@type[0]", "the attribute @type cannot have a selector")]
    [InlineData("../[0]", "has no name")]
    [InlineData("Members/..[1]", "'..' cannot have a selector")]
    public void Constructor_XmlPathThatCannotBeRead_NamesTheReason(string field, string reason)
    {
        var definition = Valid() with
        {
            Format = new FormatSpec { Type = FormatType.Xml, RecordPath = "/Children/Child" },
            Persons = [new PersonSpec { Slot = "child", LocalId = FieldSpec.Of(field) }],
        };

        var thrown = Should.Throw<InvalidFeedDefinitionException>(() => new RecordMapper(definition, null, new DateOnly(2026, 9, 1)));

        thrown.Problems.ShouldHaveSingleItem().ShouldContain(reason);
    }

    [Theory]
    [InlineData("name[0].given")]
    [InlineData("identifier[system=https://fhir.nhs.uk/Id/nhs-number].value")]
    [InlineData("identifier[system='urn:a]b'].value")]
    [InlineData("contact[relationship.text=Mother].name.family")]
    [InlineData("../caseId")]
    [InlineData(".")]
    public void Constructor_JsonPathThatCanBeRead_IsAllowed(string field) =>
        Should.NotThrow(() => new RecordMapper(Json(field), null, new DateOnly(2026, 9, 1)));

    [Fact]
    public void Constructor_CsvColumnWithBrackets_IsAColumnNameNotAPath()
    {
        var definition = Valid() with { Persons = [new PersonSpec { Slot = "child", LocalId = FieldSpec.Of("Score [1-5]") }] };

        Should.NotThrow(() => new RecordMapper(definition, null, new DateOnly(2026, 9, 1)));
    }

    [Theory]
    [InlineData("key", "the key has a path that cannot be read")]
    [InlineData("rule", "the required rule has a path that cannot be read")]
    [InlineData("template", "person child has a path that cannot be read")]
    [InlineData("slot", "person child:{name[} has a path that cannot be read")]
    [InlineData("each", "person child has a path that cannot be read")]
    [InlineData("split", "person child has a path that cannot be read")]
    [InlineData("when", "person child has a path that cannot be read")]
    [InlineData("event", "event referral has a path that cannot be read")]
    [InlineData("relationship", "relationship parent_of has a path that cannot be read")]
    public void Constructor_EveryKindOfPath_IsChecked(string where, string problem)
    {
        var json = Json("id");
        var definition = where switch
        {
            "key" => json with { Key = ["id["] },
            "rule" => json with { Validation = [new ValidationRule { Rule = "required", Fields = ["id["] }] },
            "template" => json with { Persons = [new PersonSpec { Slot = "child", LocalId = new FieldSpec { Template = "{id[}-x" } }] },
            "slot" => json with { Persons = [new PersonSpec { Slot = "child:{name[}" }] },
            "each" => Json("id", each: "members[x]"),
            "split" => Json("id", each: new EachSpec { Split = "kids[", Separator = ";" }),
            "when" => Json("id", when: "kids["),
            "event" => json with { Events = [new EventSpec { Type = "referral", Person = "child", Date = FieldSpec.Of("dates[0") }] },
            _ => json with { Relationships = [new RelationshipSpec { Type = "parent_of", From = "child", To = "{ids[}" }] },
        };

        var thrown = Should.Throw<InvalidFeedDefinitionException>(() => new RecordMapper(definition, null, new DateOnly(2026, 9, 1)));

        thrown.Problems.ShouldContain(p => p.StartsWith(problem, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("each_both", "person child has an each that needs either a path or a split")]
    [InlineData("each_neither", "person child has an each that needs either a path or a split")]
    [InlineData("split_without_separator", "person child splits Children but gives no separator")]
    [InlineData("separator_without_split", "person child has a separator, which only a split uses")]
    [InlineData("each_path_in_csv", "person child has an each path, but a Csv record has no repeated parts (a field holding several values can be split)")]
    [InlineData("position_without_each", "person child:{#} uses '#', the position of a repeated part, but has no each")]
    [InlineData("position_field_without_each", "person child uses '#', the position of a repeated part, but has no each")]
    [InlineData("when_in_empty", "person child has a when whose 'in' list is empty, so it never applies")]
    [InlineData("join_with_template", "a field with join needs a field to take every value of, not a value or a template")]
    public void Constructor_PartConditionOrJoinMistake_ThrowsWithTheReason(string fault, string problem)
    {
        var child = new PersonSpec { Slot = "child" };
        var definition = Valid() with
        {
            Persons = fault switch
            {
                "each_both" => [child with { Each = new EachSpec { Path = "x", Split = "y", Separator = "," } }],
                "each_neither" => [child with { Each = new EachSpec() }],
                "split_without_separator" => [child with { Each = new EachSpec { Split = "Children" } }],
                "separator_without_split" => [child with { Each = new EachSpec { Path = "Children", Separator = ";" } }],
                "each_path_in_csv" => [child with { Each = "Children" }],
                "position_without_each" => [child with { Slot = "child:{#}" }],
                "position_field_without_each" => [child with { LocalId = FieldSpec.Of("#") }],
                "when_in_empty" => [child with { When = new ConditionSpec { Field = "Id", In = [] } }],
                _ => [child with { LocalId = new FieldSpec { Template = "{Id}", Join = ";" } }],
            },
            Events = [],
        };

        var thrown = Should.Throw<InvalidFeedDefinitionException>(() => new RecordMapper(definition, null, new DateOnly(2026, 9, 1)));

        thrown.Problems.ShouldBe([problem]);
    }

    [Fact]
    public void Constructor_SplitInACsvFeed_IsAllowed()
    {
        var definition = Valid() with
        {
            Persons = [new PersonSpec { Slot = "child:{#}", Each = new EachSpec { Split = "Children", Separator = ";" }, When = new ConditionSpec { Field = ".", Not = ["None"] } }],
            Events = [],
        };

        Should.NotThrow(() => new RecordMapper(definition, null, new DateOnly(2026, 9, 1)));
    }

    private static FeedDefinition Break(FeedDefinition definition, string fault) => fault switch
    {
        "no_key" => definition with { Key = [] },
        "trust_rank_0" => definition with { TrustRank = 0 },
        "trust_rank_101" => definition with { TrustRank = 101 },
        "nothing_described" => definition with { Persons = [], Events = [] },
        "unknown_slot" => definition with { Events = [new EventSpec { Type = "referral", Person = "victim", Date = FieldSpec.Of("Date") }] },
        "fixed_width_no_columns" => definition with { Format = new FormatSpec { Type = FormatType.FixedWidth } },
        "fixed_width_empty_columns" => definition with { Format = new FormatSpec { Type = FormatType.FixedWidth, Columns = [] } },
        "xml_no_record_path" => definition with { Format = new FormatSpec { Type = FormatType.Xml } },
        "json_no_record_path" => definition with { Format = new FormatSpec { Type = FormatType.Json } },
        "database_no_query" => definition with { Format = new FormatSpec { Type = FormatType.Database, ConnectionVariable = "HEARTH_DB" } },
        "database_no_connection" => definition with { Format = new FormatSpec { Type = FormatType.Database, Query = "select 1" } },
        "csv_long_delimiter" => definition with { Format = new FormatSpec { Type = FormatType.Csv, Delimiter = ",," } },
        "unknown_rule" => definition with { Validation = [new ValidationRule { Rule = "sparkle" }] },
        "identifier_rule_without_attribute" => definition with { Validation = [new ValidationRule { Rule = "identifier" }] },
        "pattern_rule_without_pattern" => definition with { Validation = [new ValidationRule { Rule = "pattern", Fields = ["Id"] }] },
        "code_rule_with_unknown_map" => definition with { Validation = [new ValidationRule { Rule = "code", Fields = ["Id"], Map = "no_such_map" }] },
        "field_with_unknown_map" => definition with { Persons = [new PersonSpec { Slot = "child", Sex = new FieldSpec { Field = "Sex", Map = "no_such_map" } }] },
        "field_with_unknown_transform" => definition with { Persons = [new PersonSpec { Slot = "child", LocalId = new FieldSpec { Field = "Id", Transforms = ["reverse"] } }] },
        "relationship_to_unknown_slot" => definition with { Relationships = [new RelationshipSpec { Type = "parent_of", From = "mother", To = "child" }] },
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, "Unknown fault."),
    };
}
