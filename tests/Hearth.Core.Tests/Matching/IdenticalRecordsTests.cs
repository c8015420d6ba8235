using Hearth.Core.Matching;

namespace Hearth.Core.Tests.Matching;

/// <summary>Exact copies are linked once, and only where a run would have joined them.</summary>
public class IdenticalRecordsTests
{
    private static readonly IReadOnlyList<Comparison> Comparisons = Linker.PeopleComparisons(NameEquivalents.Empty);

    private static MatchRecord Pupil(string key, string? group = null, DateOnly? dob = null, string? postcode = "HF1 9AA") => new()
    {
        SourceKey = key,
        Forename = "NOOR",
        Surname = "ADEYEMI",
        DateOfBirth = dob ?? new DateOnly(2014, 5, 6),
        Sex = 'F',
        Postcode = postcode,
        Upn = "B801200005001",
        RecordGroup = group,
    };

    /// <summary>A model estimated on a crowd of other people, so that agreeing on a name and a date means something.</summary>
    private static (FeatureTable Table, PairScorer Scorer) Model(IReadOnlyList<MatchRecord> records)
    {
        var random = new Random(9);
        var crowd = Enumerable.Range(0, 2_000).Select(i => new MatchRecord
        {
            SourceKey = "crowd|" + i,
            Forename = "F" + random.Next(300),
            Surname = "S" + random.Next(500),
            DateOfBirth = new DateOnly(1950, 1, 1).AddDays(random.Next(25_000)),
            Sex = random.Next(2) == 0 ? 'F' : 'M',
            Postcode = $"HF{random.Next(1, 7)} 9A{(char)('A' + random.Next(26))}",
            Upn = "X" + random.Next(100_000),
        }).Concat(records).ToList();
        var u = ParameterEstimation.EstimateU(crowd, Comparisons, 100_000, 1);
        var model = new MatchModel(Comparisons, [.. Comparisons.Select(c => c.StartingM.ToArray())], u, 1e-3, ParameterEstimation.TermFrequencies(crowd, Comparisons));
        var table = FeatureTable.Build(records, Comparisons);
        return (table, new PairScorer(model, new LinkSettings(), table));
    }

    [Fact]
    public void Collapse_CopiesOfOnePupil_StandForOneRecord_AndOtherRecordsForThemselves()
    {
        MatchRecord[] records = [Pupil("a", "r1"), Pupil("b", "r2"), Pupil("c", "r3", new DateOnly(2015, 1, 2)), Pupil("d", "r4")];
        var (table, scorer) = Model(records);

        var collapsed = IdenticalRecords.Collapse(table, scorer, new LinkSettings(), new HashSet<int>());

        collapsed.Representatives.ShouldBe([0, 2]);
        collapsed.DistinctOf.ShouldBe([0, 0, 1, 0]);
        collapsed.MoreRecordGroups(records)[0].ShouldBe(["r2", "r4"]);
    }

    [Fact]
    public void Collapse_CopiesThatShareOnlyANameOrOneSourceRecordOrADecision_StayApart()
    {
        MatchRecord Name(string key) => new() { SourceKey = key, Forename = "MEI", Surname = "CHAN" };
        MatchRecord[] records = [Name("a"), Name("b"), Pupil("c", "same"), Pupil("d", "same"), Pupil("e", "x"), Pupil("f", "y")];
        var (table, scorer) = Model(records);

        var collapsed = IdenticalRecords.Collapse(table, scorer, new LinkSettings(), new HashSet<int> { 5 });

        // a and b: names alone never join; c and d: two people named in one source record; f: a person decided about it.
        collapsed.Representatives.ShouldBe([0, 1, 2, 3, 4, 5]);
    }

    [Fact]
    public void Link_WithAndWithoutCollapsing_GivesTheSameGoldenRecords()
    {
        var records = new List<MatchRecord>();
        var random = new Random(3);
        string[] forenames = ["AMELIA", "OLIVER", "NOOR", "JAKUB", "SIOBHAN", "KWAME"];
        string[] surnames = ["SMITH", "KHAN", "NOWAK", "OBRIEN", "MENSAH"];
        for (var person = 0; person < 300; person++)
        {
            var dob = new DateOnly(1990, 1, 1).AddDays(random.Next(9_000));
            var (forename, surname) = (forenames[random.Next(forenames.Length)], surnames[random.Next(surnames.Length)]);
            var postcode = $"HF{random.Next(1, 7)} 9{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}";
            for (var copy = 0; copy < 1 + random.Next(6); copy++)
            {
                records.Add(new MatchRecord
                {
                    SourceKey = $"census|p|{person:D4}|{copy}",
                    Forename = forename,
                    Surname = surname,
                    DateOfBirth = copy == 5 ? null : dob,
                    Sex = person % 2 == 0 ? 'F' : 'M',
                    Postcode = postcode,
                });
            }
        }

        var settings = new LinkSettings { USamplePairs = 50_000 };
        var collapsed = Linker.Link(records, Comparisons, BlockingRule.ForPeople, TrainingSession.ForPeople, settings);
        var every = Linker.Link(records, Comparisons, BlockingRule.ForPeople, TrainingSession.ForPeople, settings with { CollapseIdenticalRecords = false });

        collapsed.IdenticalRecordsCollapsed.ShouldBeGreaterThan(records.Count / 3);
        collapsed.CandidatePairs.ShouldBeLessThan(every.CandidatePairs);
        collapsed.ClusterOf.ShouldBe(every.ClusterOf);
    }
}
