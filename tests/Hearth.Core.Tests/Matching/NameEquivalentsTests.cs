using System.Text;
using Hearth.Core.Matching;

namespace Hearth.Core.Tests.Matching;

public class NameEquivalentsTests
{
    private const string Small = """
        {
          "$comment": "A small list for the tests.",
          "groups": [
            ["ALEXANDER", "ALEX", "SANDY"],
            ["ALEXANDRA", "ALEX", "SANDY", "LEXI"],
            ["SANDRA", "SANDY"],
            ["WILLIAM", "BILL"]
          ]
        }
        """;

    [Theory]
    [InlineData("ALEXANDER", "ALEX")]
    [InlineData("ALEX", "ALEXANDER")]
    [InlineData("ALEXANDRA", "LEXI")]
    [InlineData("SANDRA", "SANDY")]
    [InlineData("WILLIAM", "BILL")]
    [InlineData("WILLIAM", "WILLIAM")]
    [InlineData("ZEBEDEE", "ZEBEDEE")]       // equal keys are equivalent whether listed or not
    public void AreEquivalent_SharedGroupOrEqual_IsTrue(string a, string b) =>
        NameEquivalents.Parse(Small).AreEquivalent(a, b).ShouldBeTrue();

    [Theory]
    [InlineData("ALEXANDER", "ALEXANDRA")]   // both share a group with ALEX, but not with each other
    [InlineData("ALEXANDER", "SANDRA")]
    [InlineData("LEXI", "ALEXANDER")]
    [InlineData("WILLIAM", "ALEX")]
    [InlineData("WILLIAM", "ZEBEDEE")]
    [InlineData("ZEBEDEE", "ZACHARY")]
    [InlineData("WILLIAM", "william")]       // ordinal: callers compare keys
    public void AreEquivalent_NoSharedGroup_IsFalse(string a, string b) =>
        NameEquivalents.Parse(Small).AreEquivalent(a, b).ShouldBeFalse();

    [Fact]
    public void GroupsOf_ListedKey_GivesItsGroupsInOrder()
    {
        var equivalents = NameEquivalents.Parse(Small);

        equivalents.GroupCount.ShouldBe(4);
        equivalents.GroupsOf("SANDY").ShouldBe([0, 1, 2]);
        equivalents.GroupsOf("ALEX").ShouldBe([0, 1]);
        equivalents.GroupsOf("BILL").ShouldBe([3]);
        equivalents.GroupsOf("ZEBEDEE").ShouldBeEmpty();
    }

    [Fact]
    public void Empty_AnyKeys_OnlyEqualKeysAreEquivalent()
    {
        NameEquivalents.Empty.GroupCount.ShouldBe(0);
        NameEquivalents.Empty.AreEquivalent("WILLIAM", "WILLIAM").ShouldBeTrue();
        NameEquivalents.Empty.AreEquivalent("WILLIAM", "BILL").ShouldBeFalse();
        NameEquivalents.Empty.GroupsOf("WILLIAM").ShouldBeEmpty();
    }

