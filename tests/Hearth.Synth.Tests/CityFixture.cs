using System.Text.Json;
using Hearth.Synth.Noise;

[assembly: AssemblyFixture(typeof(Hearth.Synth.Tests.CityFixture))]

namespace Hearth.Synth.Tests;

/// <summary>
/// Two small cities generated once for the whole test assembly: a noisy one with the default noise profile, and a
/// clean one with no noise at all, so that tests can tell deliberate mistakes from everything else.
/// </summary>
public sealed class CityFixture : IDisposable
{
    public CityFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "hearth-synth-tests-" + Guid.NewGuid().ToString("N"));
        Noisy = new GeneratedCity(Path.Combine(Root, "noisy"), new SynthOptions { People = 6_000, Seed = 11 });
        Clean = new GeneratedCity(Path.Combine(Root, "clean"), new SynthOptions { People = 2_000, Seed = 12, Noise = NoiseProfile.None });
    }

    public string Root { get; }

    public GeneratedCity Noisy { get; }

    public GeneratedCity Clean { get; }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}

public sealed class GeneratedCity
{
    public GeneratedCity(string directory, SynthOptions options)
    {
        Directory = directory;
        Options = options;
        Summary = CityGenerator.Generate(options, directory);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(FeedsDirectory, "manifest.json")));
        Feeds = manifest.RootElement.GetProperty("feeds").EnumerateArray().Select(ManifestFeed.From).ToList();
        People = TruthTable.Read(Path.Combine(TruthDirectory, "people.csv")).ToDictionary(r => r["person_id"], StringComparer.Ordinal);
    }

    public string Directory { get; }

    public SynthOptions Options { get; }

    public SynthSummary Summary { get; }

    public string FeedsDirectory => Path.Combine(Directory, "feeds");

    public string TruthDirectory => Path.Combine(Directory, "truth");

    public IReadOnlyList<ManifestFeed> Feeds { get; }

    public IReadOnlyDictionary<string, Dictionary<string, string>> People { get; }

    public ManifestFeed Feed(string name) => Feeds.Single(f => f.Name == name);

    public string FeedPath(string name) => Path.Combine(FeedsDirectory, Feed(name).File);

    public IReadOnlyList<Dictionary<string, string>> Truth(string file) => TruthTable.Read(Path.Combine(TruthDirectory, file));
}

/// <summary>A feed as the manifest describes it: read back from JSON, so the tests check the manifest too.</summary>
public sealed record ManifestFeed(string Name, string Format, string File, string Encoding, string? Delimiter, string? DateFormat, string? Sheet, int HeaderRow, string? RecordPath, IReadOnlyList<(string Name, int Width)> Columns, IReadOnlyList<string> Key, double NoiseMultiplier)
{
    public static ManifestFeed From(JsonElement e)
    {
        string? Optional(string name) => e.TryGetProperty(name, out var v) ? v.GetString() : null;
        var columns = e.TryGetProperty("columns", out var c)
            ? c.EnumerateArray().Select(x => (x.GetProperty("name").GetString()!, x.GetProperty("width").GetInt32())).ToList()
            : [];
        return new ManifestFeed(
            e.GetProperty("name").GetString()!,
            e.GetProperty("format").GetString()!,
            e.GetProperty("file").GetString()!,
            e.GetProperty("encoding").GetString()!,
            Optional("delimiter"),
            Optional("date_format"),
            Optional("sheet"),
            e.TryGetProperty("header_row", out var h) ? h.GetInt32() : 0,
            Optional("record_path"),
            columns,
            e.GetProperty("key").EnumerateArray().Select(k => k.GetString()!).ToList(),
            e.GetProperty("noise_multiplier").GetDouble());
    }
}
