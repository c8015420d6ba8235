using System.Text.Json;
using System.Xml.Linq;
using Hearth.Core.Ingestion;

namespace Hearth.Core.Tests.Ingestion;

public class FlatNodeTests
{
    private static readonly IReadOnlyDictionary<string, int> Columns = FlatNode.Index(["Id", "Forename", "Surname", "Id", "Extra"]);

    [Theory]
    [InlineData("Id", "P001")]
    [InlineData("Forename", "  Amy ")]   // exactly as held, not trimmed
    [InlineData("Surname", "")]
    [InlineData("Extra", null)]          // the row is shorter than the header
    [InlineData("Missing", null)]
    [InlineData("id", null)]             // column names are case-sensitive
    public void Value_Column_IsTheCellAsHeld(string path, string? expected) =>
        new FlatNode(Columns, ["P001", "  Amy ", "", "P999"]).Value(path).ShouldBe(expected);

    [Fact]
    public void Index_DuplicateName_KeepsTheFirstColumn() =>
        Columns["Id"].ShouldBe(0);

    [Fact]
    public void Each_AnyPath_IsEmpty() =>
        new FlatNode(Columns, ["P001"]).Each("Id").ShouldBeEmpty();

    [Fact]
    public void AllValues_SkipsMissingCells() =>
        new FlatNode(Columns, ["P001", null, "Jones"]).AllValues().ShouldBe([("Id", "P001"), ("Surname", "Jones")], ignoreOrder: true);
}

public class XmlNodeTests
{
    private static readonly XElement Message = XElement.Parse("""
        <Message>
          <Header><LA>999</LA></Header>
          <Children>
            <Child id="C1">
              <ChildIdentifiers><UPN>B801200005001</UPN><Note/></ChildIdentifiers>
              <Duty start="2025-01-01" />
              <Items>
                <Item code="A">one</Item>
                <Item code="B">two</Item>
              </Items>
            </Child>
          </Children>
        </Message>
        """);

    private static XmlNode Child => new(Message.Element("Children")!.Element("Child")!);

    [Theory]
    [InlineData("ChildIdentifiers/UPN", "B801200005001")]
    [InlineData("/ChildIdentifiers/UPN/", "B801200005001")]
    [InlineData("./ChildIdentifiers/UPN", "B801200005001")]
    [InlineData("@id", "C1")]
    [InlineData("Duty/@start", "2025-01-01")]
    [InlineData("../../Header/LA", "999")]
    [InlineData("Items/Item", "one")]                      // the first of several
    [InlineData("Items/Item/@code", "A")]
    [InlineData("ChildIdentifiers/Note", "")]             // an empty element is an empty value
    [InlineData("ChildIdentifiers", null)]                 // an element with children has no value
    [InlineData("Missing", null)]
    [InlineData("Missing/UPN", null)]
    [InlineData("@missing", null)]
    [InlineData("@id/UPN", null)]                          // nothing below an attribute
    [InlineData("../../../../LA", null)]                   // above the document
    public void Value_Path_FollowsElementsAttributesAndParents(string path, string? expected) =>
        Child.Value(path).ShouldBe(expected);

    [Fact]
    public void Each_RepeatedElements_InOrderWithTheirOwnPaths()
    {
        var items = Child.Each("Items/Item").ToList();

        items.Select(i => i.Value(".")).ShouldBe(["one", "two"]);
        items.Select(i => i.Value("@code")).ShouldBe(["A", "B"]);
        items.ShouldAllBe(i => i.Value("../../@id") == "C1");
        items.ShouldAllBe(i => i.Value("../../ChildIdentifiers/UPN") == "B801200005001");
    }

    [Theory]
    [InlineData("Items/Item", 2)]
    [InlineData("Items", 1)]
    [InlineData("Missing/Item", 0)]
    [InlineData("../Child", 1)]
    public void Each_Path_FindsEveryMatch(string path, int count) =>
        Child.Each(path).Count().ShouldBe(count);

