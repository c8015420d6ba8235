using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Hearth.Services.Matching;
using Hearth.Services.Persistence;
using Spectre.Console;

namespace Hearth.Cli.Commands;

/// <summary><c>hearth evaluate</c>: how well golden records recover a synthetic city's truth.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var store = StoreOption.Create();
        var truth = new Option<DirectoryInfo>("--city-truth") { Description = "The truth folder of the city that was loaded (out/demo/truth).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the measures as JSON." };
        var command = new Command("evaluate", "Measure the golden records against a synthetic city's truth: pairwise precision, recall and F1, B-cubed precision and recall, false merges and missed matches.")
        {
            store, truth, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var result = CityTruthEvaluation.Evaluate(StoreLocation.Parse(parse.GetValue(store)), parse.GetValue(truth)!.FullName);
            var m = result.Metrics;
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    precision = m.Precision,
                    recall = m.Recall,
                    f1 = m.F1,
                    b3_precision = m.BCubedPrecision,
                    b3_recall = m.BCubedRecall,
                    false_merge_pairs = m.FalseMergePairs,
                    missed_pairs = m.MissedPairs,
                    true_pairs = m.TruePairs,
                    records = m.Records,
                    missed_pairs_in_review = result.MissedPairsInReview,
                    blocking_recall = result.Diagnostics.BlockingRecall,
                    corroborated_recall = result.Diagnostics.CorroboratedRecall,
                }));
                return 0;
            }

            var table = new Table().Border(TableBorder.Rounded).Title("Golden records against the truth").AddColumns("Measure", "Value");
            table.AddRow("Records", N(m.Records));
            table.AddRow("Pairwise precision", m.Precision.ToString("0.00000", CultureInfo.InvariantCulture));
            table.AddRow("Pairwise recall", m.Recall.ToString("0.00000", CultureInfo.InvariantCulture));
            table.AddRow("F1", m.F1.ToString("0.00000", CultureInfo.InvariantCulture));
            table.AddRow("B-cubed precision / recall", $"{m.BCubedPrecision:0.00000} / {m.BCubedRecall:0.00000}");
            table.AddRow("False merge pairs / missed pairs", $"{N(m.FalseMergePairs)} / {N(m.MissedPairs)} of {N(m.TruePairs)} true pairs");
            table.AddRow("Missed pairs the review queue asks about", N(result.MissedPairsInReview));
            table.AddRow("True pairs scored (candidates)", $"{result.Diagnostics.CandidateRecall:0.00000}");
            table.AddRow("Recall blocking allows", $"{result.Diagnostics.BlockingRecall:0.00000}");
            table.AddRow("Recall possible without joining on names alone", $"{result.Diagnostics.CorroboratedRecall:0.00000}");
            AnsiConsole.Write(table);
            foreach (var (golden, people) in result.FalseMerges)
            {
                AnsiConsole.MarkupLine($"golden record {golden} holds {people.Count} people: {Markup.Escape(string.Join(", ", people))}");
            }

            return 0;
        }));
        return command;
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
