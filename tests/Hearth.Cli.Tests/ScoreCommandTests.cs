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
    [InlineData("explain-score --help", "--family")]
    [InlineData("score-history --help", "timeline")]
    [InlineData("alerts --help", "acknowledge")]
    [InlineData("score evaluate --help", "latent needs")]
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
            sets.Count.ShouldBe(4);
            sets.Single(s => s.GetProperty("rule_set").GetString() == "supporting-families").GetProperty("scored").GetInt64().ShouldBe(0, "no groups yet, so no families");
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
    public async Task FamilyScores_AfterGrouping_AreExplained_HaveATimeline_AndAreMeasuredAgainstTheTruth()
    {
        await MakeMatchedCity();
        (await HearthProcess.RunAsync("groups", "--store", Store)).ExitCode.ShouldBe(0);
        var (exitCode, output, error) = await HearthProcess.RunAsync("score", "--store", Store, "--rules", Rules, "--as-of", "2026-08-31");
        exitCode.ShouldBe(0, error);
        output.ShouldContain("supporting-families 1.1.0");
        var family = MostNeeds();

        var (explainExit, explained, explainError) = await HearthProcess.RunAsync("explain-score", family.ToString(System.Globalization.CultureInfo.InvariantCulture), "--family", "--store", Store);
        explainExit.ShouldBe(0, explainError);
        explained.ShouldContain($"Family {family}: supporting-families 1.1.0");
        explained.ShouldMatch(@"member \d+ \((Child|Parent|StepParent|Carer|Grandparent|AdultChild)\)");

        var (historyExit, history, historyError) = await HearthProcess.RunAsync("score-history", family.ToString(System.Globalization.CultureInfo.InvariantCulture), "--family", "--store", Store, "--json");
        historyExit.ShouldBe(0, historyError);
        using (var timeline = JsonDocument.Parse(history))
        {
            var entries = timeline.RootElement.GetProperty("history").EnumerateArray().ToList();
            entries.ShouldHaveSingleItem().GetProperty("rule_set").GetString().ShouldBe("supporting-families");
        }

        var (evaluateExit, evaluated, evaluateError) = await HearthProcess.RunAsync("score", "evaluate", "--store", Store, "--city-truth", Path.Combine(City, "truth"));
        evaluateExit.ShouldBe(0, evaluateError);
        evaluated.ShouldContain("against the latent needs, as at 2026-08-31");
        evaluated.ShouldContain("eligible");
        evaluated.ShouldContain("Each rule on its own");
    }

    [Fact]
    public async Task Alerts_ListedAndAcknowledged_RecordWhoAndWhy_AndCannotBeAcknowledgedTwice()
    {
        await MakeMatchedCity();
        (await HearthProcess.RunAsync("score", "--store", Store, "--rules", Rules, "--as-of", "2025-08-31")).ExitCode.ShouldBe(0);
        (await HearthProcess.RunAsync("score", "--store", Store, "--rules", Rules, "--as-of", "2026-08-31")).ExitCode.ShouldBe(0);

        var (listExit, list, listError) = await HearthProcess.RunAsync("alerts", "--store", Store, "--json");
        listExit.ShouldBe(0, listError);
        long alert;
        using (var alerts = JsonDocument.Parse(list))
        {
            var all = alerts.RootElement.EnumerateArray().ToList();
            all.ShouldNotBeEmpty("a year of events between the two runs raises alerts");
            alert = all[0].GetProperty("id").GetInt64();
        }

        var id = alert.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (ackExit, ack, ackError) = await HearthProcess.RunAsync("alerts", "acknowledge", id, "--reason", "Spoke to the school's DSL", "--store", Store);
        ackExit.ShouldBe(0, ackError);
        ack.ShouldContain($"Alert {id} acknowledged by");

        var (againExit, againOutput, againError) = await HearthProcess.RunAsync("alerts", "acknowledge", id, "--reason", "again", "--store", Store);
        againExit.ShouldBe(2);
        (againOutput + againError).ShouldContain("already acknowledged");
        var (_, open, _) = await HearthProcess.RunAsync("alerts", "--store", Store, "--json");
        open.ShouldNotContain($"\"id\": {id},");
        var (_, everything, _) = await HearthProcess.RunAsync("alerts", "--all", "--store", Store, "--json");
        everything.ShouldContain("Spoke to the school");
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

    private long MostNeeds()
    {
        using var connection = StoreLocation.Parse(Store).Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT subject_id FROM scores WHERE subject_type = 'family' AND rule_set = 'supporting-families' ORDER BY score DESC, subject_id LIMIT 1";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task MakeMatchedCity()
    {
        (await HearthProcess.RunAsync("synth", "--people", "400", "--seed", "9", "--out", City)).ExitCode.ShouldBe(0);
        (await HearthProcess.RunAsync("ingest", Path.Combine(City, "feeds"), "--store", Store)).ExitCode.ShouldBe(0);
        (await HearthProcess.RunAsync("match", "--store", Store)).ExitCode.ShouldBe(0);
    }
}