    [Theory]
    [InlineData("Items/Item[0]", "one")]
    [InlineData("Items/Item[1]", "two")]
    [InlineData("Items/Item[1]/@code", "B")]
    [InlineData("Items/Item[2]", null)]                    // past the end: no value
    [InlineData("Items/Item[@code=B]", "two")]
    [InlineData("Items/Item[@code=b]", "two")]             // a test ignores case
    [InlineData("Items/Item[ @code = B ]", "two")]         // and spaces around its parts
    [InlineData("Items/Item[@code='B']", "two")]
    [InlineData("Items/Item[@code=Z]", null)]
    [InlineData("Items[0]/Item[1]", "two")]
    [InlineData("Items[1]/Item", null)]
    [InlineData("ChildIdentifiers[UPN=B801200005001]/UPN", "B801200005001")]
    [InlineData("ChildIdentifiers[Note=]/UPN", "B801200005001")]   // an empty value is a value
    public void Value_Selector_PicksOneOfTheMatches(string path, string? expected) =>
        Child.Value(path).ShouldBe(expected);

    [Theory]
    [InlineData("Items/Item", new[] { "one", "two" })]
    [InlineData("Items/Item/@code", new[] { "A", "B" })]
    [InlineData("Items/Item[@code=B]", new[] { "two" })]
    [InlineData("ChildIdentifiers/UPN", new[] { "B801200005001" })]
    [InlineData("ChildIdentifiers", new string[0])]        // an element with children has no value
    [InlineData("Missing", new string[0])]
    public void Values_Path_GivesEveryMatchInOrder(string path, string[] expected) =>
        Child.Values(path).ShouldBe(expected);

    [Fact]
    public void ValueAndValues_MatchesUnderSeveralParents_FirstInDocumentOrderAndAll()
    {
        var plan = new XmlNode(XElement.Parse("""
            <Plan>
              <Review><Outcome>Open</Outcome></Review>
              <Review><Date>2024-03-22</Date><Date>2024-09-22</Date></Review>
              <Review><Date>2025-03-22</Date></Review>
            </Plan>
            """));

        plan.Value("Review/Date").ShouldBe("2024-03-22");                  // the first review has no date: the next one's
        plan.Values("Review/Date").ShouldBe(["2024-03-22", "2024-09-22", "2025-03-22"]);
        plan.Values("Review/Date[0]").ShouldBe(["2024-03-22", "2025-03-22"]);   // an index counts within each parent
        plan.Value("Review[2]/Date").ShouldBe("2025-03-22");
    }

    [Fact]
    public void Each_Selector_KeepsTheMatchingParts()
    {
        Child.Each("Items/Item[@code=B]").Select(i => i.Value(".")).ShouldBe(["two"]);
        Child.Each("Items/Item[1]").Select(i => i.Value("@code")).ShouldBe(["B"]);
        Child.Each("Items/Item[9]").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("@id/UPN")]                                // nothing below an attribute
    [InlineData("Items/Item[")]
    [InlineData("Items/Item[x]")]
    public void ValueValuesAndEach_PathThatIsNotOne_ReadNothing(string path)
    {
        // A definition's paths are checked before any record is read; a node only reads nothing.
        Child.Value(path).ShouldBeNull();
        Child.Values(path).ShouldBeEmpty();
        Child.Each(path).ShouldBeEmpty();
    }

    [Theory]
    // A default namespace, a prefixed one, and a path written with or without a prefix all read the same.
    [InlineData("""<Child xmlns="urn:dfe:cin"><ChildIdentifiers><UPN>B801200005001</UPN></ChildIdentifiers><Duty start="2025-01-01"/></Child>""")]
    [InlineData("""<cin:Child xmlns:cin="urn:dfe:cin"><cin:ChildIdentifiers><cin:UPN>B801200005001</cin:UPN></cin:ChildIdentifiers><cin:Duty cin:start="2025-01-01"/></cin:Child>""")]
    [InlineData("""<Child><ChildIdentifiers><UPN>B801200005001</UPN></ChildIdentifiers><Duty start="2025-01-01"/></Child>""")]
    public void Value_Namespaces_AreIgnoredAndNamesMatchedOnTheirLocalPart(string xml)
    {
        var child = new XmlNode(XElement.Parse(xml));

        child.Value("ChildIdentifiers/UPN").ShouldBe("B801200005001");
        child.Value("cin:ChildIdentifiers/cin:UPN").ShouldBe("B801200005001");
        child.Value("Duty/@start").ShouldBe("2025-01-01");
        child.Each("ChildIdentifiers").Count().ShouldBe(1);
        child.AllValues().ShouldContain(("UPN", "B801200005001"));
        child.AllValues().ShouldNotContain(v => v.Path.Contains("xmlns", StringComparison.Ordinal));
    }

