using System.CommandLine;
using System.Globalization;
using Hearth.Core.Matching;
using Hearth.Services.Ingestion;
using Hearth.Services.Matching;
using Hearth.Services.Persistence;
using Hearth.Synth;

namespace Hearth.Cli.Commands;

/// <summary><c>hearth bench match</c>: link a city's person records at scale, then time resolving records one at a time.</summary>
internal static class BenchMatchCommand
{
    public static Command Create()
    {
        var store = new Option<string?>("--store") { Description = "Link the person records of this store (a SQLite path or a PostgreSQL connection string) instead of generating and loading a city first." };
        var people = new Option<int>("--people") { Description = "Residents of the city to generate and load when no store is given (100,000 give about a million person records).", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<ulong>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 42 };
        var holdOut = new Option<int>("--hold-out") { Description = "Records held out of the index and resolved one at a time against all the others.", DefaultValueFactory = _ => 10_000 };
        var names = NameEquivalentsOption.Create();
        var command = new Command("match", "Time a full link of the store's person records (training, blocking, scoring, clustering) with its peak memory and scored pairs per second per core, then resolve held-out records one at a time and report the milliseconds per record (median, p95, p99).")
        {
            store, people, seed, holdOut, names,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var given = parse.GetValue(store);
            var directory = Path.Combine(Path.GetTempPath(), "hearth-bench-" + Guid.NewGuid().ToString("N"));
            var file = directory + ".db";
            try
            {
                if (given is null)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generating and loading a {parse.GetValue(people):N0}-person city (seed {parse.GetValue(seed)}) into {file}; not timed"));
                    SynthCommand.Generate(new SynthOptions { People = parse.GetValue(people), Seed = parse.GetValue(seed) }, directory, quiet: true);
                    var loaded = new IngestService(StoreLocation.Parse(file), TimeProvider.System).Ingest(new Hearth.Services.Ingestion.IngestCommand(Path.Combine(directory, "feeds"), FeedCatalogue.FindDefinitions(null)));
                    if (!loaded.Succeeded)
                    {
                        throw new InvalidOperationException("The city did not load cleanly.");
                    }
                }

                var location = StoreLocation.Parse(given ?? file);
                Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
                var result = MatchBenchmark.Run(location, NameEquivalentsOption.Load(parse.GetValue(names)), new LinkSettings(), parse.GetValue(holdOut), (int)parse.GetValue(seed),
                    new Progress<string>(stage => Console.WriteLine("  " + stage)));
                var stages = string.Join(", ", result.Stages.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {s.Value:0.0} s")));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"records: {result.Records:N0} (read in {result.ReadSeconds:0.0} s, not counted)"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"link: {result.LinkSeconds:0.0} s ({stages}); {result.CandidatePairs:N0} pairs scored; {result.Clusters:N0} clusters"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scored pairs per second per core: {result.PairsPerSecondPerCore:N0}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set: {result.PeakWorkingSetBytes / 1_048_576.0:N0} MB"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"resolve one record against {result.Records - result.ResolveMilliseconds.Count:N0}: median {result.ResolvePercentile(50):0.000} ms, p95 {result.ResolvePercentile(95):0.000} ms, p99 {result.ResolvePercentile(99):0.000} ms, max {result.ResolvePercentile(100):0.000} ms over {result.ResolveMilliseconds.Count:N0} records; {result.ResolvedWhereTheFullRunPutThem:P2} landed where the full run put them"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"README row: | {result.Records:N0} | {result.LinkSeconds:0.0} s | {result.PeakWorkingSetBytes / 1_048_576.0:N0} MB | {result.PairsPerSecondPerCore:N0} | {result.ResolvePercentile(50):0.00} ms | {result.ResolvePercentile(99):0.00} ms |"));
                return 0;
            }
            finally
            {
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }

                foreach (var leftover in new[] { file, file + "-wal", file + "-shm" }.Where(File.Exists))
                {
                    File.Delete(leftover);
                }
            }
        }));
        return command;
    }
}
