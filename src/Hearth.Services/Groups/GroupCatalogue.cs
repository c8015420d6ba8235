using System.Text.Json;
using System.Text.Json.Serialization;
using Hearth.Core.Groups;

namespace Hearth.Services.Groups;

/// <summary>
/// Reads the group layers of a deployment from config/groups/*.json. An unknown property, a missing required one, a
/// kind without the rules it needs, two layers of one name, or an extended family over a layer that does not exist, is
/// an error naming the file: a layer silently half-read would build the wrong groups.
/// </summary>
public static class GroupCatalogue
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>The layers in build order: households, then families, then extended families, then associations; by name within a kind.</summary>
    public static IReadOnlyList<GroupLayerDefinition> Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new ArgumentException($"There is no group layers folder at {directory}. Give one with --layers.", nameof(directory));
        }

        var layers = new List<GroupLayerDefinition>();
        foreach (var file in Directory.GetFiles(directory, "*.json").Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            GroupLayerDefinition layer;
            try
            {
                // The $schema property is for editors; drop it rather than teach the model about it.
                var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }) as System.Text.Json.Nodes.JsonObject
                    ?? throw new JsonException("The file does not hold a JSON object.");
                node.Remove("$schema");
                layer = node.Deserialize<GroupLayerDefinition>(JsonOptions) ?? throw new JsonException("The file is empty.");
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{file} is not a valid group layer: {ex.Message}", ex);
            }

            if (layer.Problems() is { Count: > 0 } problems)
            {
                throw new InvalidDataException($"{file} is not a valid group layer: {string.Join("; ", problems)}.");
            }

            if (layers.Any(l => l.Name == layer.Name))
            {
                throw new InvalidDataException($"{file}: a layer named '{layer.Name}' is defined twice.");
            }

            layers.Add(layer);
        }

        foreach (var layer in layers.Where(l => l.Kind == GroupLayerKind.ExtendedFamily))
        {
            if (!layers.Any(l => l.Name == layer.OfLayer && l.Kind == GroupLayerKind.Family))
            {
                throw new InvalidDataException($"The extended family layer '{layer.Name}' is over '{layer.OfLayer}', which is not a family layer in {directory}.");
            }
        }

        return [.. layers.OrderBy(l => l.Kind).ThenBy(l => l.Name, StringComparer.Ordinal)];
    }

    /// <summary>config/groups in the current folder or the nearest parent that has one, else beside the program.</summary>
    public static string Find(string? given)
    {
        if (given is not null)
        {
            return given;
        }

        for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "config", "groups");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "config", "groups");
    }
}
