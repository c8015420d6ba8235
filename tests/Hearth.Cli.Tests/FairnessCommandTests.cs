using System.Globalization;
using System.Text.Json;
using Hearth.Services.Persistence;
using Hearth.TestCommon;

namespace Hearth.Cli.Tests;

/// <summary>The fairness command, run as a user runs it, on a small city ingested, matched and scored.</summary>
public sealed class FairnessCommandTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    private string City => Path.Combine(_directory.Path, "city");

    private string Store => Path.Combine(_directory.Path, "hearth.db");

    [Fact]
    public async Task Help_Fairness_DescribesItselfAndItsOptions()
    {
        var (exitCode, output, _) = await HearthProcess.RunAsync("fairness", "--help");

        exitCode.ShouldBe(0);
        output.ShouldContain("not proof of bias");
        output.ShouldContain("--min-group");
        output.ShouldContain("--rule-set");
        output.ShouldContain("--json");
    }

    [Fact]
    public async Task Fairness_NoScoresYet_SaysToRunHearthScoreFirst()
    {
        var (exitCode, output, error) = await HearthProcess.RunAsync("fairness", "--store", Store);

        exitCode.ShouldBe(2);
        (output + error).ShouldContain("run hearth score first");
    }

    [Fact]
    public async Task Fairness_ScoredCity_PrintsATablePerDimension_AndJsonWhoseCountsAddUp()
    {
        (await HearthProcess.RunAsync("synth", "--people", "400", "--seed", "9", "--out", City)).ExitCode.ShouldBe(0);
        (await HearthProcess.RunAsync("ingest", Path.Combine(City, "feeds"), "--store", Store)).ExitCode.ShouldBe(0);
        (await HearthProcess.RunAsync("match", "--store", Store)).ExitCode.ShouldBe(0);
        (await HearthProcess.RunAsync("score", "--store", Store, "--rules", Path.Combine(Repository.Root, "config", "rules"), "--as-of", "2026-08-31")).ExitCode.ShouldBe(0);

        var (exitCode, output, error) = await HearthProcess.RunAsync("fairness", "--store", Store);

        exitCode.ShouldBe(0, error);
        output.ShouldContain("as at 2026-08-31");
        foreach (var dimension in new[] { "sex", "ethnic group", "ethnicity", "SEN", "age band" })
        {
            output.ShouldContain($"vulnerable-pupil by {dimension}");
        }

        output.ShouldContain("exploitation-risk by sex");
        output.ShouldContain("medium or high");
        output.ShouldContain("Verdict");
        output.ShouldContain("too few to judge");
        output.ShouldContain("<5", customMessage: "a 400-person city has groups of under 5");
        output.ShouldContain("not proof of bias");

        var (jsonExit, json, jsonError) = await HearthProcess.RunAsync("fairness", "--store", Store, "--rule-set", "vulnerable-pupil", "--min-group", "30", "--json");

        jsonExit.ShouldBe(0, jsonError);
        using var report = JsonDocument.Parse(json);
        var root = report.RootElement;
        root.GetProperty("as_of").GetString().ShouldBe("2026-08-31");
        root.GetProperty("options").GetProperty("minimum_group_size").GetInt32().ShouldBe(30);
        root.GetProperty("note").GetString()!.ShouldContain("not proof of bias");
        var set = root.GetProperty("rule_sets").EnumerateArray().Single();
        set.GetProperty("rule_set").GetString().ShouldBe("vulnerable-pupil");
        var scored = set.GetProperty("scored").GetInt64();
        scored.ShouldBe(StoredScores("vulnerable-pupil"));
        scored.ShouldBe(root.GetProperty("scores").GetInt64());
        foreach (var dimension in set.GetProperty("dimensions").EnumerateArray())
        {
            var groups = dimension.GetProperty("groups").EnumerateArray().ToList();
            var shown = groups.Where(g => g.GetProperty("scored").ValueKind == JsonValueKind.Number).Sum(g => g.GetProperty("scored").GetInt64());
            var withheld = groups.Where(g => g.GetProperty("scored").ValueKind == JsonValueKind.Null).ToList();
            withheld.ShouldAllBe(g => g.GetProperty("scored_withheld").GetString() != "no");
            if (withheld.Count == 0)
            {
                shown.ShouldBe(scored, dimension.GetProperty("dimension").GetString());
            }
            else
            {
                (scored - shown).ShouldBeGreaterThanOrEqualTo(5, "what is withheld never adds up to a small number");
            }

            groups.ShouldAllBe(g => g.GetProperty("flagged").GetProperty("verdict").GetString()!.Length > 0);
        }
    }

    public void Dispose() => _directory.Dispose();

    private long StoredScores(string ruleSet)
    {
        using var connection = StoreLocation.Parse(Store).Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM scores WHERE subject_type = 'person' AND rule_set = $ruleSet";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "$ruleSet";
        parameter.Value = ruleSet;
        command.Parameters.Add(parameter);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
