using System.CommandLine;
using Hearth.Synth;

namespace Hearth.Cli.Commands;

/// <summary>
/// <c>hearth demo</c>: the main job until the portal exists. Generates the demo city (20,000 people, seed 42) into
/// <c>out/demo</c> and prints its summary.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Where to write the demo city.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("out", "demo")) };
        var people = new Option<int>("--people") { Description = "Residents at the start of the window.", DefaultValueFactory = _ => 20_000 };
        var command = new Command("demo", "Generate the demo city (20,000 people, seed 42) and print its summary.") { output, people };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var options = new SynthOptions { People = parse.GetValue(people), Seed = 42 };
            var summary = SynthCommand.Generate(options, parse.GetValue(output)!.FullName, quiet: false);
            SynthCommand.Print(summary);
            return 0;
        }));
        return command;
    }
}
