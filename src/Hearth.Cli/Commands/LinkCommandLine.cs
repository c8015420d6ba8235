using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Hearth.Core.Linking;
using Hearth.Core.Matching;
using Hearth.Services.Linking;
using Spectre.Console;

namespace Hearth.Cli.Commands;

/// <summary><c>hearth link</c>: link the people in analysts' CSV files, with no store and no labels.</summary>
internal static class LinkCommandLine
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("FILE") { Description = "Delimited files with a header row (comma, semicolon, tab or pipe; \", \" as FEBRL writes; a UTF-8 byte order mark and CRLF are fine).", Arity = ArgumentArity.OneOrMore };
        var id = new Option<string>("--id") { Description = "The column that names each row (unique within its file).", Required = true };
        var map = new Option<string[]>("--map")
        {
            Description = "ROLE=COLUMN, or ROLE=COLUMN+COLUMN to read several columns as one value (address=street_number+address_1). Roles: "
                + string.Join("; ", LinkRoles.All.Select(r => $"{LinkRoles.NameOf(r)} ({LinkRoles.Describe(r)})")) + ".",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var dobFormat = new Option<string[]>("--dob-format") { Description = "The format dates of birth are written in (.NET custom format, such as dd/MM/yyyy or yyyyMMdd); repeat for several. Only these are tried. Default: the common formats ingestion knows." };
        var linkOnly = new Option<bool>("--link-only") { Description = "Link across files only: no pair within one file is scored or joined, and no cluster holds two rows of one file." };
        var threshold = new Option<double>("--threshold") { Description = "Match probability at or above which two records are joined.", DefaultValueFactory = _ => new LinkSettings().MatchThreshold };
        var dobApart = DobApartOption.Create();
        var delimiter = new Option<string?>("--delimiter") { Description = "The separator of every file: , ; | or tab. Default: detected per file." };
        var output = new Option<FileInfo>("--out") { Description = "The clusters file to write: source_file, record_id, cluster_id, one line per row with an id.", Required = true };
        var rejected = new Option<FileInfo?>("--rejected") { Description = "Where to list rows that could not be compared (file, line, id, reason). Default: NAME.rejected.csv beside --out, written only when there are any." };
        var review = new Option<FileInfo?>("--review") { Description = "Write the pairs left apart that a person may want to check (both records, the probability and why) to this file." };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON." };
        var names = NameEquivalentsOption.Create();
        var command = new Command("link", "Link the people in CSV files: map columns to roles, standardise them as ingestion does, estimate a Fellegi-Sunter model without labels, block, score and cluster with guards, and write each row's cluster.")
        {
            files, id, map, dobFormat, linkOnly, threshold, dobApart, delimiter, output, rejected, review, json, names,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var probability = parse.GetValue(threshold);
            if (probability is <= 0 or >= 1)
            {
                throw new ArgumentException($"--threshold is a probability between 0 and 1 (not {probability.ToString(CultureInfo.InvariantCulture)}).");
            }

            var defaults = new LinkSettings();
            var request = new LinkFilesCommand(
                [.. parse.GetValue(files)!.Select(f => f.ToString())],
                parse.GetValue(id)!,
                parse.GetValue(map) ?? [],
                parse.GetValue(output)!.ToString())
            {
                Separator = Separator(parse.GetValue(delimiter)),
                DateFormats = parse.GetValue(dobFormat) ?? [],
                Settings = defaults with { MatchThreshold = probability, ReviewThreshold = Math.Min(defaults.ReviewThreshold, probability), LinkOnly = parse.GetValue(linkOnly), DateOfBirthGuardYears = DobApartOption.Years(parse.GetValue(dobApart)) },
                RejectedOutput = parse.GetValue(rejected)?.ToString(),
                ReviewOutput = parse.GetValue(review)?.ToString(),
            };
            var service = new FileLinkService(TimeProvider.System, NameEquivalentsOption.Load(parse.GetValue(names)));
            LinkFilesResult? result = null;
            if (parse.GetValue(json))
            {
                result = service.Link(request);
                Console.WriteLine(JsonSerializer.Serialize(result, Json));
                return 0;
            }

            AnsiConsole.Status().Start("linking", context =>
            {
                result = service.Link(request, new Progress<string>(stage => context.Status(Markup.Escape(stage))));
            });
            Print(result!);
            return 0;
        }));
        return command;
    }

    /// <summary>A --delimiter value as a character.</summary>
    internal static char? Separator(string? given) => given switch
    {
        null or "" => null,
        "tab" or "\\t" or "\t" => '\t',
        { Length: 1 } one when one[0] is ',' or ';' or '|' => one[0],
        _ => throw new ArgumentException($"--delimiter {given}: give one of , ; | or tab."),
    };

    private static void Print(LinkFilesResult result)
    {
        var files = new Table().Border(TableBorder.Rounded).Title("Files").AddColumns("File", "Separator", "Rows read", "Compared", "Not compared");
        foreach (var file in result.Files)
        {
            files.AddRow(Markup.Escape(file.Source), file.Separator == '\t' ? "tab" : Markup.Escape(file.Separator.ToString()), N(file.RowsRead), N(file.RowsCompared), N(file.RowsNotCompared));
        }

        AnsiConsole.Write(files);
        if (result.NotCompared.Count > 0)
        {
            AnsiConsole.MarkupLine($"[yellow]Rows not compared:[/] {Markup.Escape(Counts(result.NotCompared))}; listed in {Markup.Escape(result.RejectedFile ?? "-")}. Rows with an id are still in the output, each in a cluster of its own.");
        }

        if (result.ValueProblems.Count > 0)
        {
            AnsiConsole.MarkupLine($"[yellow]Values left out (the rest of the row was compared):[/] {Markup.Escape(Counts(result.ValueProblems))}.");
        }

        if (result.ValueFlags.Count > 0)
        {
            AnsiConsole.MarkupLine($"Values kept but unusual: {Markup.Escape(Counts(result.ValueFlags))}.");
        }

        var blocking = new Table().Border(TableBorder.Rounded).Title("Blocking: candidate pairs by rule").AddColumns("Rule", "Blocks", "New pairs", "Oversized blocks skipped");
        foreach (var rule in result.Blocking.Where(r => r.Blocks > 0 || r.OversizedBlocks > 0))
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
        var summary = new Table().Border(TableBorder.Rounded).Title("Link").AddColumns("", "");
        summary.AddRow("Records compared", N(result.RecordsCompared));
        summary.AddRow("Comparisons", Markup.Escape(string.Join(", ", result.Comparisons)));
        summary.AddRow("Candidate pairs", $"{N(result.CandidatePairs)} of {N(result.AllPairs)} possible ({(double)result.CandidatePairs / Math.Max(1, result.AllPairs):P3})");
        summary.AddRow("Clusters", $"{N(result.Clusters)} ({N(result.LinkedClusters)} of two or more records, {N(result.LinkedPairs)} linked pairs)");
        summary.AddRow("Left apart for a person to check", result.ReviewItems == 0 ? "0" : $"{N(result.ReviewItems)}: {Markup.Escape(Counts(result.ReviewReasons))}");
        summary.AddRow("Seconds", string.Join(", ", result.Seconds.Select(s => $"{s.Key} {s.Value:0.0}")));
        AnsiConsole.Write(summary);
        AnsiConsole.MarkupLine($"Wrote {N(result.RowsWritten)} rows to {Markup.Escape(result.Output)}.");
    }

    private static string Counts(IReadOnlyDictionary<string, long> counts) => string.Join(", ", counts.Select(p => $"{N(p.Value)} {p.Key}"));

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}

/// <summary>The --dob-apart-years option: how far apart two dates of birth keep records apart, whatever else agrees.</summary>
internal static class DobApartOption
{
    /// <summary>hearth link's default: a generation.</summary>
    public const int DefaultYears = 12;

    public static Option<int> Create() => new("--dob-apart-years")
    {
        Description = $"Records whose dates of birth are at least this many years apart are never joined, unless they share an NHS number, UPN, NI number or identifier (a parent and child share a name and an address, not a date of birth). 0 keeps apart any dates that cannot be one typo of each other, as hearth match does. Default: {DefaultYears}.",
        DefaultValueFactory = _ => DefaultYears,
    };

    public static int? Years(int given) => given switch
    {
        0 => null,
        < 0 => throw new ArgumentException("--dob-apart-years is a number of years, 0 or more."),
        _ => given,
    };
}
