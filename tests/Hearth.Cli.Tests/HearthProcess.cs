using System.Diagnostics;

namespace Hearth.Cli.Tests;

/// <summary>Runs the real <c>hearth</c> executable, as a user would, and captures what it prints.</summary>
public static class HearthProcess
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "hearth.dll");
        File.Exists(dll).ShouldBeTrue($"{dll} was not built next to the tests");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A narrow, non-interactive console, as in CI.
        start.Environment["COLUMNS"] = "200";
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
