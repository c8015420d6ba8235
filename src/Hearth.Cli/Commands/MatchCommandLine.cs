using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Hearth.Core.Matching;
using Hearth.Services.Matching;
using Hearth.Services.Persistence;
using Spectre.Console;

namespace Hearth.Cli.Commands;

/// <summary><c>hearth match</c>: resolve the store's person records into golden records.</summary>
internal static class MatchCommandLine
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create()
    {
        var store = StoreOption.Create();
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON." };
        var threshold = new Option<double>("--threshold") { Description = "Match probability at or above which two records are joined.", DefaultValueFactory = _ => new LinkSettings().MatchThreshold };
        var review = new Option<double>("--review-threshold") { Description = "Probability from which a pair goes to clerical review.", DefaultValueFactory = _ => new LinkSettings().ReviewThreshold };
        var names = NameEquivalentsOption.Create();
        var incremental = new Option<bool>("--incremental")
        {
            Description = "Resolve only what changed since the last run (new, changed and removed person records) against the existing golden records, with the last full run's model. Without a full run yet, a full run is made.",
        };
        var command = new Command("match", "Resolve the store's current person records into golden records: estimate the model without labels, block, score, cluster with guards against chaining, keep golden ids stable, and queue uncertain pairs for review.")
        {
            store, json, threshold, review, names, incremental,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var location = StoreLocation.Parse(parse.GetValue(store));
            var service = new MatchService(location, TimeProvider.System, NameEquivalentsOption.Load(parse.GetValue(names)));
            var settings = new LinkSettings { MatchThreshold = parse.GetValue(threshold), ReviewThreshold = parse.GetValue(review) };
            var asJson = parse.GetValue(json);
            if (parse.GetValue(incremental) && service.HasFullRun())
            {
                MatchUpdateResult? update = null;
                if (asJson)
                {
                    update = service.Update(new MatchUpdateCommand(Environment.UserName) { Settings = settings });
                    Console.WriteLine(JsonSerializer.Serialize(update with { ResolveMilliseconds = [] }, Json));
                    return 0;
                }

                AnsiConsole.Status().Start("matching what changed", context =>
                {
                    update = service.Update(new MatchUpdateCommand(Environment.UserName) { Settings = settings }, new Progress<string>(stage => context.Status(Markup.Escape(stage))));
                });
                PrintUpdate(location, update!);
                return 0;
            }

            MatchResult? result = null;
            if (asJson)
            {
                result = service.Match(new MatchCommand(Environment.UserName) { Settings = settings });
                Console.WriteLine(JsonSerializer.Serialize(result, Json));
                return 0;
            }

            AnsiConsole.Status().Start("matching", context =>
            {
                result = service.Match(new MatchCommand(Environment.UserName) { Settings = settings }, new Progress<string>(stage => context.Status(Markup.Escape(stage))));
            });
            Print(location, result!);
            return 0;
        }));
        return command;
    }

    private static void Print(StoreLocation store, MatchResult result)
    {
        var blocking = new Table().Border(TableBorder.Rounded).Title("Blocking: candidate pairs by rule").AddColumns("Rule", "Blocks", "New pairs", "Oversized blocks skipped");
        foreach (var rule in result.Blocking)
        {
            blocking.AddRow(rule.Rule, N(rule.Blocks), N(rule.NewPairs), rule.OversizedBlocks == 0 ? "-" : $"{N(rule.OversizedBlocks)} ({N(rule.OversizedRecords)} records)");
        }

        AnsiConsole.Write(blocking);
        var training = new Table().Border(TableBorder.Simple).Title("Training (expectation maximisation, no labels)").AddColumns("Session", "Pairs", "Iterations", "Judged matches");
        foreach (var session in result.Training)
        {
            training.AddRow(Markup.Escape(session.Session), N(session.Pairs), N(session.Iterations), session.MatchShare.ToString("P1", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(training);
        var summary = new Table().Border(TableBorder.Rounded).Title($"Match run {result.RunId} in {Markup.Escape(store.Display)}").AddColumns("", "");
        summary.AddRow("Person records", N(result.Records));
        summary.AddRow("Candidate pairs", $"{N(result.CandidatePairs)} of {N(result.AllPairs)} possible ({(double)result.CandidatePairs / Math.Max(1, result.AllPairs):P4})");
        summary.AddRow("Golden records", N(result.GoldenRecords));
        summary.AddRow("For review", N(result.ReviewItems));
        summary.AddRow("Created / merged / split / retired", $"{N(result.Created)} / {N(result.Merged)} / {N(result.Split)} / {N(result.Retired)}");
        summary.AddRow("Decisions obeyed", N(result.DecisionsApplied));
        summary.AddRow("Seconds", string.Join(", ", result.Seconds.Select(s => $"{s.Key} {s.Value:0.0}")));
        AnsiConsole.Write(summary);
    }

    private static void PrintUpdate(StoreLocation store, MatchUpdateResult result)
    {
        var summary = new Table().Border(TableBorder.Rounded).Title($"Incremental match run {result.RunId} in {Markup.Escape(store.Display)} (model of run {result.ModelRunId})").AddColumns("", "");
        summary.AddRow("Person records", N(result.Records));
        summary.AddRow("New / changed / removed", $"{N(result.New)} / {N(result.Changed)} / {N(result.Removed)}");
        summary.AddRow("Joined a golden record", N(result.Joined));
        summary.AddRow("Golden records created / merged / retired", $"{N(result.Created)} / {N(result.Merged)} / {N(result.Retired)}");
        summary.AddRow("Golden records", N(result.GoldenRecords));
        summary.AddRow("For review", N(result.ReviewItems));
        if (result.ResolveMilliseconds.Count > 0)
        {
            var sorted = result.ResolveMilliseconds.Order().ToList();
            summary.AddRow("Milliseconds per record (median / p99)", $"{sorted[sorted.Count / 2]:0.000} / {sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * 0.99))]:0.000}");
        }

        summary.AddRow("Seconds", string.Join(", ", result.Seconds.Select(s => $"{s.Key} {s.Value:0.0}")));
        AnsiConsole.Write(summary);
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}

/// <summary>The --names option: the nickname and transliteration list matching uses.</summary>
internal static class NameEquivalentsOption
{
    public static Option<FileInfo?> Create() => new("--names")
    {
        Description = "Nickname and transliteration groups (JSON). Default: config/matching/name-equivalents.json, found from the current folder up, else the copy built into Hearth.",
    };

    public static NameEquivalents Load(FileInfo? given) => MatchingConfiguration.NameEquivalents(given?.FullName);
}
