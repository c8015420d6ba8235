using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Hearth.Core.Matching;
using Hearth.Services.Linking;
using Hearth.Services.Matching;
using Hearth.Services.Persistence;
using Spectre.Console;

namespace Hearth.Cli.Commands;

/// <summary>
/// <c>hearth evaluate</c>: how well clusters recover the truth, either the store's golden records against a synthetic
/// city's truth (--city-truth) or a clusters file from <c>hearth link</c> against a truth file (--clusters, --truth).
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var store = StoreOption.Create();
        var cityTruth = new Option<DirectoryInfo?>("--city-truth") { Description = "The truth folder of the city that was loaded (out/demo/truth): measure the store's golden records." };
        var clusters = new Option<FileInfo?>("--clusters") { Description = "A clusters file from hearth link (record_id, cluster_id and source_file): measure it against --truth." };
        var truth = new Option<FileInfo?>("--truth") { Description = "The truth for --clusters: record_id, true_id and optionally source_file (hearth bench truth writes one)." };
        var json = new Option<bool>("--json") { Description = "Print the measures as one JSON object." };
        var command = new Command("evaluate", "Measure clusters against the truth: pairwise precision, recall and F1, B-cubed precision and recall, false merges and missed matches. Give --city-truth, or --clusters and --truth.")
        {
            store, cityTruth, clusters, truth, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var city = parse.GetValue(cityTruth);
            var clustersFile = parse.GetValue(clusters);
            var truthFile = parse.GetValue(truth);
            if (city is not null && (clustersFile is not null || truthFile is not null))
            {
                throw new ArgumentException("Give --city-truth, or --clusters with --truth, not both.");
            }

            if (city is null && (clustersFile is null || truthFile is null))
            {
                throw new ArgumentException(clustersFile is null && truthFile is null
                    ? "Say what to measure: --city-truth FOLDER, or --clusters FILE --truth FILE."
                    : "--clusters and --truth go together: give both.");
            }

            if (city is null)
            {
                var result = ClusterEvaluation.Evaluate(new EvaluateClustersCommand(clustersFile!.ToString(), truthFile!.ToString()));
                var m = result.Metrics;
                if (parse.GetValue(json))
                {
                    // Exactly these keys, so that scripts comparing runs can rely on them.
                    Console.WriteLine(JsonSerializer.Serialize(new
                    {
                        precision = m.Precision,
                        recall = m.Recall,
                        f1 = m.F1,
                        b3_precision = m.BCubedPrecision,
                        b3_recall = m.BCubedRecall,
                        false_merge_pairs = m.FalseMergePairs,
                        missed_pairs = m.MissedPairs,
                    }));
                    return 0;
                }

                Print($"{Markup.Escape(clustersFile.Name)} against {Markup.Escape(truthFile!.Name)}", m);
                return 0;
            }

            var evaluation = CityTruthEvaluation.Evaluate(StoreLocation.Parse(parse.GetValue(store)), city.FullName);
            var metrics = evaluation.Metrics;
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    precision = metrics.Precision,
                    recall = metrics.Recall,
                    f1 = metrics.F1,
                    b3_precision = metrics.BCubedPrecision,
                    b3_recall = metrics.BCubedRecall,
                    false_merge_pairs = metrics.FalseMergePairs,
                    missed_pairs = metrics.MissedPairs,
                    true_pairs = metrics.TruePairs,
                    records = metrics.Records,
                    missed_pairs_in_review = evaluation.MissedPairsInReview,
                    blocking_recall = evaluation.Diagnostics.BlockingRecall,
                    corroborated_recall = evaluation.Diagnostics.CorroboratedRecall,
                }));
                return 0;
            }

            Print("Golden records against the truth", metrics, table =>
            {
                table.AddRow("Missed pairs the review queue asks about", N(evaluation.MissedPairsInReview));
                table.AddRow("True pairs scored (candidates)", evaluation.Diagnostics.CandidateRecall.ToString("0.00000", CultureInfo.InvariantCulture));
                table.AddRow("Recall blocking allows", evaluation.Diagnostics.BlockingRecall.ToString("0.00000", CultureInfo.InvariantCulture));
                table.AddRow("Recall possible without joining on names alone", evaluation.Diagnostics.CorroboratedRecall.ToString("0.00000", CultureInfo.InvariantCulture));
            });
            foreach (var (golden, people) in evaluation.FalseMerges)
            {
                AnsiConsole.MarkupLine($"golden record {golden} holds {people.Count} people: {Markup.Escape(string.Join(", ", people))}");
            }

            return 0;
        }));
        return command;
    }

    private static void Print(string title, LinkageMetrics m, Action<Table>? more = null)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(title).AddColumns("Measure", "Value");
        table.AddRow("Records", N(m.Records));
        table.AddRow("Pairwise precision", m.Precision.ToString("0.00000", CultureInfo.InvariantCulture));
        table.AddRow("Pairwise recall", m.Recall.ToString("0.00000", CultureInfo.InvariantCulture));
        table.AddRow("F1", m.F1.ToString("0.00000", CultureInfo.InvariantCulture));
        table.AddRow("B-cubed precision / recall", string.Create(CultureInfo.InvariantCulture, $"{m.BCubedPrecision:0.00000} / {m.BCubedRecall:0.00000}"));
        table.AddRow("False merge pairs / missed pairs", $"{N(m.FalseMergePairs)} / {N(m.MissedPairs)} of {N(m.TruePairs)} true pairs");
        more?.Invoke(table);
        AnsiConsole.Write(table);
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
