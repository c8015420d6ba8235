using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hearth.Core.Ingestion;

namespace Hearth.Services.Ingestion;

/// <summary>A feed to load: its definition and its file.</summary>
public sealed record FeedFile(FeedDefinition Definition, string Path, string DefinitionHash);

/// <summary>
/// Reads feed definitions (config/feeds/*.json) and feed manifests. A manifest is a JSON file with a <c>feeds</c> array
/// whose items name a feed and its file (relative to the manifest), as <c>hearth synth</c> writes; other properties are
/// ignored.
/// </summary>
public static class FeedCatalogue
{
    /// <summary>Every definition in the folder, by name; a file that is not a valid definition is an error naming the file.</summary>
    public static IReadOnlyDictionary<string, (FeedDefinition Definition, string Hash)> LoadDefinitions(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new ArgumentException($"There is no feed definitions folder at {directory}. Give one with --definitions.", nameof(directory));
        }

        var definitions = new Dictionary<string, (FeedDefinition, string)>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            if (file.EndsWith(".schema.json", StringComparison.Ordinal))
            {
                continue;
            }

            FeedDefinition definition;
            try
            {
                definition = JsonSerializer.Deserialize<FeedDefinition>(File.ReadAllText(file), FeedDefinition.JsonOptions)
                    ?? throw new JsonException("The file is empty.");
            }
            catch (JsonException ex)
            {
                throw new ArgumentException($"{file} is not a valid feed definition: {ex.Message}", nameof(directory), ex);
            }

            if (!definitions.TryAdd(definition.Name, (definition, Hash(definition))))
            {
                throw new ArgumentException($"Two definitions in {directory} are for feed {definition.Name}.", nameof(directory));
            }
        }

        return definitions;
    }

    /// <summary>The feeds a manifest lists (a manifest file, or a folder holding manifest.json), with their definitions.</summary>
    public static IReadOnlyList<FeedFile> FromManifest(string path, IReadOnlyDictionary<string, (FeedDefinition Definition, string Hash)> definitions, IReadOnlyCollection<string>? only = null)
    {
        var manifest = Directory.Exists(path) ? Path.Combine(path, "manifest.json") : path;
        if (!File.Exists(manifest))
        {
            throw new ArgumentException(Directory.Exists(path)
                ? $"The folder {path} holds no manifest.json."
                : $"There is no manifest at {path}.", nameof(path));
        }

        using var document = JsonDocument.Parse(File.ReadAllText(manifest));
        if (!document.RootElement.TryGetProperty("feeds", out var feeds) || feeds.ValueKind != JsonValueKind.Array)
        {
            throw new ArgumentException($"{manifest} has no 'feeds' array.", nameof(path));
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(manifest))!;
        var files = new List<FeedFile>();
        var missing = new List<string>();
        foreach (var feed in feeds.EnumerateArray())
        {
            if (feed.ValueKind != JsonValueKind.Object || !feed.TryGetProperty("name", out var nameProperty) || nameProperty.ValueKind != JsonValueKind.String)
            {
                throw new ArgumentException($"{manifest} lists a feed without a name: every entry needs \"name\" and \"file\".", nameof(path));
            }

            var name = nameProperty.GetString()!;
            var file = feed.TryGetProperty("file", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
            if (only is { Count: > 0 } && !only.Contains(name, StringComparer.Ordinal))
            {
                continue;
            }

            if (!definitions.TryGetValue(name, out var definition))
            {
                missing.Add(name);
                continue;
            }

            files.Add(new FeedFile(definition.Definition, file is null ? string.Empty : Path.Combine(folder, file), definition.Hash));
        }

        if (missing.Count > 0)
        {
            throw new ArgumentException($"The manifest lists feeds with no definition: {string.Join(", ", missing)}. Add config/feeds/<name>.json for each.", nameof(path));
        }

        // Reference data first: other feeds' addresses are matched against the gazetteer.
        return [.. files.OrderBy(f => f.Definition.IsReference ? 0 : 1)];
    }

    /// <summary>A hash of the definition's meaning (not its layout), so a change to a mapping reloads the feed.</summary>
    public static string Hash(FeedDefinition definition) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(definition, FeedDefinition.JsonOptions))))[..32];

    /// <summary>The definitions folder: the one given, else config/feeds in the current folder or one above it.</summary>
    public static string FindDefinitions(string? given)
    {
        if (given is not null)
        {
            return given;
        }

        var directory = new DirectoryInfo(Directory.GetCurrentDirectory());
        while (directory is not null)
        {
            var candidate = Path.Combine(directory.FullName, "config", "feeds");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }

            directory = directory.Parent;
        }

        return Path.Combine(AppContext.BaseDirectory, "config", "feeds");
    }
}
