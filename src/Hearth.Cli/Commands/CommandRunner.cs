using Spectre.Console;

namespace Hearth.Cli.Commands;

/// <summary>Runs a command's work, turning the errors a user can cause into a clear message and exit code 2.</summary>
internal static class CommandRunner
{
    public const int UsageError = 2;

    public static int Run(Func<int> work)
    {
        try
        {
            return work();
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException or System.Data.Common.DbException or Hearth.Core.Ingestion.InvalidFeedDefinitionException or Hearth.Core.Rules.InvalidRuleSetException)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(ex.Message)}");
            return UsageError;
        }
    }
}
