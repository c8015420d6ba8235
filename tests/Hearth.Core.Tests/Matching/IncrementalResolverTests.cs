using Hearth.Core.Matching;

namespace Hearth.Core.Tests.Matching;

/// <summary>
/// Resolving records one at a time against golden records: joins, creations, merges, guards and decisions, and close
/// agreement with a full run over the same records.
/// </summary>
public class IncrementalResolverTests
{
    private static readonly IReadOnlyList<Comparison> Comparisons = Linker.PeopleComparisons(NameEquivalents.Empty);

    /// <summary>A small population: 400 people with three records each, some with a typo or a missing date of birth.</summary>
    private static List<MatchRecord> Population()
    {
        var records = new List<MatchRecord>();
        var random = new Random(11);
        string[] forenames = ["AMELIA", "OLIVER", "NOOR", "JAKUB", "SIOBHAN", "KWAME", "PRIYA", "DYLAN", "FATIMA", "OSCAR"];
        string[] surnames = ["SMITH", "KHAN", "NOWAK", "OBRIEN", "MENSAH", "PATEL", "JONES", "EVANS", "ADEYEMI", "WALSH"];
        for (var person = 0; person < 400; person++)
        {
            var dob = new DateOnly(1960, 1, 1).AddDays(random.Next(20_000));
            var forename = forenames[random.Next(forenames.Length)];
            var surname = surnames[random.Next(surnames.Length)];
            var postcode = $"HF{random.Next(1, 7)} 9{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}";
            for (var copy = 0; copy < 3; copy++)
            {
                records.Add(new MatchRecord
                {
                    SourceKey = $"feed{copy}|p|{person:D4}",
                    Forename = copy == 2 && person % 5 == 0 ? forename[..^1] : forename,
                    Surname = surname,
                    DateOfBirth = copy == 1 && person % 7 == 0 ? null : dob,
                    Sex = person % 2 == 0 ? 'F' : 'M',
                    Postcode = postcode,
                });
            }
        }

        return records;
    }

    private static string PersonOf(MatchRecord record) => record.SourceKey[(record.SourceKey.LastIndexOf('|') + 1)..];

    private static (LinkResult Full, IncrementalResolver Resolver) FullRunThenResolver(IReadOnlyList<MatchRecord> existing, IEnumerable<(string, string, PairDecision)>? decisions = null)
    {
        var settings = new LinkSettings { USamplePairs = 50_000 };
        var full = Linker.Link(existing, Comparisons, BlockingRule.ForPeople, TrainingSession.ForPeople, settings);
        var resolver = new IncrementalResolver(full.Model, BlockingRule.ForPeople, settings, nextGoldenId: 1, decisions);
        for (var i = 0; i < full.Records.Count; i++)
        {
            // Golden ids: the cluster's representative plus one, so that ids start at 1.
            resolver.Add(full.Records[i], full.ClusterOf[i] + 1);
        }

        return (full, resolver);
    }

    [Fact]
    public void Resolve_RecordsHeldBackFromAFullRun_LandWhereTheFullRunPutsThem()
    {
        var population = Population();
        var heldBack = population.Where((_, i) => i % 10 == 3).ToList();
        var existing = population.Where((_, i) => i % 10 != 3).ToList();
        var (_, resolver) = FullRunThenResolver(existing);

        var outcomes = heldBack.Select(resolver.Resolve).ToList();

        var all = population.OrderBy(r => r.SourceKey, StringComparer.Ordinal).ToList();
        var metrics = LinkageMetrics.Compute(all.Select(r => resolver.GoldenOf(r.SourceKey)!.Value).ToList(), all.Select(PersonOf).ToList());
        metrics.Precision.ShouldBeGreaterThan(0.99, metrics.ToString());
        metrics.Recall.ShouldBeGreaterThan(0.9, metrics.ToString());
        outcomes.Count(o => o.Outcome == ResolveOutcome.Joined).ShouldBeGreaterThan(heldBack.Count * 8 / 10);
        outcomes.ShouldAllBe(o => o.CandidatesScored > 0);
    }

