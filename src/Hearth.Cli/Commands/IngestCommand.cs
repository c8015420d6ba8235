using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Hearth.Services.Ingestion;
using Hearth.Services.Persistence;
using Spectre.Console;

namespace Hearth.Cli.Commands;

/// <summary><c>hearth ingest</c>: load every feed a manifest lists into the store.</summary>
internal static class IngestCommandLine
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "A feed manifest (manifest.json), or a folder holding one." };
        var store = StoreOption.Create();
        var definitions = new Option<string?>("--definitions") { Description = "The folder of feed definitions (default: config/feeds, found from the current folder upwards)." };
        var feeds = new Option<string[]>("--feed") { Description = "Load only this feed (repeat for more).", AllowMultipleArgumentsPerToken = false };
        var allowEmpty = new Option<bool>("--allow-empty") { Description = "Accept an extract with no records, removing every current record of the feed." };
        var parallel = new Option<int?>("--parallel") { Description = "How many feeds to load at once (default: 1 for SQLite, one per core up to 4 for PostgreSQL)." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON: per feed, rows read, loaded and quarantined, and quarantine counts by reason." };
        var command = new Command("ingest", "Load the feeds a manifest lists into the store: check, clean and standardise every row, quarantine what is bad with its reason, and apply only what changed since the last load.")
        {
            path, store, definitions, feeds, allowEmpty, parallel, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var location = StoreLocation.Parse(parse.GetValue(store));
            var service = new IngestService(location, TimeProvider.System);
            var request = new Hearth.Services.Ingestion.IngestCommand(parse.GetValue(path)!, FeedCatalogue.FindDefinitions(parse.GetValue(definitions)))
            {
                Feeds = parse.GetValue(feeds) ?? [],
                AllowEmpty = parse.GetValue(allowEmpty),
                Parallelism = parse.GetValue(parallel) is { } n ? (n >= 1 ? n : throw new ArgumentException("--parallel must be at least 1.")) : null,
            };

            IngestResult result;
            if (parse.GetValue(json) || !AnsiConsole.Profile.Capabilities.Interactive)
            {
                // Without a terminal (a scheduled job, a log file) progress is a line on standard error at every tenth of
                // each file, so that a long load shows it is alive and where it got to.
                result = service.Ingest(request, parse.GetValue(json) ? null : new Progress(TenthsToStandardError()));
            }
            else
            {
                result = null!;
                AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .Start(context =>
                    {
                        // Feeds load side by side on PostgreSQL, so progress arrives from several threads.
                        var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                        result = service.Ingest(request, new Progress(p =>
                        {
                            lock (tasks)
                            {
                                if (!tasks.TryGetValue(p.Feed, out var task))
                                {
                                    tasks[p.Feed] = task = context.AddTask(p.Feed, maxValue: Math.Max(1, p.Length));
                                }

                                task.MaxValue = Math.Max(1, p.Length);
                                task.Value = Math.Min(p.Position, task.MaxValue);
                                task.Description = $"{p.Feed} ({p.Rows:N0} rows)";
                            }
                        }));
                    });
            }

            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(result, Json));
            }
            else
            {
                Print(result);
            }

            return result.Succeeded ? 0 : 1;
        }));
        return command;
    }

    internal static void Print(IngestResult result)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Feed", "Status", "Read", "Loaded", "Quarantined", "New", "Changed", "Unchanged", "Removed", "Seconds");
        foreach (var feed in result.Feeds)
        {
            table.AddRow(
                feed.Feed,
                feed.Status switch { LoadStatus.Failed => "[red]failed[/]", LoadStatus.Unchanged => "unchanged", _ => "loaded" },
                N(feed.Read), N(feed.Loaded), N(feed.Quarantined), N(feed.New), N(feed.Changed), N(feed.Unchanged), N(feed.Removed),
                feed.Seconds.ToString("0.0", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        foreach (var feed in result.Feeds.Where(f => f.Status == LoadStatus.Failed))
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(feed.Feed)}:[/] {Markup.Escape(feed.Error ?? string.Empty)}");
        }

        var read = result.RowsRead;
        var seconds = result.Seconds;
        var accounted = result.Feeds.All(f => f.Read == f.Loaded + f.Quarantined);
        AnsiConsole.MarkupLine($"{read:N0} rows read into {Markup.Escape(result.Store)} in {seconds:0.0} s ({(seconds > 0 ? read / seconds : 0):N0} rows/s). "
            + (accounted ? "Every row is accounted for: read = loaded + quarantined." : "[red]Some rows are not accounted for; this is a bug in Hearth.[/]"));
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private static Action<IngestProgress> TenthsToStandardError()
    {
        var reported = new Dictionary<string, long>(StringComparer.Ordinal);
        return p =>
        {
            var tenth = p.Length > 0 ? Math.Min(10, p.Position * 10 / p.Length) : 10;
            lock (reported)
            {
                if (reported.TryGetValue(p.Feed, out var last) && last >= tenth)
                {
                    return;
                }

                reported[p.Feed] = tenth;
            }

            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.Feed}: {tenth * 10}% of the file read ({p.Rows:N0} rows)"));
        };
    }

    private sealed class Progress(Action<IngestProgress> report) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => report(value);
    }
}
