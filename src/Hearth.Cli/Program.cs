using System.CommandLine;
using Hearth.Cli.Commands;

var root = new RootCommand("Hearth: joined-up data for children's and family services. Run a command with --help to learn more.");
root.Subcommands.Add(SynthCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
return root.Parse(args).Invoke();
