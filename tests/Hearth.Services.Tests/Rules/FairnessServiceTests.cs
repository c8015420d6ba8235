using System.Globalization;
using Dapper;
using Hearth.Core.Rules;
using Hearth.Services.Persistence;
using Hearth.Services.Rules;
using Hearth.TestCommon;

namespace Hearth.Services.Tests.Rules;

/// <summary>
/// The fairness report over a small store scored by vulnerable-pupil, on both stores: the counts add up to the stored
/// scores in every dimension, SEN is the latest census on or before the run's date, ages are at that date, and a store
/// with no scores says to run hearth score first.
/// </summary>
public sealed class FairnessServiceTests
{
    private static readonly DateOnly AsOf = new(2026, 7, 20);

    private static readonly DateTimeOffset Now = new(2026, 7, 20, 9, 0, 0, TimeSpan.Zero);

    private static readonly FairnessQuery Raw = new() { Options = new FairnessOptions { SuppressBelow = 0 } };

    private static CompiledRuleSet VulnerablePupil => RuleCatalogue.Load(Path.Combine(Repository.Root, "config", "rules")).Single(s => s.Name == "vulnerable-pupil");

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void Report_ScoredStore_CountsAddUpToTheScoresInEveryDimension(StoreProvider provider)
    {
        using var store = TestStore.Create(provider);
        var city = new TinyCity(store.Location);
        string?[] sexes = ["M", "F", null];
        int[] ages = [4, 8, 13, 16];
        string?[] sen = [null, "K", "E", "N"];
        var expectedSen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < 40; i++)
        {
            var ethnicity = i % 2 == 0 ? "WBRI" : i % 5 == 0 ? null : "APKN";
            var pupil = city.Person(Iso(AsOf.AddYears(-ages[i % 4]).AddDays(-30)), sexes[i % 3], ethnicity);
            if (sen[i % 4] is { } code)
            {
                city.Event(pupil, "school_census", "school_census_return", "2026-05-21", new { sen_provision = code });
            }

            expectedSen[FairnessDimension.SenOf(sen[i % 4])] = expectedSen.GetValueOrDefault(FairnessDimension.SenOf(sen[i % 4])) + 1;
            if (i % 3 == 0)
            {
                city.Attendance(pupil, "2025/26", "SUM", present: 40, possible: 100);
            }

            if (i % 7 == 0)
            {
                city.Event(pupil, "cin_census", "child_protection_plan", "2026-06-01", new { initial_category = "NEG" });
            }
        }

        // SEN support last autumn, no SEN at the latest census: no SEN. A census after the run's date is not seen.
        var changed = city.Person("2014-01-01", "F", "WBRI");
        city.Event(changed, "school_census", "school_census_return", "2025-10-02", new { sen_provision = "K" });
        city.Event(changed, "school_census", "school_census_return", "2026-05-21", new { sen_provision = "N" });
        city.Event(changed, "school_census", "school_census_return", "2026-10-01", new { sen_provision = "E" });
        expectedSen["no SEN"]++;
        city.Person("1985-06-01", "M", "WBRI");
        new ScoreService(store.Location, new FixedTime(Now)).Score(new ScoreCommand("test") { AsOf = AsOf, RuleSets = [VulnerablePupil] });

        var result = Service(store).Report(Raw);

        using var connection = store.Location.Open();
        var stored = connection.Query<string>("SELECT band FROM scores WHERE subject_type = 'person'").ToList();
        stored.Count.ShouldBe(41, "the adult is outside the cohort");
        stored.ShouldContain("red");
        stored.ShouldContain("amber");
        result.Scores.ShouldBe(41);
        result.LeftOut.ShouldBe(0);
        result.AsOf.ShouldBe(AsOf);
        var set = result.Report.RuleSets.Single();
        set.RuleSet.ShouldBe("vulnerable-pupil");
        (set.Scored, set.Flagged, set.Highest).ShouldBe((41L, (long)stored.Count(b => b != "green"), (long)stored.Count(b => b == "red")));
        set.Dimensions.Select(d => d.Dimension).ShouldBe(["sex", "ethnic group", "ethnicity", "SEN", "age band"]);
        foreach (var dimension in set.Dimensions)
        {
            dimension.Groups.Sum(g => g.Scored!.Value).ShouldBe(41, dimension.Dimension);
            dimension.Groups.Sum(g => g.Flagged.Count!.Value).ShouldBe(set.Flagged!.Value, dimension.Dimension);
            dimension.Groups.Sum(g => g.Highest.Count!.Value).ShouldBe(set.Highest!.Value, dimension.Dimension);
        }

        Groups(set, "SEN").ShouldBe(expectedSen.ToDictionary(x => x.Key, x => (long)x.Value), ignoreOrder: true);
        Groups(set, "age band").ShouldBe(new Dictionary<string, long> { ["0-4"] = 10, ["5-10"] = 10, ["11-15"] = 11, ["16-17"] = 10 }, ignoreOrder: true);
        Groups(set, "sex").ShouldBe(new Dictionary<string, long> { ["male"] = 14, ["female"] = 14, ["not recorded"] = 13 }, ignoreOrder: true);
        Groups(set, "ethnic group").ShouldBe(new Dictionary<string, long> { ["White"] = 21, ["Asian or Asian British"] = 16, ["not recorded"] = 4 }, ignoreOrder: true);
        set.Dimensions.Single(d => d.Dimension == "sex").Groups[^1].Group.ShouldBe("not recorded");

        // The default withholds counts under 5; one rule set alone; a rule set with no scores is named.
        var published = Service(store).Report(new FairnessQuery { RuleSet = "vulnerable-pupil" }).Report.RuleSets.Single();
        published.Dimensions.Single(d => d.Dimension == "ethnic group").Groups.Single(g => g.Group == "not recorded").Scored.ShouldBeNull();
        published.Scored.ShouldBe(41);
        Should.Throw<ArgumentException>(() => Service(store).Report(new FairnessQuery { RuleSet = "no-such-rules" })).Message.ShouldContain("vulnerable-pupil");

        // A golden record retired since the run is left out until the next run.
        connection.Execute("UPDATE golden_records SET retired_run_id = 2 WHERE id = @changed", new { changed });
        var later = Service(store).Report(Raw);
        later.LeftOut.ShouldBe(1);
        later.Report.RuleSets.Single().Scored.ShouldBe(40);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void Report_NoScoresYet_SaysToRunHearthScoreFirst(StoreProvider provider)
    {
        using var store = TestStore.Create(provider);

        Should.Throw<InvalidOperationException>(() => Service(store).Report(new FairnessQuery())).Message.ShouldContain("run hearth score first");
    }

    private static Dictionary<string, long> Groups(RuleSetFairness set, string dimension) =>
        set.Dimensions.Single(d => d.Dimension == dimension).Groups.ToDictionary(g => g.Group, g => g.Scored!.Value);

    private static FairnessService Service(TestStore store) => new(store.Location, new FixedTime(Now));

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
