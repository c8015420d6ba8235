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
        var changed = new Option<bool>("--changed") { Description = "Score again only the people and families whose score could have changed since the last run: new, changed or withdrawn events, events a window's edge has passed, a birthday, a new match or grouping. Falls back to everyone when that cannot be told (first run, new rule set versions, a new school term)." };
        var command = new Command("score", "Score every current golden record with each person rule set and every current family with each family rule set (config/rules): the score, band and reasons are stored, a history row is kept when a score or band changes, and an alert is raised when a band gets worse or a watched event (an exclusion, a police incident) arrives. Scores are advisory: a practitioner decides.")
        {
            store, json, asOf, rules, changed,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var location = StoreLocation.Parse(parse.GetValue(store));
            var service = new ScoreService(location, TimeProvider.System);
            var request = new ScoreCommand(Environment.UserName) { AsOf = ParseDate(parse.GetValue(asOf)), RuleSets = RuleCatalogue.Load(parse.GetValue(rules)?.FullName), ChangedOnly = parse.GetValue(changed) };
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
        command.Subcommands.Add(CreateEvaluate());
        return command;
    }

    private static Command CreateEvaluate()
    {
        var store = StoreOption.Create();
        var json = new Option<bool>("--json") { Description = "Print the measures as JSON." };
        var truth = new Option<DirectoryInfo>("--city-truth") { Description = "The truth folder of a city made by hearth synth (family_needs.csv, families.csv, people.csv, source_records.csv).", Required = true };
        var ruleSet = new Option<string>("--rule-set") { Description = "The family rule set to measure.", DefaultValueFactory = _ => "supporting-families" };
        var command = new Command("evaluate", "Measure a family rule set's stored needs against a synthetic city's latent needs: per headline, the precision and recall of the families flagged, and of eligibility (3 or more needs).")
        {
            store, json, truth, ruleSet,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var result = NeedTruthEvaluation.Evaluate(StoreLocation.Parse(parse.GetValue(store)), parse.GetValue(truth)!.FullName, parse.GetValue(ruleSet)!);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(result, Json));
                return 0;
            }

            var table = new Table().Border(TableBorder.Rounded)
                .Title(Markup.Escape($"{result.RuleSet} against the latent needs, as at {result.AsOf:yyyy-MM-dd} (needs in the last {result.WindowMonths} months)"))
                .AddColumns("Headline", "Precision", "Recall", "Recall of families found", "Flagged", "Truly in need", "Correct");
            foreach (var h in result.Headlines.Append(result.Eligibility))
            {
                table.AddRow(Markup.Escape(h.Headline), F(h.Precision), F(h.Recall), F(h.RecallOfFound), N(h.Flagged), N(h.True), N(h.Correct));
            }

            AnsiConsole.Write(table);
            var rules = new Table().Border(TableBorder.Rounded).Title("Each rule on its own against its headline")
                .AddColumns("Rule", "Precision", "Recall", "Flagged", "Correct");
            foreach (var r in result.Rules)
            {
                rules.AddRow(Markup.Escape(r.Headline), F(r.Precision), F(r.Recall), N(r.Flagged), N(r.Correct));
            }

            AnsiConsole.Write(rules);
            AnsiConsole.MarkupLine(Markup.Escape($"{N(result.FamiliesScored)} families scored; {N(result.TrueFamiliesFound)} of the {N(result.TrueFamiliesInCohort)} true families with a child under 18 are among them. "
                + "A need the city's feeds never show (no event recorded it) cannot be found by any rule."));
            return 0;
        }));
        return command;
    }

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    public static Command CreateExplain()
    {
        var store = StoreOption.Create();
        var subject = new Argument<long>("ID") { Description = "A golden record id (golden_records.id), or with --family a family's group id." };
        var family = FamilyOption();
        var json = new Option<bool>("--json") { Description = "Print the scores and reasons as JSON." };
        var command = new Command("explain-score", "Explain a person's or a family's stored scores: for each rule set the score, band and version, each rule that fired with its weight and what it measured (for a family, which members), and the events it rests on (event id, feed, type, date).")
        {
            store, subject, family, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var id = parse.GetValue(subject);
            var type = parse.GetValue(family) ? ScoreService.Family : ScoreService.Person;
            var scores = new ScoreService(StoreLocation.Parse(parse.GetValue(store)), TimeProvider.System).Explain(type, id);
            var who = type == ScoreService.Family ? $"Family {id}" : $"Golden record {id}";
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { subject_type = type, subject_id = id, scores }, Json));
                return 0;
            }

            if (scores.Count == 0)
            {
                AnsiConsole.MarkupLine(Markup.Escape($"{who} has no scores: it is in no rule set's cohort, or the store has not been scored yet (hearth score)."));
                return 0;
            }

            foreach (var score in scores)
            {
                var table = new Table().Border(TableBorder.Rounded)
                    .Title(Markup.Escape($"{who}: {score.RuleSet} {score.Version}: score {N(score.Score)}, band {score.Band} (evaluated {score.EvaluatedAt})"))
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

    public static Command CreateHistory()
    {
        var store = StoreOption.Create();
        var subject = new Argument<long>("ID") { Description = "A golden record id, or with --family a family's group id." };
        var family = FamilyOption();
        var ruleSet = new Option<string?>("--rule-set") { Description = "Only this rule set's history." };
        var json = new Option<bool>("--json") { Description = "Print the timeline as JSON, with each change's reasons." };
        var command = new Command("score-history", "A person's or a family's score timeline: every change of score or band, oldest first, with the band before, the rule set version and the rules that fired; and when they left a cohort.")
        {
            store, subject, family, ruleSet, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var id = parse.GetValue(subject);
            var type = parse.GetValue(family) ? ScoreService.Family : ScoreService.Person;
            var history = new ScoreService(StoreLocation.Parse(parse.GetValue(store)), TimeProvider.System).History(type, id, parse.GetValue(ruleSet));
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { subject_type = type, subject_id = id, history }, Json));
                return 0;
            }

            var table = new Table().Border(TableBorder.Rounded)
                .Title(Markup.Escape($"{(type == ScoreService.Family ? "Family" : "Golden record")} {id}: score history"))
                .AddColumns("When", "Rule set", "Version", "Band", "Score", "Was", "Rules that counted");
            foreach (var h in history)
            {
                table.AddRow(
                    Markup.Escape(h.EvaluatedAt), Markup.Escape(h.RuleSet), Markup.Escape(h.Version),
                    Markup.Escape(h.Band ?? "left the cohort"), h.Score is { } score ? N(score) : "-",
                    Markup.Escape(h.PreviousBand is null ? "-" : $"{h.PreviousBand} ({N(h.PreviousScore ?? 0)})"),
                    Markup.Escape(string.Join(", ", h.Reasons.Where(r => r.Counted).Select(r => r.Id))));
            }

            if (history.Count == 0)
            {
                table.AddRow("no changes recorded", "", "", "", "", "", "");
            }

            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }

    public static Command CreateAlerts()
    {
        var store = StoreOption.Create();
        var all = new Option<bool>("--all") { Description = "Include alerts already acknowledged." };
        var json = new Option<bool>("--json") { Description = "Print the alerts as JSON." };
        var command = new Command("alerts", "The alerts scoring has raised, newest first: a band that got worse, or a watched event (an exclusion, a police incident). Only those not yet acknowledged unless --all.")
        {
            store, all, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var alerts = new ScoreService(StoreLocation.Parse(parse.GetValue(store)), TimeProvider.System).Alerts(parse.GetValue(all));
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(alerts, Json));
                return 0;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumns("Alert", "Raised", "Rule set", "Kind", "Subject", "Acknowledged");
            foreach (var a in alerts)
            {
                table.AddRow(
                    N(a.Id), Markup.Escape(a.RaisedAt), Markup.Escape(a.RuleSet), Markup.Escape(a.Kind), Markup.Escape($"{a.SubjectType} {a.SubjectId}"),
                    Markup.Escape(a.AcknowledgedAt is null ? "no" : $"{a.AcknowledgedAt} by {a.AcknowledgedBy}: {a.AcknowledgementReason}"));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine(Markup.Escape($"{N((long)alerts.Count)} alerts. Acknowledge one with: hearth alerts acknowledge ID --reason \"what you did\""));
            return 0;
        }));

        var acknowledgeStore = StoreOption.Create();
        var alertId = new Argument<long>("ALERT_ID") { Description = "The alert's id (hearth alerts)." };
        var reason = new Option<string>("--reason") { Description = "What you made of it or did about it; stored with your user name and the time.", Required = true };
        var acknowledge = new Command("acknowledge", "Record that you have seen an alert: who, when and what you made of it. An alert is acknowledged once.")
        {
            acknowledgeStore, alertId, reason,
        };
        acknowledge.SetAction(parse => CommandRunner.Run(() =>
        {
            var row = new ScoreService(StoreLocation.Parse(parse.GetValue(acknowledgeStore)), TimeProvider.System)
                .Acknowledge(new AcknowledgeCommand(parse.GetValue(alertId), Environment.UserName, parse.GetValue(reason)!));
            AnsiConsole.MarkupLine(Markup.Escape($"Alert {row.Id} acknowledged by {row.AcknowledgedBy} at {row.AcknowledgedAt}."));
            return 0;
        }));
        command.Subcommands.Add(acknowledge);
        return command;
    }

    private static Option<bool> FamilyOption() => new("--family") { Description = "The ID is a family's group id (hearth groups), not a golden record id." };

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
        if (result.Mode == "changed")
        {
            AnsiConsole.MarkupLine(Markup.Escape($"Scored only what could have changed since the last run: {N(result.PeopleInScope)} people and {N(result.FamiliesInScope)} families."));
        }
        else if (result.FullBecause is not null)
        {
            AnsiConsole.MarkupLine(Markup.Escape($"Scored everyone: {result.FullBecause}."));
        }

        if (result.Claims.Count > 0)
        {
            AnsiConsole.MarkupLine(Markup.Escape($"Results claims judged: {N(result.Claims.GetValueOrDefault("claimable"))} claimable, {N(result.Claims.GetValueOrDefault("pending"))} pending, {N(result.Claims.GetValueOrDefault("not_claimable"))} not claimable (see hearth claims)."));
        }

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
