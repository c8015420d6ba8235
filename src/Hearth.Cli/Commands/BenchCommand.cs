using System.CommandLine;
using System.Globalization;
using Hearth.Synth;

namespace Hearth.Cli.Commands;

/// <summary><c>hearth bench</c>: measure the expensive jobs at city scale. Figures go in the README, never in a test.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure Hearth's expensive jobs at city scale (time and peak memory).");
        bench.Subcommands.Add(Synth());
        return bench;
    }

    private static Command Synth()
    {
        var people = new Option<int>("--people") { Description = "Residents at the start of the window.", DefaultValueFactory = _ => 250_000 };
        var seed = new Option<ulong>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 42 };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Keep the city in this folder (default: a temporary folder, deleted afterwards)." };
        var command = new Command("synth", "Time the synthetic city generator and report its peak memory.") { people, seed, output };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var keep = parse.GetValue(output);
            var directory = keep?.FullName ?? Path.Combine(Path.GetTempPath(), "hearth-bench-" + Guid.NewGuid().ToString("N"));
            try
            {
                var summary = SynthCommand.Generate(new SynthOptions { People = parse.GetValue(people), Seed = parse.GetValue(seed) }, directory, quiet: true);
                var bytes = summary.Feeds.Sum(f => f.Bytes);
                var records = summary.Feeds.Sum(f => f.Records);
                var peakMegabytes = summary.PeakWorkingSetBytes / 1_048_576.0;
                // Plain lines, so that a log or a pipe keeps every figure on one line.
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"people: {summary.PeopleAtStart:N0}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seconds: {summary.Seconds:0.0}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set: {peakMegabytes:N0} MB"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"feed records: {records:N0} ({bytes / 1_048_576.0:N0} MB in {summary.Feeds.Count} feeds)"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"records/s: {records / summary.Seconds:N0}"));
                Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"README row: | {summary.PeopleAtStart:N0} | {summary.Seconds:0.0} s | {peakMegabytes:N0} MB | {records:N0} | {bytes / 1_048_576.0:N0} MB |"));
                return 0;
            }
            finally
            {
                if (keep is null && Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
        }));
        return command;
    }
}
