using Hearth.Core.Rules;

namespace Hearth.Core.Tests.Rules;

/// <summary>A rule set that cannot work is refused when it is read or compiled, saying what is wrong and where.</summary>
public class RuleSetCompileTests
{
    private const string Rule = """{ "id": "r", "description": "d", "weight": 1, "when": { "count": { "events": ["exclusion"] } } }""";
    private const string Bands = """[ { "band": "green", "from": 0 }, { "band": "red", "from": 3 } ]""";

    [Theory]
    [InlineData($$"""{ "name": "x", "version": "1", "subject": "person", "scale": "rag", "rules": [ {{Rule}} ], "bands": {{Bands}}, "colour": "blue" }""", "colour")]
    [InlineData($$"""{ "name": "x", "version": "1", "subject": "household", "scale": "rag", "rules": [ {{Rule}} ], "bands": {{Bands}} }""", "subject")]
    [InlineData($$"""{ "name": "x", "subject": "person", "scale": "rag", "rules": [ {{Rule}} ], "bands": {{Bands}} }""", "version")]
    [InlineData("""{ "name": "x", "version": "1", "subject": "person", "scale": "rag", "rules": [ { "id": "r", "description": "d", "weight": 1, "when": { "count": { "events": ["e"] }, "age": { "ge": 1 } } } ], "bands": [ { "band": "green", "from": 0 } ] }""", "rules[0].when: give exactly one")]
    [InlineData("""{ "name": "x", "version": "1", "subject": "person", "scale": "rag", "rules": [ { "id": "r", "description": "d", "weight": 1, "when": { } } ], "bands": [ { "band": "green", "from": 0 } ] }""", "found none")]
    [InlineData("""{ "name": "x", "version": "1", "subject": "person", "scale": "rag", "rules": [ { "id": "r", "description": "d", "weight": 1, "when": { "rate": { "events": ["a"], "numerator": "n", "denominator": "d", "is": { } } } } ], "bands": [ { "band": "green", "from": 0 } ] }""", "rules[0].when.rate.is: give at least one of lt")]
    [InlineData("""{ "name": "x", "version": "1", "subject": "person", "scale": "rag", "rules": [ { "id": "r", "description": "d", "weight": 1, "when": { "count": { "events": ["a"], "window": { "days": 3, "terms": 1 } } } } ], "bands": [ { "band": "green", "from": 0 } ] }""", "window: give exactly one of days")]
    [InlineData("""{ "name": "x", "version": "1", "subject": "person", "scale": "rag", "rules": [ { "id": "r", "description": "d", "weight": 1, "when": { "count": { "events": [] } } } ], "bands": [ { "band": "green", "from": 0 } ] }""", "events: give at least one event type")]
    [InlineData("""{ "name": "x", "version": "1", "subject": "person", "scale": "rag", "rules": [ { "id": "r", "description": "d", "weight": 1, "when": { "fired": { } } } ], "bands": [ { "band": "green", "from": 0 } ] }""", "fired may only be used in an override")]
    [InlineData($$"""{ "name": "x", "version": "1", "subject": "person", "scale": "rag", "rules": [ {{Rule}}, {{Rule}} ], "bands": {{Bands}} }""", "used twice")]
    [InlineData($$"""{ "name": "x", "version": "1", "subject": "person", "scale": "rag", "rules": [ {{Rule}} ], "bands": [ { "band": "low", "from": 0 } ] }""", "'low' is not a band of the rag scale")]
    [InlineData($$"""{ "name": "x", "version": "1", "subject": "person", "scale": "tier", "rules": [ {{Rule}} ], "bands": [ { "band": "high", "from": 0 }, { "band": "low", "from": 2 } ] }""", "bands go from the least concern up")]
    [InlineData($$"""{ "name": "x", "version": "1", "subject": "person", "scale": "rag", "rules": [ {{Rule}} ], "bands": {{Bands}}, "overrides": [ { "id": "o", "description": "d", "band": "red", "when": { "fired": { "rules": ["nope"] } } } ] }""", "fired names the rule 'nope'")]
    [InlineData($$"""{ "name": "x", "version": "1", "subject": "person", "scale": "rag", "rules": [ { "id": "r", "description": "d", "weight": -1, "when": { "count": { "events": ["a"] } } } ], "bands": {{Bands}} }""", "weight must be a number of zero or more")]
    public void ParseAndCompile_BadRuleSet_IsRefusedSayingWhy(string json, string expected)
    {
        var ex = Should.Throw<InvalidRuleSetException>(() => CompiledRuleSet.Compile(RuleSet.Parse(json, "test.json")));

        ex.Message.ShouldContain(expected);
    }

    [Fact]
    public void Compile_GoodRuleSet_KeepsNameVersionAndScale()
    {
        var set = CompiledRuleSet.Compile(RuleSet.Parse($$"""{ "name": "x", "version": "2.0", "subject": "person", "scale": "tier", "rules": [ {{Rule}} ], "bands": [ { "band": "low", "from": 0 }, { "band": "high", "from": 1 } ] }""", "t"));

        set.Name.ShouldBe("x");
        set.Version.ShouldBe("2.0");
        set.BandOrder.ShouldBe(["low", "medium", "high"]);
        set.Severity("high").ShouldBeGreaterThan(set.Severity("low"));
        set.Severity("none").ShouldBe(-1);
    }
}
