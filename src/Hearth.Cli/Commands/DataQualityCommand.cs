using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Hearth.Services.DataQuality;
using Hearth.Services.Persistence;
using Spectre.Console;

namespace Hearth.Cli.Commands;

/// <summary><c>hearth dq</c>: the data quality report.</summary>
internal static class DataQualityCommand
{
    public static Command Create()
    {
        var store = StoreOption.Create();
        var feeds = new Option<string[]>("--feed") { Description = "Report only this feed (repeat for more)." };
        var loads = new Option<int>("--loads") { Description = "How many loads of history to show for the trend.", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var command = new Command("dq", "Report data quality per feed: rows read, loaded and quarantined in the last load, completeness and validity of each attribute, quarantine and warning reasons, and the trend across loads.")
        {
            store, feeds, loads, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var service = new DataQualityService(StoreLocation.Parse(parse.GetValue(store)), TimeProvider.System);
            var report = service.Report(new DataQualityQuery(parse.GetValue(feeds) ?? [], parse.GetValue(loads)));
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(report, Json));
                return 0;
            }

            Print(report);
            return 0;
        }));
        return command;
    }

    private static void Print(DataQualityReport report)
    {
        if (report.Feeds.Count == 0)
        {
            AnsiConsole.MarkupLine($"{Markup.Escape(report.Store)} holds no loaded feeds yet. Load some with hearth ingest.");
            return;
        }

        var summary = new Table().Border(TableBorder.Rounded).Title($"Data quality in {Markup.Escape(report.Store)}")
            .AddColumns("Feed", "Last load", "Read", "Loaded", "Quarantined", "Rate", "Top quarantine reason", "Trend (quarantined, newest first)");
        foreach (var feed in report.Feeds)
        {
            var last = feed.LastLoad;
            var top = feed.QuarantineReasons.FirstOrDefault();
            summary.AddRow(
                feed.Feed, last.StartedAt[..16].Replace('T', ' '), N(last.Read), N(last.Loaded), N(last.Quarantined),
                last.QuarantineRate.ToString("P2", CultureInfo.InvariantCulture),
                top.Key is null ? "-" : Markup.Escape($"{top.Key} ({top.Value:N0})"),
                string.Join(" ", feed.Trend.Select(t => N(t.Quarantined))));
        }

        AnsiConsole.Write(summary);
        foreach (var feed in report.Feeds)
        {
            var table = new Table().Border(TableBorder.Simple).Title(feed.Feed).AddColumns("Attribute", "Total", "Completeness", "Validity");
            foreach (var attribute in feed.Attributes)
            {
                table.AddRow(Markup.Escape(attribute.Attribute), N(attribute.Total), attribute.Completeness.ToString("P1", CultureInfo.InvariantCulture), attribute.Validity.ToString("P1", CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            if (feed.WarningReasons.Count > 0)
            {
                AnsiConsole.MarkupLine("  Warnings kept with loaded rows: " + Markup.Escape(string.Join(", ", feed.WarningReasons.Take(8).Select(r => $"{r.Key} ({r.Value:N0})"))));
            }
        }
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
