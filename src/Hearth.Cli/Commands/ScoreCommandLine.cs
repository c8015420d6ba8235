using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Hearth.Services.Persistence;
using Hearth.Services.Rules;
using Spectre.Console;

namespace Hearth.Cli.Commands;

/// <summary><c>hearth score</c> and <c>hearth explain-score</c>: profile the golden records with the rule sets, and say why.</summary>
internal static class ScoreCommandLine
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create()
    {
        var store = StoreOption.Create();
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON." };
        var asOf = AsOfOption();
        var rules = RulesOption();
        var command = new Command("score", "Score every current golden record with each person rule set (config/rules): the score, band and reasons are stored, a history row is kept when a score or band changes, and an alert is raised when a band gets worse or a watched event (an exclusion, a police incident) arrives. Scores are advisory: a practitioner decides.")
        {
            store, json, asOf, rules,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var location = StoreLocation.Parse(parse.GetValue(store));
            var service = new ScoreService(location, TimeProvider.System);
            var request = new ScoreCommand(Environment.UserName) { AsOf = ParseDate(parse.GetValue(asOf)), RuleSets = RuleCatalogue.Load(parse.GetValue(rules)?.FullName) };
            ScoreResult? result = null;
            if (parse.GetValue(json))
            {
                result = service.Score(request);
                Console.WriteLine(JsonSerializer.Serialize(result, Json));
                return 0;
            }

            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask("scoring", maxValue: 1);
                    result = service.Score(request, new Progress(p =>
                    {
                        task.Description = Markup.Escape(p.Stage);
                        task.MaxValue = Math.Max(1, p.Total);
                        task.Value = p.Done;
                    }));
                    task.Value = task.MaxValue;
                });
            Print(location, request, result!);
            return 0;
        }));
        return command;
    }

    public static Command CreateExplain()
    {
        var store = StoreOption.Create();
        var golden = new Argument<long>("GOLDEN_ID") { Description = "A golden record id (golden_records.id)." };
        var json = new Option<bool>("--json") { Description = "Print the scores and reasons as JSON." };
        var command = new Command("explain-score", "Explain a person's stored scores: for each rule set the score, band and version, each rule that fired with its weight and what it measured, and the events it rests on (event id, feed, type, date).")
        {
            store, golden, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var id = parse.GetValue(golden);
            var scores = new ScoreService(StoreLocation.Parse(parse.GetValue(store)), TimeProvider.System).Explain(id);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { golden_id = id, scores }, Json));
                return 0;
            }

            if (scores.Count == 0)
            {
                AnsiConsole.MarkupLine($"Golden record {id} has no scores: it is in no rule set's cohort, or the store has not been scored yet (hearth score).");
                return 0;
            }

            foreach (var score in scores)
            {
                var table = new Table().Border(TableBorder.Rounded)
                    .Title(Markup.Escape($"Golden record {id}: {score.RuleSet} {score.Version}: score {N(score.Score)}, band {score.Band} (evaluated {score.EvaluatedAt})"))
                    .AddColumns("Rule", "Weight", "Counted", "What was measured", "Evidence (event id, feed, type, date)");
                foreach (var reason in score.Reasons)
                {
                    table.AddRow(
                        Markup.Escape($"{reason.Id}{(reason.Kind == "override" ? " (override)" : "")}: {reason.Description}"),
                        N(reason.Weight),
                        reason.Counted ? "yes" : "no",
                        Markup.Escape(string.Join("\n", reason.Facts)),
                        Markup.Escape(string.Join("\n", reason.Evidence.Select(e => $"{e.EventId} {e.Feed} {e.EventType} {e.Date:yyyy-MM-dd}"))));
                }

                if (score.Reasons.Count == 0)
                {
                    table.AddRow("no rule fired", "", "", "", "");
                }

                AnsiConsole.Write(table);
            }

            AnsiConsole.MarkupLine("Scores are advisory: a practitioner decides.");
            return 0;
        }));
        return command;
    }

    private static void Print(StoreLocation store, ScoreCommand request, ScoreResult result)
    {
        var bands = request.RuleSets!.SelectMany(s => s.BandOrder).Distinct(StringComparer.Ordinal).ToList();
        var table = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape($"Score run {result.RunId} in {store.Display} as at {result.AsOf:yyyy-MM-dd}: {N(result.Subjects)} golden records"))
            .AddColumn("Rule set");
        table.AddColumn("Scored");
        foreach (var band in bands)
        {
            table.AddColumn(band);
        }

        table.AddColumns("Changed", "Left cohort", "Alerts");
        foreach (var set in result.RuleSets)
        {
            var order = request.RuleSets!.Single(s => string.Equals(s.Name, set.RuleSet, StringComparison.Ordinal)).BandOrder;
            var cells = new List<string> { Markup.Escape($"{set.RuleSet} {set.Version}"), N(set.Scored) };
            cells.AddRange(bands.Select(b => order.Contains(b, StringComparer.Ordinal) ? N(set.Bands.GetValueOrDefault(b)) : "-"));
            cells.AddRange([N(set.Changed), N(set.LeftCohort), N(set.Alerts)]);
            table.AddRow([.. cells]);
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Markup.Escape($"{N(result.HistoryRows)} history rows, {N(result.Alerts)} alerts, {result.Seconds.ToString("0.0", CultureInfo.InvariantCulture)} s. Scores are advisory: a practitioner decides."));
    }

    private static Option<string?> AsOfOption() => new("--as-of") { Description = "Score as at this date (yyyy-MM-dd); events after it are not seen. Default: today." };

    private static Option<DirectoryInfo?> RulesOption() => new("--rules")
    {
        Description = "The folder of rule sets. Default: config/rules, found from the current folder up, else the defaults built into Hearth.",
    };

    private static DateOnly? ParseDate(string? text) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw new ArgumentException($"--as-of must be a date as yyyy-MM-dd, not '{text}'.");

    private static string N(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private sealed class Progress(Action<ScoreProgress> report) : IProgress<ScoreProgress>
    {
        public void Report(ScoreProgress value) => report(value);
    }
}
