using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hearth.Synth.Build;
using Hearth.Synth.Feeds;
using Hearth.Synth.Noise;
using Hearth.Synth.Reference;
using Hearth.Synth.Simulation;
using Hearth.Synth.Truth;
using Hearth.Synth.World;

namespace Hearth.Synth;

/// <summary>A step of generation, for progress displays.</summary>
public sealed record SynthProgress(string Stage, int Done, int Total);

/// <summary>What was generated: counts, the feeds written, where, and how long it took.</summary>
public sealed record SynthSummary
{
    public required int Seed { get; init; }

    public required int PeopleAtStart { get; init; }

    public required int PeopleEver { get; init; }

    public required int Households { get; init; }

    public required int Families { get; init; }

    public required int Properties { get; init; }

    public required int Schools { get; init; }

    public required int Networks { get; init; }

    public required DateOnly WindowStart { get; init; }

    public required DateOnly ExtractDate { get; init; }

    public required IReadOnlyList<FeedSummary> Feeds { get; init; }

    public required long SourceRecordTruthRows { get; init; }

    public required string FeedsDirectory { get; init; }

    public required string TruthDirectory { get; init; }

    public required double Seconds { get; init; }

    public required long PeakWorkingSetBytes { get; init; }
}

public sealed record FeedSummary(string Name, string File, string Format, long Records, long Bytes);

/// <summary>
/// Generates a synthetic city: builds its places, schools and people, runs its life month by month through the
/// window, and writes every source system's feed (with that system's mistakes) to <c>feeds/</c> and the ground truth
/// to <c>truth/</c>. The same options always give byte-identical files.
/// </summary>
public static class CityGenerator
{
    public static SynthSummary Generate(SynthOptions options, string outputDirectory, IProgress<SynthProgress>? progress = null)
    {
        options.Validate();
        var stopwatch = Stopwatch.StartNew();
        var feedsDirectory = Path.Combine(outputDirectory, "feeds");
        var truthDirectory = Path.Combine(outputDirectory, "truth");
        Directory.CreateDirectory(feedsDirectory);
        Directory.CreateDirectory(truthDirectory);

        var city = new City(options, ReferenceData.Instance);
        progress?.Report(new SynthProgress("Laying out the city", 0, 1));
        GeographyBuilder.Build(city);
        SchoolBuilder.Build(city);
        progress?.Report(new SynthProgress("Building the population", 0, 1));
        var population = new PopulationBuilder(city);
        population.Build();
        var peopleAtStart = city.People.Count;

        using var ledger = new NoiseLedger(Path.Combine(truthDirectory, "noise_log.csv"));
        using var sourceTruth = new SourceRecordTruth(Path.Combine(truthDirectory, "source_records.csv"));
        using (var sim = new Sim(city, feedsDirectory, ledger, sourceTruth))
        {
            var modules = sim.Modules;
            modules.Demography = new DemographyModule(sim, population);
            modules.Needs = new NeedsModule(sim);
            modules.Schooling = new SchoolingModule(sim);
            modules.Benefits = new BenefitsModule(sim);
            modules.SocialCare = new SocialCareModule(sim);
            modules.EarlyHelp = new EarlyHelpModule(sim);
            modules.Policing = new PolicingModule(sim);
            modules.YouthJustice = new YouthJusticeModule(sim);
            modules.Health = new HealthModule(sim);
            modules.EarlyYears = new EarlyYearsModule(sim);
            modules.Housing = new HousingModule(sim);
            modules.CouncilTax = new CouncilTaxModule(sim);
            modules.Neet = new NeetModule(sim);
            modules.SubstanceMisuse = new SubstanceMisuseModule(sim);

            foreach (var module in modules.InOrder)
            {
                module.Initialise();
            }

            var months = options.Years * 12;
            for (var i = 0; i < months; i++)
            {
                var month = new Month(i, options.Start.AddMonths(i));
                progress?.Report(new SynthProgress($"Living through {month.Start:MMMM yyyy}", i, months));
                foreach (var module in modules.InOrder)
                {
                    module.Step(month);
                }
            }

            progress?.Report(new SynthProgress("Writing extracts", months, months));
            foreach (var module in modules.InOrder)
            {
                module.Finish();
            }

            GazetteerFeed.Write(sim);
            sim.Dispose();
            WriteManifest(city, sim, feedsDirectory);

            progress?.Report(new SynthProgress("Writing the truth", 0, 1));
            TruthWriter.Write(city, truthDirectory);
            ledger.WriteSummary(Path.Combine(truthDirectory, "noise_summary.csv"));

            var feeds = sim.Feeds
                .GroupBy(f => f.Descriptor.Name, StringComparer.Ordinal)
                .Select(g => g.First())
                .OrderBy(f => f.Descriptor.Name, StringComparer.Ordinal)
                .Select(f => new FeedSummary(f.Descriptor.Name, f.Descriptor.File, f.Descriptor.Format.ToString(), f.Records, new FileInfo(Path.Combine(feedsDirectory, f.Descriptor.File)).Length))
                .ToList();
            var summary = new SynthSummary
            {
                Seed = (int)(options.Seed & int.MaxValue),
                PeopleAtStart = peopleAtStart,
                PeopleEver = city.People.Count,
                Households = city.Truth.Households.Select(h => h.Unit.Id).Distinct().Count(),
                Families = city.Units.Count(u => u.EverFamily),
                Properties = city.Properties.Count,
                Schools = city.Schools.Count,
                Networks = city.Networks.Count,
                WindowStart = options.Start,
                ExtractDate = options.ExtractDate,
                Feeds = feeds,
                SourceRecordTruthRows = sourceTruth.Count,
                FeedsDirectory = feedsDirectory,
                TruthDirectory = truthDirectory,
                Seconds = stopwatch.Elapsed.TotalSeconds,
                PeakWorkingSetBytes = Process.GetCurrentProcess().PeakWorkingSet64,
            };
            WriteSummary(city, summary with { Seconds = 0, PeakWorkingSetBytes = 0, FeedsDirectory = "feeds", TruthDirectory = "truth" }, truthDirectory);
            return summary;
        }
    }

    /// <summary>The feed manifest: every feed, its format, encoding, layout and file, as a reader needs them.</summary>
    private static void WriteManifest(City city, Sim sim, string feedsDirectory)
    {
        var manifest = new
        {
            city = city.Name,
            local_authority_code = city.LaCode,
            synthetic = true,
            seed = city.Seed,
            people = city.Options.People,
            window_start = city.Start,
            extract_date = city.End,
            feeds = sim.Feeds.Select(f => f.Descriptor).GroupBy(d => d.Name, StringComparer.Ordinal).Select(g => g.First()).OrderBy(d => d.Name, StringComparer.Ordinal).ToList(),
        };
        File.WriteAllText(Path.Combine(feedsDirectory, "manifest.json"), JsonSerializer.Serialize(manifest, ManifestJson) + "\n");
    }

    /// <summary>The summary without timings, so that it is as deterministic as the rest of the truth.</summary>
    private static void WriteSummary(City city, SynthSummary summary, string truthDirectory)
    {
        var document = new { summary, noise = city.Options.Noise };
        File.WriteAllText(Path.Combine(truthDirectory, "summary.json"), JsonSerializer.Serialize(document, ManifestJson) + "\n");
    }

    private static readonly JsonSerializerOptions ManifestJson = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