    [Fact]
    public void Parse_Stream_ReadsTheSameList()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Small));

        var equivalents = NameEquivalents.Parse(stream);

        equivalents.GroupCount.ShouldBe(4);
        equivalents.AreEquivalent("ALEXANDRA", "SANDY").ShouldBeTrue();
    }

    [Fact]
    public void Parse_CommentsAndTrailingCommas_AreAllowed()
    {
        const string json = """
            {
              // hand-edited lists have these
              "groups": [["JAMES", "JIM",],],
            }
            """;

        NameEquivalents.Parse(json).AreEquivalent("JIM", "JAMES").ShouldBeTrue();
    }

    [Theory]
    [InlineData("", "not valid JSON")]
    [InlineData("{\"groups\": [[\"JAMES\", \"JIM\"]", "not valid JSON")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("{}", "must have a \"groups\" array")]
    [InlineData("{\"groups\": {}}", "must have a \"groups\" array")]
    [InlineData("{\"group\": []}", "unknown property \"group\"")]
    [InlineData("{\"groups\": [\"JAMES\"]}", "Group 0 of the name equivalents is not an array")]
    [InlineData("{\"groups\": [[\"JAMES\", \"JIM\"], [\"JAMES\", \"Jim\"]]}", "Group 1 of the name equivalents has \"Jim\", which is not a name key")]
    [InlineData("{\"groups\": [[\"JAMES\", \"JIM BOB\"]]}", "has \"JIM BOB\", which is not a name key")]
    [InlineData("{\"groups\": [[\"OBRIEN\", \"O'BRIEN\"]]}", "which is not a name key")]
    [InlineData("{\"groups\": [[\"ZOE\", \"ZOË\"]]}", "which is not a name key")]
    [InlineData("{\"groups\": [[\"JAMES\", \"\"]]}", "has \"\", which is not a name key")]
    [InlineData("{\"groups\": [[\"JAMES\", 7]]}", "has 7, which is not a name key")]
    [InlineData("{\"groups\": [[\"JAMES\", null]]}", "has null, which is not a name key")]
    [InlineData("{\"groups\": [[\"JAMES\", \"JIM\", \"JAMES\"]]}", "has \"JAMES\" twice")]
    [InlineData("{\"groups\": [[\"JAMES\"]]}", "has 1 name: a group needs at least two")]
    [InlineData("{\"groups\": [[]]}", "has 0 names: a group needs at least two")]
    public void Parse_BadInput_ThrowsAFormatExceptionThatSaysWhy(string json, string message)
    {
        var exception = Should.Throw<FormatException>(() => NameEquivalents.Parse(json));

        exception.Message.ShouldContain(message);
    }

    [Fact]
    public void RepositoryList_EveryEntry_IsAKeyInAGroupOfAtLeastTwoDistinctNames()
    {
        // Read the raw JSON, independently of Parse's own checks.
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(RepositoryList));
        var groups = document.RootElement.GetProperty("groups");
        var number = 0;
        foreach (var group in groups.EnumerateArray())
        {
            var names = group.EnumerateArray().Select(entry => entry.GetString()!).ToList();

            names.Count.ShouldBeGreaterThanOrEqualTo(2, $"group {number} ({string.Join(", ", names)})");
            names.Distinct(StringComparer.Ordinal).Count().ShouldBe(names.Count, $"group {number} ({string.Join(", ", names)}) repeats a name");
            foreach (var name in names)
            {
                name.ShouldNotBeEmpty($"group {number}");
                name.ShouldAllBe(c => c >= 'A' && c <= 'Z', $"group {number} has {name}");
            }

            number++;
        }
    }

    [Fact]
    public void RepositoryList_Parses_AndIsBroad()
    {
        var equivalents = NameEquivalents.Parse(File.ReadAllText(RepositoryList));

        equivalents.GroupCount.ShouldBeGreaterThanOrEqualTo(250);
    }

    [Theory]
    // Nicknames and short forms.
    [InlineData("WILLIAM", "BILL")]
    [InlineData("WILLIAM", "LIAM")]
    [InlineData("ELIZABETH", "LIZ")]
    [InlineData("ELIZABETH", "BETTY")]
    [InlineData("MARGARET", "PEGGY")]
    [InlineData("MARGARET", "MAGGIE")]
    [InlineData("ROBERT", "BOB")]
    [InlineData("RICHARD", "DICK")]
    [InlineData("EDWARD", "TED")]
    [InlineData("EDWARD", "NED")]
    [InlineData("ALEXANDER", "SANDY")]
    [InlineData("KATHERINE", "KATE")]
    [InlineData("CATHERINE", "KATHRYN")]
    [InlineData("CATHERINE", "CATHY")]
    [InlineData("JACQUELINE", "JACKIE")]
    [InlineData("JOHN", "JACK")]
    [InlineData("MUHAMMAD", "MO")]
    // Spelling variants and Welsh, Scottish and Irish forms.
    [InlineData("STEPHEN", "STEVEN")]
    [InlineData("GEOFFREY", "JEFFREY")]
    [InlineData("SEAN", "SHAUN")]
    [InlineData("SEAN", "SHAWN")]
    [InlineData("SIOBHAN", "SHEVAUN")]
    [InlineData("IAN", "IAIN")]
    [InlineData("EVAN", "IEUAN")]
    [InlineData("RHYS", "REECE")]
    [InlineData("RHYS", "REES")]
    [InlineData("NIAMH", "NEVE")]
    // Transliterations.
    [InlineData("MOHAMMED", "MUHAMMAD")]
    [InlineData("MOHAMMED", "MOHAMED")]
    [InlineData("AHMED", "AHMAD")]
    [InlineData("HUSSEIN", "HUSAIN")]
    [InlineData("HUSSEIN", "HUSSAIN")]
    [InlineData("FATIMA", "FATIMAH")]
    [InlineData("AISHA", "AYESHA")]
    [InlineData("AISHA", "AYSHA")]
    [InlineData("YUSUF", "YOUSSEF")]
    [InlineData("ABDIRAHMAN", "ABDULRAHMAN")]
    [InlineData("GURPREET", "GURPRIT")]
    [InlineData("QIANG", "KEUNG")]
    // European forms and the short forms their bearers go by.
    [InlineData("ALEKSANDER", "ALEXANDER")]
    [InlineData("KATARZYNA", "KASIA")]
    [InlineData("MALGORZATA", "GOSIA")]
    [InlineData("ZBIGNIEW", "ZBYSZEK")]
    [InlineData("KRZYSZTOF", "CHRIS")]
    [InlineData("OLUWASEUN", "SEUN")]
    public void RepositoryList_KnownEquivalents_AreEquivalent(string a, string b)
    {
        var equivalents = NameEquivalents.Parse(File.ReadAllText(RepositoryList));

        equivalents.AreEquivalent(a, b).ShouldBeTrue();
        equivalents.AreEquivalent(b, a).ShouldBeTrue();
    }

    [Theory]
    [InlineData("JOHN", "JANE")]
    [InlineData("MARK", "MARY")]
    [InlineData("MICHAEL", "MICHELLE")]
    [InlineData("ALEXANDER", "ALEXANDRA")]   // both are ALEX, but they are different names
    [InlineData("CHRISTOPHER", "CHRISTINE")]
    [InlineData("SAMUEL", "SAMANTHA")]
    [InlineData("JOHN", "IAN")]              // cognates that sound different are kept apart
    [InlineData("JOSEPH", "YUSUF")]
    [InlineData("MOHAMMED", "AHMED")]
    [InlineData("WILLIAM", "ROBERT")]
    [InlineData("AISHA", "FATIMA")]
    public void RepositoryList_DifferentNames_AreNotEquivalent(string a, string b)
    {
        var equivalents = NameEquivalents.Parse(File.ReadAllText(RepositoryList));

        equivalents.AreEquivalent(a, b).ShouldBeFalse();
        equivalents.AreEquivalent(b, a).ShouldBeFalse();
    }

    // config/matching/name-equivalents.json in the repository the tests run from.
    private static string RepositoryList
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Hearth.slnx")))
            {
                directory = directory.Parent;
            }

            return directory is null
                ? throw new InvalidOperationException("The tests are not running inside the Hearth repository.")
                : Path.Combine(directory.FullName, "config", "matching", "name-equivalents.json");
        }
    }
}
