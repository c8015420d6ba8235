using System.Text.Json;
using Hearth.Core.Rules;
using Hearth.Services.Rules;
using Hearth.TestCommon;

namespace Hearth.Services.Tests.Rules;

/// <summary>The committed rule set schema is what the types generate, and every committed rule set follows it and compiles.</summary>
public sealed class RuleSetSchemaTests
{
    private static string Folder => Path.Combine(Repository.Root, "config", "rules");

    private static List<string> RuleSetFiles => [.. Directory.GetFiles(Folder, "*.json").Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    [Fact]
    public void CommittedSchema_IsWhatTheRuleSetTypesGenerate() =>
        File.ReadAllText(Path.Combine(Folder, RuleCatalogue.SchemaFile)).ReplaceLineEndings("\n").ShouldBe(
            RuleSetSchema.Generate(),
            "config/rules/rule-set.schema.json is out of date with the RuleSet types; regenerate it with: dotnet run --project src/Hearth.Cli -- schema --rules --output config/rules/rule-set.schema.json");

    [Fact]
    public void EveryCommittedRuleSet_FollowsTheSchema_AndCompiles()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, RuleCatalogue.SchemaFile)));
        RuleSetFiles.Count.ShouldBeGreaterThanOrEqualTo(3);
        foreach (var file in RuleSetFiles)
        {
            var name = Path.GetFileName(file);
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            document.RootElement.GetProperty("$schema").GetString().ShouldBe("./" + RuleCatalogue.SchemaFile, name);
            var problems = new List<string>();
            SchemaCheck.Validate(schema.RootElement, schema.RootElement, document.RootElement, "$", problems);
            problems.ShouldBeEmpty(name);

            var set = CompiledRuleSet.Compile(RuleSet.Parse(File.ReadAllText(file), name));
            set.Name.ShouldBe(Path.GetFileNameWithoutExtension(file), "a rule set's file is named after it");
        }
    }

    [Fact]
    public void Catalogue_LoadsEveryDefault_AndTheBuiltInCopiesAreTheSame()
    {
        var fromFolder = RuleCatalogue.Load(Folder);

        fromFolder.Select(s => s.Name).ShouldBe(["exploitation-risk", "neet-risk", "supporting-families", "vulnerable-pupil"]);
        fromFolder.Where(s => s.Definition.Subject == RuleSubject.Family).Select(s => s.Name).ShouldBe(["supporting-families"]);
        RuleCatalogue.LoadBuiltIn().Select(s => (s.Name, s.Version, s.Definition.Rules.Count)).ShouldBe(fromFolder.Select(s => (s.Name, s.Version, s.Definition.Rules.Count)));
    }

    [Theory]
    [InlineData("""{ "colour": "blue" }""", "$.colour: not allowed")]
    [InlineData("""{ "scale": "traffic-lights" }""", "$.scale: not one of")]
    [InlineData("""{ "rules": [ { "when": { "count": { "events": ["a"] }, "age": { "ge": 1 } } } ] }""", "more than 1 properties")]
    [InlineData("""{ "bands": [ { "band": "green", "from": "zero" } ] }""", "$.bands[0].from: expected")]
    public void SchemaCheck_RuleSetBreakingTheSchema_IsCaught(string change, string expected)
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, RuleCatalogue.SchemaFile)));
        var good = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "neet-risk.json")))!.AsObject();
        foreach (var (key, value) in System.Text.Json.Nodes.JsonNode.Parse(change)!.AsObject().ToList())
        {
            good[key] = value?.DeepClone();
        }

        using var bad = JsonDocument.Parse(good.ToJsonString());
        var problems = new List<string>();
        SchemaCheck.Validate(schema.RootElement, schema.RootElement, bad.RootElement, "$", problems);

        problems.ShouldContain(p => p.Contains(expected, StringComparison.Ordinal), string.Join("\n", problems));
    }

    /// <summary>
    /// The part of JSON Schema the generated schema uses (type, enum, properties, required, additionalProperties,
    /// min/maxProperties, items, local $ref), so that committed files are checked against the schema editors see.
    /// </summary>
    private static class SchemaCheck
    {
        public static void Validate(JsonElement root, JsonElement schema, JsonElement value, string path, List<string> problems)
        {
            if (schema.ValueKind == JsonValueKind.True)
            {
                return;
            }

            if (schema.ValueKind == JsonValueKind.False)
            {
                problems.Add($"{path}: not allowed");
                return;
            }

            if (schema.TryGetProperty("$ref", out var reference))
            {
                var target = root;
                foreach (var part in reference.GetString()!.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
                {
                    target = target.ValueKind == JsonValueKind.Array ? target[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)] : target.GetProperty(part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
                }

                Validate(root, target, value, path, problems);
            }

            if (schema.TryGetProperty("type", out var type))
            {
                var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
                if (!types.Any(t => Is(value, t)))
                {
                    problems.Add($"{path}: expected {string.Join(" or ", types)}, found {value.ValueKind}");
                    return;
                }
            }

            if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => a.ValueKind == value.ValueKind && a.ToString() == value.ToString()))
            {
                problems.Add($"{path}: not one of {allowed}");
            }

            if (value.ValueKind == JsonValueKind.Object)
            {
                var count = value.EnumerateObject().Count();
                if (schema.TryGetProperty("minProperties", out var min) && count < min.GetInt32())
                {
                    problems.Add($"{path}: fewer than {min} properties");
                }

                if (schema.TryGetProperty("maxProperties", out var max) && count > max.GetInt32())
                {
                    problems.Add($"{path}: more than {max} properties");
                }

                if (schema.TryGetProperty("required", out var required))
                {
                    foreach (var name in required.EnumerateArray().Select(r => r.GetString()!).Where(r => !value.TryGetProperty(r, out _)))
                    {
                        problems.Add($"{path}: {name} is required");
                    }
                }

                var properties = schema.TryGetProperty("properties", out var p) ? p : default;
                foreach (var property in value.EnumerateObject())
                {
                    if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
                    {
                        Validate(root, propertySchema, property.Value, $"{path}.{property.Name}", problems);
                    }
                    else if (schema.TryGetProperty("additionalProperties", out var additional))
                    {
                        Validate(root, additional, property.Value, $"{path}.{property.Name}", problems);
                    }
                }
            }

            if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
            {
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Validate(root, items, item, $"{path}[{i++}]", problems);
                }
            }
        }

        private static bool Is(JsonElement value, string type) => type switch
        {
            "object" => value.ValueKind == JsonValueKind.Object,
            "array" => value.ValueKind == JsonValueKind.Array,
            "string" => value.ValueKind == JsonValueKind.String,
            "number" => value.ValueKind == JsonValueKind.Number,
            "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "null" => value.ValueKind == JsonValueKind.Null,
            _ => false,
        };
    }
}
