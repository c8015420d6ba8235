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
          "members": [ { "id": "M1", "dob": "2015-01-01", "name": { "first": "Amy" } }, { "id": "M2" } ]
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
    public void Value_ObjectOrArray_IsItsJson() =>
        Root().Value("address.lines").ShouldBe("""["12 Mill Lane", "Hearthfield"]""");

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
