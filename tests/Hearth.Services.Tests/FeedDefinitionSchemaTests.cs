using System.Text.Json;
using Hearth.Services.Ingestion;
using Hearth.TestCommon;

namespace Hearth.Services.Tests;

public sealed class FeedDefinitionSchemaTests
{
    private static string CommittedPath => Path.Combine(Repository.FeedDefinitions, "feed-definition.schema.json");

    [Fact]
    public void CommittedSchema_IsWhatTheDefinitionTypesGenerate()
    {
        var committed = File.ReadAllText(CommittedPath).ReplaceLineEndings("\n");
        committed.ShouldBe(
            FeedDefinitionSchema.Generate(),
            "config/feeds/feed-definition.schema.json is out of date with the FeedDefinition types; regenerate it with: dotnet run --project src/Hearth.Cli -- schema --output config/feeds/feed-definition.schema.json");
    }

    [Fact]
    public void Schema_DescribesEveryPropertyAndClosesEveryObject()
    {
        using var schema = JsonDocument.Parse(FeedDefinitionSchema.Generate());
        var undescribed = new List<string>();
        var open = new List<string>();
        Walk(schema.RootElement, "$", undescribed, open);

        undescribed.ShouldBeEmpty("every property a definition author can write should say what it is for (add an XML doc summary)");
        open.ShouldBeEmpty("every object should reject unknown properties, as the reader does");
    }

    [Fact]
    public void EveryCommittedDefinition_PointsAtTheSchema()
    {
        var definitions = Directory.GetFiles(Repository.FeedDefinitions, "*.json").Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal)).ToList();
        definitions.ShouldNotBeEmpty();
        foreach (var file in definitions)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            document.RootElement.TryGetProperty("$schema", out var pointer).ShouldBeTrue($"{Path.GetFileName(file)} has no $schema, so editors cannot check it");
            pointer.GetString().ShouldBe("./feed-definition.schema.json", Path.GetFileName(file));
        }
    }

    private static void Walk(JsonElement node, string path, List<string> undescribed, List<string> open)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (node.TryGetProperty("properties", out var properties))
        {
            foreach (var property in properties.EnumerateObject())
            {
                if (!property.Value.TryGetProperty("description", out _))
                {
                    undescribed.Add($"{path}.{property.Name}");
                }
            }

            // Dictionaries (code maps, event attributes) are open by design; objects with named properties are not.
            if (!node.TryGetProperty("additionalProperties", out var additional) || additional.ValueKind != JsonValueKind.False)
            {
                open.Add(path);
            }
        }

        foreach (var child in node.EnumerateObject())
        {
            if (child.Value.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var item in child.Value.EnumerateArray())
                {
                    Walk(item, $"{path}.{child.Name}[{index++}]", undescribed, open);
                }
            }
            else
            {
                Walk(child.Value, $"{path}.{child.Name}", undescribed, open);
            }
        }
    }
}
