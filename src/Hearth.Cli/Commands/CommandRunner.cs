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
        catch (Exception ex) when (IsUserError(ex))
        {
            return Report(ex);
        }
    }

    public static async Task<int> RunAsync(Func<Task<int>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            return await work();
        }
        catch (Exception ex) when (IsUserError(ex))
        {
            return Report(ex);
        }
    }

    private static bool IsUserError(Exception ex) =>
        ex is ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException or System.Data.Common.DbException or Hearth.Core.Ingestion.InvalidFeedDefinitionException or Hearth.Core.Rules.InvalidRuleSetException
            or HttpRequestException or System.ComponentModel.Win32Exception;

    private static int Report(Exception ex)
    {
        AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(ex.Message)}");
        return UsageError;
    }
}
