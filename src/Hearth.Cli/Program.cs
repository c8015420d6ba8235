using System.CommandLine;
using Hearth.Cli.Commands;
using Spectre.Console;

if (Console.IsOutputRedirected)
{
    // In a pipe or a log, keep tables whole and leave out colour codes.
    AnsiConsole.Profile.Width = 200;
    AnsiConsole.Profile.Capabilities.Ansi = false;
}

var root = new RootCommand("Hearth: joined-up data for children's and family services. Run a command with --help to learn more.");
root.Subcommands.Add(SynthCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(IngestCommandLine.Create());
root.Subcommands.Add(DataQualityCommand.Create());
root.Subcommands.Add(SchemaCommand.Create());
root.Subcommands.Add(MatchCommandLine.Create());
root.Subcommands.Add(LinkCommandLine.Create());
root.Subcommands.Add(EvaluateCommand.Create());
root.Subcommands.Add(ExplainCommand.Create());
root.Subcommands.Add(GroupsCommandLine.Create());
root.Subcommands.Add(ShowCommand.Create());
root.Subcommands.Add(AuditCommand.Create());
root.Subcommands.Add(ScoreCommandLine.Create());
root.Subcommands.Add(ScoreCommandLine.CreateExplain());
root.Subcommands.Add(ScoreCommandLine.CreateHistory());
root.Subcommands.Add(ScoreCommandLine.CreateAlerts());
root.Subcommands.Add(FairnessCommandLine.Create());
root.Subcommands.Add(ClaimsCommandLine.Create());
root.Subcommands.Add(BenchCommand.Create());
return root.Parse(args).Invoke();
