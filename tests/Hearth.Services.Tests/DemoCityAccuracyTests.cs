using Hearth.Services.Groups;
using Hearth.Services.Ingestion;
using Hearth.Services.Matching;
using Hearth.Services.Persistence;
using Hearth.Services.Rules;
using Hearth.Synth;
using Hearth.TestCommon;

namespace Hearth.Services.Tests;

/// <summary>
/// The accuracy the README reports, on the README's own city (20,000 people, seed 42, every feed), guarded. The figures
/// are measured, not hoped for: precision meets the target; recall is held at its measured level, below the
/// target, which the evidence in these feeds does not allow (the test asserts that ceiling too, so a change to the
/// generator that moved it would be seen).
/// </summary>
public sealed class DemoCityAccuracyTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hearth-demo-city-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void MatchAndGroup_TheTwentyThousandPersonCity_MeetsThePrecisionTarget_AndKeepsItsMeasuredAccuracy()
    {
        CityGenerator.Generate(new SynthOptions { People = 20_000, Seed = 42 }, _directory);
        using var store = TestStore.Create(StoreProvider.Sqlite);
        var time = FixedTime.At(2026, 10, 1);
        new IngestService(store.Location, time).Ingest(new IngestCommand(Path.Combine(_directory, "feeds"), Repository.FeedDefinitions), null, TestContext.Current.CancellationToken)
            .Succeeded.ShouldBeTrue();
        new MatchService(store.Location, time, MatchingConfiguration.NameEquivalents(Path.Combine(Repository.Root, "config", "matching", "name-equivalents.json")))
            .Match(new MatchCommand("test"));

        var evaluation = CityTruthEvaluation.Evaluate(store.Location, Path.Combine(_directory, "truth"));

        var m = evaluation.Metrics;
        // Measured 2026-12-01: precision 0.99945, recall 0.97735, ceiling without name-only joins 0.98869.
        m.Precision.ShouldBeGreaterThanOrEqualTo(0.999, m.ToString());
        m.Recall.ShouldBeGreaterThanOrEqualTo(0.975, m.ToString());
        evaluation.Diagnostics.CorroboratedRecall.ShouldBeLessThan(0.99, "if the feeds now allow recall 0.99, the matcher should reach it");
        evaluation.Diagnostics.BlockingRecall.ShouldBeGreaterThan(0.99);

        // Groups on the same store (one city build for both, to keep CI short). Measured 2026-12-02: households
        // 0.954 / 0.904, families 0.956 / 0.878, 12 of 14 networks. Below issue 5's 0.98; docs/groups.md says why.
        new GroupService(store.Location, time).Build(new GroupCommand("test", GroupCatalogue.Load(Path.Combine(Repository.Root, "config", "groups"))));
        var groups = GroupTruthEvaluation.Evaluate(store.Location, Path.Combine(_directory, "truth"));
        groups.Households.Precision.ShouldBeGreaterThanOrEqualTo(0.945, groups.Households.ToString());
        groups.Households.Recall.ShouldBeGreaterThanOrEqualTo(0.89, groups.Households.ToString());
        groups.Families.Precision.ShouldBeGreaterThanOrEqualTo(0.945, groups.Families.ToString());
        groups.Families.Recall.ShouldBeGreaterThanOrEqualTo(0.865, groups.Families.ToString());
        groups.Networks.Recovered.ShouldBeGreaterThanOrEqualTo(groups.Networks.TrueNetworks / 2, groups.Networks.ToString());

        // Every default rule set on the same store, as at the extract date; then the Supporting Families need rules
        // against the generator's latent needs (issue 6). Floors are the measured figures less a margin.
        new ScoreService(store.Location, time).Score(new ScoreCommand("test") { AsOf = new DateOnly(2026, 9, 1), RuleSets = RuleCatalogue.Load(Path.Combine(Repository.Root, "config", "rules")) });
        var needs = NeedTruthEvaluation.Evaluate(store.Location, Path.Combine(_directory, "truth"));
        TestContext.Current.TestOutputHelper?.WriteLine(System.Text.Json.JsonSerializer.Serialize(needs));
        needs.TrueFamiliesFound.ShouldBeGreaterThan(needs.TrueFamiliesInCohort * 95 / 100, "nearly every true family with children is scored");
        foreach (var (headline, precision, recall) in NeedFloors)
        {
            var h = needs.Headlines.Single(x => x.Headline == headline);
            h.Precision.ShouldBeGreaterThanOrEqualTo(precision, h.ToString());
            h.Recall.ShouldBeGreaterThanOrEqualTo(recall, h.ToString());
        }

        needs.Eligibility.Precision.ShouldBeGreaterThanOrEqualTo(0.55, needs.Eligibility.ToString());
        needs.Eligibility.Recall.ShouldBeGreaterThanOrEqualTo(0.62, needs.Eligibility.ToString());
    }

    /// <summary>Each headline's precision and recall floors: measured 2026-12-02 less about 0.05 (docs/rules.md has the figures).</summary>
    private static readonly (string Headline, double Precision, double Recall)[] NeedFloors =
    [
        ("CRIME", 0.45, 0.58), ("DA", 0.83, 0.64), ("EDU", 0.30, 0.80), ("EY", 0.20, 0.18), ("FIN", 0.86, 0.68),
        ("HLTH", 0.32, 0.45), ("HOUS", 0.53, 0.39), ("REL", 0.84, 0.25), ("SAFE", 0.64, 0.62), ("SUB", 0.80, 0.44),
    ];

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