    [Fact]
    public void AllValues_LeavesAndAttributes_AreListed()
    {
        var values = Child.AllValues().ToList();

        values.ShouldContain(("UPN", "B801200005001"));
        values.ShouldContain(("Child/@id", "C1"));
        values.ShouldContain(("Duty/@start", "2025-01-01"));
        values.ShouldContain(("Item/@code", "B"));
        values.ShouldContain(("Item", "two"));
        values.ShouldNotContain(v => v.Path == "Header/LA" || v.Path == "LA");   // only the record's own values
    }
}

public class JsonNodeTests
{
    private const string Record = """
        {
          "caseId": "K1",
          "address": { "postcode": "HF1 2AB", "lines": ["12 Mill Lane", "Hearthfield"] },
          "age": 7,
          "score": 1.50,
          "consent": { "given": true, "withdrawn": false },
          "nothing": null,
          "members": [ { "id": "M1", "dob": "2015-01-01", "name": { "first": "Amy" } }, { "id": "M2" } ],
          "identifier": [ { "system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9434765919" }, { "system": "urn:odd]system", "value": "X1" } ],
          "scores": [1, 2.5],
          "mixed": [null]
        }
        """;

    private static JsonNode Root()
    {
        using var document = JsonDocument.Parse(Record);
        return new JsonNode(document.RootElement.Clone());
    }

    [Theory]
    [InlineData("caseId", "K1")]
    [InlineData("address.postcode", "HF1 2AB")]
    [InlineData("age", "7")]
    [InlineData("score", "1.50")]                  // numbers as written
    [InlineData("consent.given", "true")]
    [InlineData("consent.withdrawn", "false")]
    [InlineData("nothing", null)]
    [InlineData("missing", null)]
    [InlineData("address.missing", null)]
    [InlineData("caseId.more", null)]              // nothing inside a string
    [InlineData("../caseId", null)]                // the record has no parent
    [InlineData("Caseid", null)]                   // names are case-sensitive
    public void Value_Path_FollowsProperties(string path, string? expected) =>
        Root().Value(path).ShouldBe(expected);

    [Fact]
    public void Value_Object_IsItsJson() =>
        Root().Value("consent").ShouldBe("""{ "given": true, "withdrawn": false }""");

    // Was the array's JSON text; a list of strings is now read as the words it holds (given names, address lines).
    [Fact]
    public void Value_ArrayOfStrings_IsItsItemsJoinedBySpaces() =>
        Root().Value("address.lines").ShouldBe("12 Mill Lane Hearthfield");

    [Fact]
    public void Each_Array_GivesItemsThatSeeTheRecord()
    {
        var members = Root().Each("members").ToList();

        members.Select(m => m.Value("id")).ShouldBe(["M1", "M2"]);
        members.Select(m => m.Value("../caseId")).ShouldBe(["K1", "K1"]);
        members[0].Value("name.first").ShouldBe("Amy");
        members[1].Value("dob").ShouldBeNull();
        members[0].Value("../../caseId").ShouldBeNull();
    }

    [Theory]
    [InlineData("members", 2)]
    [InlineData("address", 1)]           // an object is one part
    [InlineData("address.lines", 2)]
    [InlineData("missing", 0)]
    public void Each_Path_CountsTheParts(string path, int count) =>
        Root().Each(path).Count().ShouldBe(count);

