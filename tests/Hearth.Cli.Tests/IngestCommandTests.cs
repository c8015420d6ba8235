using System.Text.Json;
using Hearth.TestCommon;

namespace Hearth.Cli.Tests;

/// <summary>The ingest, dq, schema, demo and bench ingest commands, run as a user runs them, on a small city.</summary>
public sealed class IngestCommandTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    private string City => Path.Combine(_directory.Path, "city");

    private string Store => Path.Combine(_directory.Path, "hearth.db");

    [Fact]
    public async Task Ingest_Json_AccountsForEveryRowOfEveryFeed()
    {
        await MakeCity();

        var (exitCode, output, error) = await HearthProcess.RunAsync("ingest", Path.Combine(City, "feeds"), "--store", Store, "--json");

        exitCode.ShouldBe(0, error);
        using var result = JsonDocument.Parse(output);
        var feeds = result.RootElement.GetProperty("feeds").EnumerateArray().ToList();
        feeds.Count.ShouldBe(25);
        foreach (var feed in feeds)
        {
            feed.GetProperty("status").GetString().ShouldBe("completed");
            var read = feed.GetProperty("read").GetInt64();
            (feed.GetProperty("loaded").GetInt64() + feed.GetProperty("quarantined").GetInt64()).ShouldBe(read);
            var reasons = feed.GetProperty("quarantine_reasons").EnumerateObject().Sum(r => r.Value.GetInt64());
            reasons.ShouldBe(feed.GetProperty("quarantined").GetInt64());
        }
    }

    [Fact]
    public async Task Ingest_Twice_SecondReportsEveryFeedUnchanged()
    {
        await MakeCity();
        (await HearthProcess.RunAsync("ingest", Path.Combine(City, "feeds"), "--store", Store)).ExitCode.ShouldBe(0);

        var (exitCode, output, _) = await HearthProcess.RunAsync("ingest", Path.Combine(City, "feeds"), "--store", Store, "--json");

        exitCode.ShouldBe(0);
        using var result = JsonDocument.Parse(output);
        result.RootElement.GetProperty("feeds").EnumerateArray().Select(f => f.GetProperty("status").GetString()).ShouldAllBe(status => status == "unchanged");
    }

    [Fact]
    public async Task Ingest_NoManifest_FailsWithAClearMessage()
    {
        var (exitCode, output, error) = await HearthProcess.RunAsync("ingest", _directory.Path, "--store", Store);

        exitCode.ShouldBe(2);
        (output + error).ShouldContain("manifest", Case.Insensitive);
    }

    [Fact]
    public async Task Ingest_ManifestEntryWithoutAName_FailsWithAClearMessage()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory.Path, "manifest.json"), """{ "feeds": [ { "file": "x.csv" } ] }""", TestContext.Current.CancellationToken);

        var (exitCode, output, error) = await HearthProcess.RunAsync("ingest", _directory.Path, "--store", Store);

        exitCode.ShouldBe(2);
        (output + error).ShouldContain("without a name");
    }

    [Fact]
    public async Task Dq_Json_ReportsEachFeedsQualityAndTrend()
    {
        await MakeCity();
        (await HearthProcess.RunAsync("ingest", Path.Combine(City, "feeds"), "--store", Store)).ExitCode.ShouldBe(0);

        var (exitCode, output, error) = await HearthProcess.RunAsync("dq", "--store", Store, "--json");

        exitCode.ShouldBe(0, error);
        using var report = JsonDocument.Parse(output);
        var feeds = report.RootElement.GetProperty("feeds").EnumerateArray().ToList();
        feeds.Count.ShouldBe(25);
        var police = feeds.Single(f => f.GetProperty("feed").GetString() == "police_incidents");
        police.GetProperty("attributes").EnumerateArray().ShouldNotBeEmpty();
        police.GetProperty("trend").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task Dq_EmptyStore_SaysThereIsNothingYet()
    {
        var (exitCode, output, _) = await HearthProcess.RunAsync("dq", "--store", Store);

        exitCode.ShouldBe(0);
        output.ShouldContain("no loaded feeds yet");
    }

    [Fact]
    public async Task Schema_PrintsTheCommittedSchema()
    {
        var (exitCode, output, _) = await HearthProcess.RunAsync("schema");

        exitCode.ShouldBe(0);
        output.ShouldBe(await File.ReadAllTextAsync(Path.Combine(Repository.FeedDefinitions, "feed-definition.schema.json"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Demo_SmallCity_CreatesTheStoreAndLoadsEveryFeed()
    {
        var (exitCode, output, error) = await HearthProcess.RunAsync("demo", "--people", "300", "--out", City, "--store", Store);

        exitCode.ShouldBe(0, error);
        output.ShouldContain("Every row is accounted for");
        File.Exists(Store).ShouldBeTrue();
    }

    [Fact]
    public async Task BenchIngest_ReportsRowsPerSecond()
    {
        var (exitCode, output, error) = await HearthProcess.RunAsync("bench", "ingest", "--people", "300");

        exitCode.ShouldBe(0, error);
        output.ShouldContain("SQLite:");
        output.ShouldContain("rows/s");
    }

    public void Dispose() => _directory.Dispose();

    private async Task MakeCity() =>
        (await HearthProcess.RunAsync("synth", "--people", "400", "--seed", "9", "--out", City)).ExitCode.ShouldBe(0);
}