    [Fact]
    public void Resolve_ARecordLikeNoOther_GetsTheNextGoldenId()
    {
        var (full, resolver) = FullRunThenResolver(Population());
        var next = full.ClusterOf.Max() + 2;

        var result = resolver.Resolve(new MatchRecord { SourceKey = "new|p|x", Forename = "ZEBEDEE", Surname = "QUARTERMAINE", DateOfBirth = new DateOnly(1931, 2, 3), Postcode = "HF9 9ZZ" });

        result.Outcome.ShouldBe(ResolveOutcome.Created);
        result.GoldenId.ShouldBe(next);
        result.Review.ShouldBeEmpty();
        resolver.GoldenOf("new|p|x").ShouldBe(result.GoldenId);
    }

    [Fact]
    public void Resolve_ARecordWithAnotherPersonsNhsNumber_IsKeptApart_AndGoesToReview()
    {
        // Two copies of one person hold a valid NHS number; a third record agrees on everything but holds another one.
        MatchRecord Copy(string key, string nhs) => new()
        {
            SourceKey = key,
            Forename = "NOOR",
            Surname = "ADEYEMI",
            DateOfBirth = new DateOnly(1990, 5, 6),
            Sex = 'F',
            Postcode = "HF7 9QQ",
            NhsNumber = nhs,
        };
        var population = Population();
        population.Add(Copy("gp|p|a", "9434765919"));
        population.Add(Copy("gp|p|b", "9434765919"));
        var (_, resolver) = FullRunThenResolver(population);
        resolver.GoldenOf("gp|p|a").ShouldBe(resolver.GoldenOf("gp|p|b"));

        var result = resolver.Resolve(Copy("ae|p|c", "9990000018"));

        result.Outcome.ShouldBe(ResolveOutcome.Created);
        result.GoldenId.ShouldNotBe(resolver.GoldenOf("gp|p|a")!.Value);
        result.Review.ShouldHaveSingleItem().Reason.ShouldBe("different NHS numbers");
    }

    [Fact]
    public void Resolve_APersonsDecision_BeatsTheScore()
    {
        var population = Population();
        var (_, resolver) = FullRunThenResolver(population.Where(r => r.SourceKey != "feed0|p|0001").ToList(), [("feed0|p|0001", "feed1|p|0001", PairDecision.DifferentPeople)]);
        var target = resolver.GoldenOf("feed1|p|0001");

        var result = resolver.Resolve(population.Single(r => r.SourceKey == "feed0|p|0001"));

        result.GoldenId.ShouldNotBe(target!.Value);
        result.Review.ShouldContain(r => r.OtherGoldenId == target.Value && r.Reason == "decided to be different people");
    }

    [Fact]
    public void Resolve_ARecordThatTiesTwoGoldenRecords_MergesThemUnderTheBiggerOnesId()
    {
        // One person's records split in two golden records by a person's earlier say-so being revoked: here, simply two
        // golden records given by hand. A record that matches both strongly makes them one.
        MatchRecord Copy(string key, string? nhs, string? postcode) => new()
        {
            SourceKey = key,
            Forename = "KWAME",
            Surname = "MENSAH",
            DateOfBirth = new DateOnly(1985, 7, 8),
            Sex = 'M',
            Postcode = postcode,
            NhsNumber = nhs,
        };
        var (full, _) = FullRunThenResolver(Population());
        var resolver = new IncrementalResolver(full.Model, BlockingRule.ForPeople, new LinkSettings(), nextGoldenId: 10_000);
        resolver.Add(Copy("a|p|1", "9434765919", null), 500);
        resolver.Add(Copy("a|p|2", "9434765919", null), 500);
        resolver.Add(Copy("b|p|1", null, "HF2 9AB"), 600);

        var result = resolver.Resolve(Copy("c|p|1", "9434765919", "HF2 9AB"));

        result.Outcome.ShouldBe(ResolveOutcome.Merged);
        result.GoldenId.ShouldBe(500);
        result.MergedGoldenIds.ShouldBe([600]);
        resolver.GoldenOf("b|p|1").ShouldBe(500);
    }

    [Fact]
    public void Resolve_AChangedRecord_IsResolvedAgain()
    {
        var population = Population();
        var (_, resolver) = FullRunThenResolver(population);
        var before = resolver.GoldenOf("feed0|p|0002");
        var count = resolver.Count;

        // The record now describes someone else entirely.
        var result = resolver.Resolve(new MatchRecord { SourceKey = "feed0|p|0002", Forename = "ZEBEDEE", Surname = "QUARTERMAINE", DateOfBirth = new DateOnly(1931, 2, 3) });

        result.GoldenId.ShouldNotBe(before!.Value);
        resolver.Count.ShouldBe(count);
    }
}
