using System.Diagnostics;

namespace Hearth.TestCommon;

/// <summary>Runs the real <c>hearth</c> executable, as a user would, and captures what it prints.</summary>
public static class HearthProcess
{
    /// <summary>Starts hearth without waiting for it (for tests that kill it part-way).</summary>
    public static Process Start(params string[] arguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "hearth.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} was not built next to the tests; the test project must reference Hearth.Cli.");
        }

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
        return Process.Start(start)!;
    }

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        using var process = Start(arguments);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
