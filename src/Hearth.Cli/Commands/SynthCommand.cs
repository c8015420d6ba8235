using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Hearth.Synth;
using Hearth.Synth.Noise;
using Spectre.Console;

namespace Hearth.Cli.Commands;

/// <summary><c>hearth synth</c>: generate a synthetic city, its source feeds and its ground truth.</summary>
internal static class SynthCommand
{
    public static Command Create()
    {
        var people = new Option<int>("--people") { Description = "Residents at the start of the window (100 to 5,000,000).", DefaultValueFactory = _ => 20_000 };
        var seed = new Option<ulong>("--seed") { Description = "Random seed: the same seed and size give byte-identical output.", DefaultValueFactory = _ => 42 };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to write feeds/ and truth/ into (created if missing).", Required = true };
        var years = new Option<int>("--years") { Description = "Length of the window in academic years (3 to 10).", DefaultValueFactory = _ => 3 };
        var noise = new Option<FileInfo?>("--noise") { Description = "JSON file overriding noise rates (see docs/synthetic-city.md)." };
        var noiseScale = new Option<double>("--noise-scale") { Description = "Multiply every noise rate (0 for clean data, 2 for twice as messy).", DefaultValueFactory = _ => 1.0 };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON." };

        var command = new Command("synth", "Generate a synthetic city: residents, families, schools and services over at least three years, with every source system's feed (mess included) and the ground truth in a separate folder.")
        {
            people, seed, output, years, noise, noiseScale, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var profile = parse.GetValue(noise) is { } file ? NoiseProfile.FromJson(File.ReadAllText(file.FullName)) : NoiseProfile.Default;
            var options = new SynthOptions
            {
                People = parse.GetValue(people),
                Seed = parse.GetValue(seed),
                Years = parse.GetValue(years),
                Noise = profile.Scaled(parse.GetValue(noiseScale)),
            };
            var summary = Generate(options, parse.GetValue(output)!.FullName, quiet: parse.GetValue(json));
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(summary, SummaryJson));
            }
            else
            {
                Print(summary);
            }

            return 0;
        }));
        return command;
    }

    /// <summary>Generates with a progress bar on the terminal.</summary>
    public static SynthSummary Generate(SynthOptions options, string output, bool quiet)
    {
        if (quiet || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            var last = string.Empty;
            return CityGenerator.Generate(options, output, quiet ? null : new Progress(report =>
            {
                // Without a terminal, print each stage once rather than redraw a bar.
                if (report.Stage != last && (report.Done == 0 || report.Done % 12 == 0))
                {
                    Console.Error.WriteLine(report.Stage);
                }

                last = report.Stage;
            }));
        }

        SynthSummary? summary = null;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("Generating", maxValue: options.Years * 12);
                summary = CityGenerator.Generate(options, output, new Progress(report =>
                {
                    task.Description = Markup.Escape(report.Stage);
                    task.Value = report.Done;
                }));
                task.Value = task.MaxValue;
            });
        return summary!;
    }

    public static void Print(SynthSummary summary)
    {
        var facts = new Table().Border(TableBorder.Rounded).AddColumns("Synthetic city", string.Empty);
        facts.AddRow("People at the start", summary.PeopleAtStart.ToString("N0", CultureInfo.InvariantCulture));
        facts.AddRow("People over the window", summary.PeopleEver.ToString("N0", CultureInfo.InvariantCulture));
        facts.AddRow("Households / families", $"{summary.Households:N0} / {summary.Families:N0}");
        facts.AddRow("Properties / schools", $"{summary.Properties:N0} / {summary.Schools:N0}");
        facts.AddRow("Peer networks", summary.Networks.ToString("N0", CultureInfo.InvariantCulture));
        facts.AddRow("Window", $"{summary.WindowStart:yyyy-MM-dd} to {summary.ExtractDate:yyyy-MM-dd}");
        facts.AddRow("Source records in the truth", summary.SourceRecordTruthRows.ToString("N0", CultureInfo.InvariantCulture));
        facts.AddRow("Time", $"{summary.Seconds:0.0} s");
        facts.AddRow("Peak memory (working set)", $"{summary.PeakWorkingSetBytes / 1_048_576.0:N0} MB");
        AnsiConsole.Write(facts);

        var feeds = new Table().Border(TableBorder.Rounded).AddColumns("Feed", "File", "Format", "Records", "Size");
        foreach (var feed in summary.Feeds)
        {
            feeds.AddRow(feed.Name, feed.File, feed.Format, feed.Records.ToString("N0", CultureInfo.InvariantCulture), $"{feed.Bytes / 1024.0:N0} KB");
        }

        AnsiConsole.Write(feeds);
        AnsiConsole.MarkupLine($"Feeds and manifest: [blue]{Markup.Escape(summary.FeedsDirectory)}[/]");
        AnsiConsole.MarkupLine($"Ground truth:       [blue]{Markup.Escape(summary.TruthDirectory)}[/]");
    }

    public static readonly JsonSerializerOptions SummaryJson = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private sealed class Progress(Action<SynthProgress> report) : IProgress<SynthProgress>
    {
        public void Report(SynthProgress value) => report(value);
    }
}