    [Theory]
    [InlineData("members[0].id", "M1")]
    [InlineData("members[1].id", "M2")]
    [InlineData("members[2].id", null)]                    // past the end: no value
    [InlineData("members[id=M2].id", "M2")]
    [InlineData("members[id=m2].id", "M2")]                // a test ignores case
    [InlineData("address[postcode=hf1  2ab].postcode", "HF1 2AB")]   // and doubled spaces
    [InlineData("members[name.first=Amy].dob", "2015-01-01")]   // a test may look inside the item
    [InlineData("members[id=M9].id", null)]
    [InlineData("members.id", "M1")]                       // walking the array: the first match
    [InlineData("members.name.first", "Amy")]
    [InlineData("members.dob", "2015-01-01")]
    [InlineData("address.lines[1]", "Hearthfield")]
    [InlineData("address[0].postcode", "HF1 2AB")]         // a single object is a list of one
    [InlineData("address[1].postcode", null)]
    [InlineData("address[postcode=HF1 2AB].lines", "12 Mill Lane Hearthfield")]
    [InlineData("identifier[system=https://fhir.nhs.uk/Id/nhs-number].value", "9434765919")]
    [InlineData("identifier[system='urn:odd]system'].value", "X1")]
    [InlineData("identifier[system=\"urn:odd]system\"].value", "X1")]
    [InlineData("scores", "1 2.5")]                        // numbers too
    [InlineData("mixed", null)]                           // nulls are left out of a list
    public void Value_Selector_PicksOneOfTheItems(string path, string? expected) =>
        Root().Value(path).ShouldBe(expected);

    [Theory]
    [InlineData("members.id", new[] { "M1", "M2" })]
    [InlineData("members[1].id", new[] { "M2" })]
    [InlineData("address.lines", new[] { "12 Mill Lane", "Hearthfield" })]   // one value per item
    [InlineData("identifier.system", new[] { "https://fhir.nhs.uk/Id/nhs-number", "urn:odd]system" })]
    [InlineData("caseId", new[] { "K1" })]
    [InlineData("nothing", new string[0])]
    [InlineData("missing", new string[0])]
    public void Values_Path_GivesEveryMatchInOrder(string path, string[] expected) =>
        Root().Values(path).ShouldBe(expected);

    [Fact]
    public void Each_Selector_KeepsTheMatchingItemsThatSeeTheRecord()
    {
        var second = Root().Each("members[id=M2]").ShouldHaveSingleItem();

        second.Value("id").ShouldBe("M2");
        second.Value("../caseId").ShouldBe("K1");
        Root().Each("members[5]").ShouldBeEmpty();
    }

    [Fact]
    public void Each_ObjectInsideArrayItems_HasTheItemAsParent()
    {
        // Arrays are transparent to '..': the parent of an item is the object holding the array.
        var names = Root().Each("members.name").ToList();

        names.ShouldHaveSingleItem().Value("first").ShouldBe("Amy");
        names[0].Value("../id").ShouldBe("M1");
        names[0].Value("../../caseId").ShouldBe("K1");
    }

    [Theory]
    [InlineData("members[")]
    [InlineData("members[-1].id")]
    [InlineData("members..id")]
    public void ValueValuesAndEach_PathThatIsNotOne_ReadNothing(string path)
    {
        Root().Value(path).ShouldBeNull();
        Root().Values(path).ShouldBeEmpty();
        Root().Each(path).ShouldBeEmpty();
    }

    [Fact]
    public void AllValues_StringsAndNumbers_WithDottedPaths()
    {
        var values = Root().AllValues().ToList();

        values.ShouldContain(("caseId", "K1"));
        values.ShouldContain(("address.postcode", "HF1 2AB"));
        values.ShouldContain(("address.lines", "Hearthfield"));
        values.ShouldContain(("age", "7"));
        values.ShouldContain(("members.id", "M2"));
        values.ShouldContain(("members.name.first", "Amy"));
        values.ShouldNotContain(v => v.Path == "nothing");
    }
}

public class SourceRowTests
{
    [Fact]
    public void Constructor_WithoutProblems_HasNone()
    {
        var row = new SourceRow(12, "raw", new FlatNode(FlatNode.Index(["A"]), ["1"]));

        row.Problems.ShouldBeEmpty();
        row.RowLabel.ShouldBe("12");
    }
}
