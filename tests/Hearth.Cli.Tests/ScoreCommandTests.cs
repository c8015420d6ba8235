using System.Text.Json;
using Hearth.Services.Persistence;
using Hearth.TestCommon;

namespace Hearth.Cli.Tests;

/// <summary>The score and explain-score commands, run as a user runs them, on a small city ingested and matched.</summary>
public sealed class ScoreCommandTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    private string City => Path.Combine(_directory.Path, "city");

    private string Store => Path.Combine(_directory.Path, "hearth.db");

    private static string Rules => Path.Combine(Repository.Root, "config", "rules");

    [Theory]
    [InlineData("score --help", "advisory")]
    [InlineData("explain-score --help", "GOLDEN_ID")]
    public async Task Help_ScoreCommands_DescribeThemselves(string arguments, string expected)
    {
        var (exitCode, output, _) = await HearthProcess.RunAsync(arguments.Split(' '));

        exitCode.ShouldBe(0);
        output.ShouldContain(expected, Case.Insensitive);
    }

    [Fact]
    public async Task ScoreThenExplain_SmallCity_SummarisesBandsAndShowsTheEvidence()
    {
        await MakeMatchedCity();

        var (exitCode, output, error) = await HearthProcess.RunAsync("score", "--store", Store, "--rules", Rules, "--as-of", "2026-08-31");

        exitCode.ShouldBe(0, error);
        output.ShouldContain("vulnerable-pupil 1.0.0");
        output.ShouldContain("exploitation-risk 1.0.0");
        output.ShouldContain("neet-risk 1.0.0");
        output.ShouldContain("amber");
        output.ShouldContain("advisory");

        var (jsonExit, json, jsonError) = await HearthProcess.RunAsync("score", "--store", Store, "--rules", Rules, "--as-of", "2026-08-31", "--json");
        jsonExit.ShouldBe(0, jsonError);
        using (var result = JsonDocument.Parse(json))
        {
            result.RootElement.GetProperty("history_rows").GetInt64().ShouldBe(0, "nothing changed since the last run");
            var sets = result.RootElement.GetProperty("rule_sets").EnumerateArray().ToList();
            sets.Count.ShouldBe(3);
            sets.Single(s => s.GetProperty("rule_set").GetString() == "vulnerable-pupil").GetProperty("scored").GetInt64().ShouldBeGreaterThan(0);
        }

        var golden = HighestScored();
        var (explainExit, explained, explainError) = await HearthProcess.RunAsync("explain-score", golden.ToString(System.Globalization.CultureInfo.InvariantCulture), "--store", Store);

        explainExit.ShouldBe(0, explainError);
        explained.ShouldContain($"Golden record {golden}: vulnerable-pupil 1.0.0");
        explained.ShouldContain("Evidence (event id, feed, type, date)");
        explained.ShouldMatch(@"\d+ \w+ \w+ \d{4}-\d\d-\d\d");
    }

    [Fact]
    public async Task Score_BadAsOfDate_FailsWithAClearMessage()
    {
        var (exitCode, output, error) = await HearthProcess.RunAsync("score", "--store", Store, "--as-of", "31/08/2026");

        exitCode.ShouldBe(2);
        (output + error).ShouldContain("yyyy-MM-dd");
    }

    [Fact]
    public async Task ExplainScore_NoSuchGoldenRecord_FailsWithAClearMessage()
    {
        var (exitCode, output, error) = await HearthProcess.RunAsync("explain-score", "424242", "--store", Store);

        exitCode.ShouldBe(2);
        (output + error).ShouldContain("no current golden record 424242");
    }

    public void Dispose() => _directory.Dispose();

    private long HighestScored()
    {
        using var connection = StoreLocation.Parse(Store).Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT subject_id FROM scores WHERE rule_set = 'vulnerable-pupil' ORDER BY score DESC, subject_id LIMIT 1";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task MakeMatchedCity()
    {
        (await HearthProcess.RunAsync("synth", "--people", "400", "--seed", "9", "--out", City)).ExitCode.ShouldBe(0);
        (await HearthProcess.RunAsync("ingest", Path.Combine(City, "feeds"), "--store", Store)).ExitCode.ShouldBe(0);
        (await HearthProcess.RunAsync("match", "--store", Store)).ExitCode.ShouldBe(0);
    }
}
