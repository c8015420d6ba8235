using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Hearth.Services.Groups;
using Hearth.Services.Persistence;
using Spectre.Console;

namespace Hearth.Cli.Commands;

/// <summary><c>hearth groups</c>: build or refresh households, families, extended families and associations; <c>groups evaluate</c> measures them.</summary>
internal static class GroupsCommandLine
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create()
    {
        var store = StoreOption.Create();
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON." };
        var layers = new Option<DirectoryInfo?>("--layers") { Description = "The folder of group layer definitions. Default: config/groups in this folder or the nearest parent." };
        var asOf = new Option<string?>("--as-of") { Description = "The date the groups describe (yyyy-MM-dd). Default: the date of the latest event in the store." };
        var command = new Command("groups", "Group the golden records into every configured layer (config/groups): where each person lives, households, families, extended families and peer networks, with the evidence behind every link. Group ids stay stable across runs and every membership change is logged.")
        {
            store, json, layers, asOf,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var location = StoreLocation.Parse(parse.GetValue(store));
            var definitions = GroupCatalogue.Load(GroupCatalogue.Find(parse.GetValue(layers)?.FullName));
            var groupCommand = new GroupCommand(Environment.UserName, definitions) { AsOf = ParseDate(parse.GetValue(asOf)) };
            var service = new GroupService(location, TimeProvider.System);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(service.Build(groupCommand), Json));
                return 0;
            }

            GroupResult? result = null;
            AnsiConsole.Status().Start("grouping", context =>
            {
                result = service.Build(groupCommand, new Progress<string>(stage => context.Status(Markup.Escape(stage))));
            });
            Print(location, result!);
            return 0;
        }));
        command.Subcommands.Add(Evaluate());
        return command;
    }

    private static Command Evaluate()
    {
        var store = StoreOption.Create();
        var json = new Option<bool>("--json") { Description = "Print the measures as JSON." };
        var truth = new Option<DirectoryInfo>("--city-truth") { Description = "The truth folder of a city made by hearth synth (households.csv, families.csv, networks.csv, source_records.csv).", Required = true };
        var command = new Command("evaluate", "Measure the store's current households, families and peer networks against a synthetic city's truth: pairwise precision and recall, and how many true networks are recovered.")
        {
            store, json, truth,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var location = StoreLocation.Parse(parse.GetValue(store));
            var result = GroupTruthEvaluation.Evaluate(location, parse.GetValue(truth)!.FullName);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(result, Json));
                return 0;
            }

            var table = new Table().Border(TableBorder.Rounded).Title($"Groups against the truth, as of {result.AsOf:yyyy-MM-dd}")
                .AddColumns("Layer", "Precision", "Recall", "F1", "Predicted pairs", "True pairs", "People in truth", "People grouped");
            foreach (var m in new[] { result.Households, result.CoResidence, result.Families, result.Networks.Pairwise })
            {
                table.AddRow(m.Layer, F(m.Precision), F(m.Recall), F(m.F1), N(m.PredictedPairs), N(m.TruePairs), N(m.PeopleInTruth), N(m.PeopleGrouped));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"Peer networks: {result.Networks.Recovered:N0} of {result.Networks.TrueNetworks:N0} true networks recovered (best Jaccard ≥ 0.5); mean best Jaccard {result.Networks.MeanBestJaccard:0.000}.");
            return 0;
        }));
        return command;
    }

    private static void Print(StoreLocation store, GroupResult result)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"Groups in {Markup.Escape(store.Display)} as of {result.AsOf:yyyy-MM-dd} (run {result.RunId})")
            .AddColumns("Layer", "Kind", "Groups", "Members", "Mean size", "Largest", "Created", "Retired", "Joined", "Left", "Role changed", "Too large");
        foreach (var layer in result.Layers)
        {
            table.AddRow(layer.Layer, layer.Kind.ToString(), N(layer.Groups), N(layer.Members), layer.MeanSize.ToString("0.00", CultureInfo.InvariantCulture), N(layer.LargestSize),
                N(layer.Created), N(layer.Retired), N(layer.Joined), N(layer.Left), N(layer.RoleChanged), N(layer.Oversized));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"{result.People:N0} people, {result.PeopleWithHome:N0} with a current home; {result.Residences:N0} residence periods; {result.Links:N0} links between people.");
        AnsiConsole.MarkupLine("Links by type: " + Markup.Escape(string.Join(", ", result.LinksByType.Select(l => $"{l.Key} {l.Value:N0}"))));
        AnsiConsole.MarkupLine("Seconds: " + string.Join(", ", result.Seconds.Select(s => $"{Markup.Escape(s.Key)} {s.Value.ToString("0.0", CultureInfo.InvariantCulture)}")));
        AnsiConsole.MarkupLine("See a person's or a group's members and the evidence behind every link with: hearth show person ID, hearth show family ID");
    }

    internal static DateOnly? ParseDate(string? text) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : throw new ArgumentException($"'{text}' is not a date in the form yyyy-MM-dd.");

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
}
