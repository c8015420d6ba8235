using System.CommandLine;
using Hearth.Services.Ingestion;
using Hearth.Services.Rules;

namespace Hearth.Cli.Commands;

/// <summary><c>hearth schema</c>: prints or writes the JSON schema for feed definitions (or, with --rules, rule sets).</summary>
internal static class SchemaCommand
{
    public static Command Create()
    {
        var output = new Option<FileInfo?>("--output") { Description = "Write the schema to this file instead of printing it (config/feeds/feed-definition.schema.json)." };
        var rules = new Option<bool>("--rules") { Description = "The schema for rule sets instead (config/rules/rule-set.schema.json)." };
        var command = new Command("schema", "Print the JSON schema that feed definitions follow, generated from the definition types and their documentation.")
        {
            output, rules,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var schema = parse.GetValue(rules) ? RuleSetSchema.Generate() : FeedDefinitionSchema.Generate();
            if (parse.GetValue(output) is { } file)
            {
                File.WriteAllText(file.FullName, schema);
                Console.WriteLine($"Wrote {file.FullName}");
            }
            else
            {
                Console.Write(schema);
            }

            return 0;
        }));
        return command;
    }
}
