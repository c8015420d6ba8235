using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Hearth.Services.Matching;
using Hearth.Services.Persistence;
using Spectre.Console;

namespace Hearth.Cli.Commands;

/// <summary><c>hearth explain</c>: the waterfall behind a match.</summary>
internal static class ExplainCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create()
    {
        var store = StoreOption.Create();
        var left = new Argument<long>("RECORD") { Description = "A person record id (person_records.id)." };
        var right = new Argument<long?>("OTHER") { Description = "A second person record id. Without it, RECORD is explained against the member of its golden record it links to most strongly.", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print the explanation as JSON." };
        var names = NameEquivalentsOption.Create();
        var command = new Command("explain", "Explain the match weight of two person records: the prior, then each comparison's level, the two values, m, u and weight, and the probability.")
        {
            store, left, right, json, names,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var service = new MatchService(StoreLocation.Parse(parse.GetValue(store)), TimeProvider.System, NameEquivalentsOption.Load(parse.GetValue(names)));
            var result = service.Explain(parse.GetValue(left), parse.GetValue(right));
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(result, Json));
                return 0;
            }

            var e = result.Explanation;
            var table = new Table().Border(TableBorder.Rounded)
                .Title($"Record {result.LeftRecordId} (golden {result.LeftGoldenId}) and record {result.RightRecordId} (golden {result.RightGoldenId})")
                .AddColumns("Comparison", "Level", "Left", "Right", "m", "u", "Weight", "Running total");
            var running = e.PriorWeight;
            table.AddRow("prior", "", "", "", "", "", F(e.PriorWeight), F(running));
            foreach (var step in e.Steps)
            {
                running += step.Weight;
                table.AddRow(
                    step.Comparison, Markup.Escape(step.Level + (step.TermFrequencyAdjusted ? " (value's frequency)" : "")), Markup.Escape(step.LeftValue ?? "-"), Markup.Escape(step.RightValue ?? "-"),
                    step.M?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "", step.U?.ToString("0.000000", CultureInfo.InvariantCulture) ?? "", F(step.Weight), F(running));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"Match weight {F(e.Weight)}, probability {e.Probability.ToString("0.000000", CultureInfo.InvariantCulture)}.");
            if (result.DeterministicRule)
            {
                AnsiConsole.MarkupLine("The two share a valid NHS number and no date of birth contradicts it: the deterministic rule joins them unless the forenames are plainly different.");
            }

            return 0;
        }));
        return command;
    }

    private static string F(double weight) => weight.ToString("+0.00;-0.00", CultureInfo.InvariantCulture);
}
