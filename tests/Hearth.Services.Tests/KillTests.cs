using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Hearth.Services.Persistence;
using Hearth.TestCommon;
using Npgsql;

namespace Hearth.Services.Tests;

/// <summary>
/// A load killed part-way (SIGKILL, no chance to clean up) leaves the store exactly as it was before the load, and the
/// next load succeeds: the whole load is one transaction, which the database rolls back.
/// </summary>
public sealed class KillTests : IDisposable
{
    private const int BigRows = 400_000;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hearth-kill-" + Guid.NewGuid().ToString("N"));

    // Definitions live apart from the extract: every .json in a definitions folder must be a feed definition.
    private string Definitions => Path.Combine(_folder, "definitions");

    public KillTests()
    {
        Directory.CreateDirectory(Definitions);
        File.WriteAllText(Path.Combine(Definitions, "pupils.json"), """
            {
              "name": "pupils", "system": "Test school system", "lawful_basis": { "article6": "public_task" }, "trust_rank": 20,
              "format": { "type": "csv" },
              "key": ["Id"],
              "persons": [{ "slot": "pupil", "local_id": "Id", "name": { "forename": "Forename", "surname": "Surname" },
                            "date_of_birth": { "field": "DOB", "formats": ["dd/MM/yyyy"] } }]
            }
            """);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Ingest_KilledPartWay_LeavesTheStoreAsItWas(StoreProvider provider)
    {
        using var store = TestStore.Create(provider);
        var storeArgument = store.Provider == StoreProvider.Sqlite ? store.Location.Display["SQLite ".Length..] : store.Location.ConnectionString;
        WriteFeed(rows: 3);
        (await HearthProcess.RunAsync("ingest", _folder, "--store", storeArgument, "--definitions", Definitions)).ExitCode.ShouldBe(0);
        var before = StoreSnapshot.Of(store.Location);

        WriteFeed(BigRows);
        using (var process = HearthProcess.Start("ingest", _folder, "--store", storeArgument, "--definitions", Definitions))
        {
            await WaitUntilPartWay(process);
            process.HasExited.ShouldBeFalse("the load finished before the test could kill it; make the file bigger");
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        if (provider == StoreProvider.Postgres)
        {
            // The server notices the dropped connection and rolls its transaction back; wait for that.
            await WaitForNoActiveLoad(store);
        }

        StoreSnapshot.Of(store.Location).ShouldEqual(before);

        var (exitCode, output, error) = await HearthProcess.RunAsync("ingest", _folder, "--store", storeArgument, "--definitions", Definitions, "--json");
        exitCode.ShouldBe(0, error);
        output.ShouldContain($"\"read\": {BigRows}");
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private void WriteFeed(int rows)
    {
        using (var writer = new StreamWriter(Path.Combine(_folder, "pupils.csv")))
        {
            writer.WriteLine("Id,Forename,Surname,DOB");
            for (var i = 0; i < rows; i++)
            {
                writer.WriteLine($"P{i:D7},Forename{i % 997},Surname{i % 1009},{1 + (i % 28):D2}/{1 + (i % 12):D2}/{2005 + (i % 12)}");
            }
        }

        File.WriteAllText(Path.Combine(_folder, "manifest.json"), """{ "feeds": [ { "name": "pupils", "file": "pupils.csv" } ] }""");
    }

    /// <summary>
    /// Waits until hearth reports that it has read between a tenth and a half of the file. The rows so far are written
    /// but not committed, and the rest of the file is still to come, so the kill lands inside the load's transaction.
    /// (Watching SQLite's write-ahead log is not enough: with a large page cache it only grows as the load commits.)
    /// </summary>
    private static async Task WaitUntilPartWay(Process process)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        _ = process.StandardOutput.ReadToEndAsync(timeout.Token);
        while (await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            var match = Regex.Match(line, @"^pupils: (?<percent>\d+)% of the file read", RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(1));
            if (match.Success && int.Parse(match.Groups["percent"].Value, CultureInfo.InvariantCulture) is >= 10 and <= 50)
            {
                return;
            }
        }

        throw new InvalidOperationException("hearth ended without reporting progress part-way through the file.");
    }

    private static async Task WaitForNoActiveLoad(TestStore store)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(30))
        {
            await using var connection = new NpgsqlConnection(store.Location.ConnectionString);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            var others = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
            if (others == 0)
            {
                return;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
