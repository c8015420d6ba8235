using System.CommandLine;
using Hearth.Services.Ingestion;
using Hearth.Services.Persistence;
using Hearth.Synth;
using Spectre.Console;

namespace Hearth.Cli.Commands;

/// <summary>
/// <c>hearth demo</c>: the main job until the portal exists. Generates the demo city (20,000 people, seed 42) into
/// <c>out/demo</c>, creates or upgrades the store, and loads every feed of the city into it.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Where to write the demo city.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("out", "demo")) };
        var people = new Option<int>("--people") { Description = "Residents at the start of the window.", DefaultValueFactory = _ => 20_000 };
        var store = StoreOption.Create();
        var command = new Command("demo", "Generate the demo city (20,000 people, seed 42), create the store and load every feed of the city into it.")
        {
            output, people, store,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var city = parse.GetValue(output)!.FullName;
            var summary = SynthCommand.Generate(new SynthOptions { People = parse.GetValue(people), Seed = 42 }, city, quiet: false);
            SynthCommand.Print(summary);

            var location = StoreLocation.Parse(parse.GetValue(store));
            AnsiConsole.MarkupLine($"Loading the city's feeds into {Markup.Escape(location.Display)}...");
            var result = new IngestService(location, TimeProvider.System)
                .Ingest(new Hearth.Services.Ingestion.IngestCommand(Path.Combine(city, "feeds"), FeedCatalogue.FindDefinitions(null)));
            IngestCommandLine.Print(result);
            var storeArgument = location.Provider == StoreProvider.Sqlite ? parse.GetValue(store) : "\"<connection string>\"";
            AnsiConsole.MarkupLine($"See how good each feed is with: [bold]hearth dq --store {Markup.Escape(storeArgument ?? StoreLocation.DefaultPath)}[/]");
            return result.Succeeded ? 0 : 1;
        }));
        return command;
    }
}
