using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hearth.Core.Rules;
using Hearth.Services.Persistence;
using Hearth.Services.Rules;
using Spectre.Console;

namespace Hearth.Cli.Commands;

/// <summary><c>hearth fairness</c>: whether a rule set flags some groups at a markedly different rate from everyone else.</summary>
internal static class FairnessCommandLine
{
    private const string Caveat = "A different rate is a prompt to look at the rules and the data, not proof of bias: the needs of the groups may really differ.";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static Command Create()
    {
        var store = StoreOption.Create();
        var ruleSet = new Option<string?>("--rule-set") { Description = "Only this rule set (for example vulnerable-pupil). Default: every rule set with stored scores." };
        var minGroup = new Option<int>("--min-group")
        {
            Description = "The fewest scored a group (and everyone else) must have to be judged; smaller groups are shown as too few to judge.",
            DefaultValueFactory = _ => 20,
        };
        var alpha = new Option<double>("--alpha")
        {
            Description = "A difference counts only when the two-sided p-value of the two-proportion z-test is below this.",
            DefaultValueFactory = _ => 0.01,
        };
        var ageBands = new Option<string>("--age-bands")
        {
            Description = "The ages the age bands start at, comma-separated, from 0.",
            DefaultValueFactory = _ => "0,5,11,16,18",
        };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON (withheld counts are null, with the reason)." };
        var command = new Command("fairness", "Report, for each rule set, how often it flags people of each sex, ethnicity, SEN status and age band (any band above the lowest, and the highest band) against everyone else it scored, and which groups are flagged at a markedly different rate: a rate ratio outside 0.8 to 1.25 (the four-fifths rule) that is statistically significant, in a group big enough to judge. Counts under 5 are withheld. Needs hearth score. " + Caveat)
        {
            store, ruleSet, minGroup, alpha, ageBands, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var location = StoreLocation.Parse(parse.GetValue(store));
            var options = new FairnessOptions { MinimumGroupSize = parse.GetValue(minGroup), Alpha = parse.GetValue(alpha), AgeBands = ParseBands(parse.GetValue(ageBands)!) };
            var result = new FairnessService(location, TimeProvider.System).Report(new FairnessQuery { RuleSet = parse.GetValue(ruleSet), Options = options });
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { result.RunId, result.AsOf, result.Scores, result.LeftOut, result.Report.Options, result.Report.RuleSets, Note = Caveat }, Json));
                return 0;
            }

            Print(location, result);
            return 0;
        }));
        return command;
    }

    private static void Print(StoreLocation store, FairnessResult result)
    {
        var options = result.Report.Options;
        AnsiConsole.MarkupLine(Markup.Escape($"Fairness of the scores in {store.Display}, as at {result.AsOf:yyyy-MM-dd} (score run {result.RunId})."));
        if (result.LeftOut > 0)
        {
            AnsiConsole.MarkupLine(Markup.Escape($"{N(result.LeftOut)} scores of golden records retired since that run are left out; run hearth score again to include the records that replaced them."));
        }

        foreach (var set in result.Report.RuleSets)
        {
            AnsiConsole.WriteLine();
            AnsiConsole.MarkupLine(Markup.Escape(
                $"{set.RuleSet}: {Count(set.Scored)} scored, {Count(set.Flagged)} flagged {set.FlaggedBands} ({Rate(set.FlaggedRate)}), {Count(set.Highest)} {set.HighestBand} ({Rate(set.HighestRate)})."));
            foreach (var dimension in set.Dimensions)
            {
                var table = new Table().Border(TableBorder.Rounded)
                    .Title(Markup.Escape($"{set.RuleSet} by {dimension.Dimension}"))
                    .AddColumns("Group", "Scored", Markup.Escape(set.FlaggedBands), "Rate", "Ratio", "p", "Verdict", Markup.Escape(set.HighestBand), "Rate", "Ratio", "p", "Verdict");
                foreach (var column in new[] { 1, 2, 3, 4, 5, 7, 8, 9, 10 })
                {
                    table.Columns[column].RightAligned();
                }

                foreach (var group in dimension.Groups)
                {
                    string[] cells = [Markup.Escape(group.Group), Count(group.Scored, group.ScoredWithheld), .. Cells(group.Flagged), .. Cells(group.Highest)];
                    table.AddRow(cells);
                }

                AnsiConsole.Write(table);
            }

            if (set.Findings.Count == 0)
            {
                AnsiConsole.MarkupLine(Markup.Escape($"No group is flagged by {set.RuleSet} at a markedly different rate from everyone else."));
            }
            else
            {
                AnsiConsole.MarkupLine(Markup.Escape($"Groups flagged by {set.RuleSet} at a markedly different rate from everyone else:"));
                // "Not recorded" is a group of both the main and the detailed ethnicity: say it once.
                foreach (var sentence in set.Findings.Select(f => f.Sentence).Distinct(StringComparer.Ordinal))
                {
                    AnsiConsole.MarkupLine(Markup.Escape($"  - {sentence}."));
                }
            }
        }

        AnsiConsole.WriteLine();
        AnsiConsole.MarkupLine(Markup.Escape(
            $"Each group is compared with everyone else the rule set scored. Markedly different: a ratio outside {D(options.LowerRatio)} to {D(options.UpperRatio)}, p < {D(options.Alpha)} (two-proportion z-test), and at least {N(options.MinimumGroupSize)} scored in the group and outside it."));
        AnsiConsole.MarkupLine(Markup.Escape(
            $"<{N(options.SuppressBelow)}: a count under {N(options.SuppressBelow)}, withheld; c: withheld because with the total it would give a small count away; -: a rate, ratio or p-value that would give a withheld count away."));
        AnsiConsole.MarkupLine(Markup.Escape(Caveat));
    }

    private static string[] Cells(RateComparison c) =>
    [
        Count(c.Count, c.CountWithheld),
        c.Rate is { } rate ? Fairness.Percent(rate) : "-",
        c.Rate is null ? "-" : c.Ratio is { } ratio ? ratio.ToString("0.00", CultureInfo.InvariantCulture) : "no one else",
        c.PValue is { } p ? Fairness.P(p) : "-",
        Fairness.Describe(c.Verdict),
    ];

    private static string Count(long? value, Withheld withheld = Withheld.Small) =>
        value is { } v ? N(v) : withheld == Withheld.WouldReveal ? "c" : "<5";

    private static string Rate(double? rate) => rate is { } r ? Fairness.Percent(r) : "-";

    private static List<int> ParseBands(string text)
    {
        var bands = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            bands.Add(int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var age)
                ? age
                : throw new ArgumentException($"--age-bands must be ages separated by commas (0,5,11,16,18), not '{text}'."));
        }

        return bands;
    }

    private static string D(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
