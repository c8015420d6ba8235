using System.Globalization;
using Hearth.Core.Matching;

namespace Hearth.Core.Tests.Matching;

/// <summary>The engine options file linking uses: linking across sources only, and the generation date-of-birth guard.</summary>
public class FileLinkingEngineTests
{
    private static readonly string[] Forenames = ["AMELIA", "OLIVER", "ISLA", "GEORGE", "AVA", "NOAH", "IVY", "ARTHUR", "FREYA", "LEO", "ROSIE", "FINLEY"];
    private static readonly string[] Surnames = ["ASHWORTH", "BELLAMY", "CARRICK", "DUNMORE", "ELLWOOD", "FAIRLEY", "GARSIDE", "HOLLIS", "IRVINE", "JESSOP"];

    private static MatchRecord Person(string source, string id, int person, string? forenameOverride = null) => new()
    {
        SourceKey = source + "|" + id,
        Source = source,
        Forename = forenameOverride ?? Forenames[person % Forenames.Length],
        Surname = Surnames[person / Forenames.Length % Surnames.Length],
        DateOfBirth = new DateOnly(1960, 1, 1).AddDays(person * 97),
        Postcode = "HF" + (person % 9 + 1).ToString(CultureInfo.InvariantCulture) + " " + (person % 7 + 1).ToString(CultureInfo.InvariantCulture) + "AB",
    };

    /// <summary>120 people in file a, each again in file b (some with a forename typo), and 20 of a's people twice in a.</summary>
    private static List<MatchRecord> TwoFiles()
    {
        var records = new List<MatchRecord>();
        for (var p = 0; p < 120; p++)
        {
            records.Add(Person("a.csv", "a" + p, p));
            records.Add(Person("b.csv", "b" + p, p, p % 5 == 0 ? Forenames[p % Forenames.Length] + "E" : null));
            if (p % 6 == 0)
            {
                records.Add(Person("a.csv", "a" + p + "-again", p));
            }
        }

        return records;
    }

    private static IReadOnlyList<Comparison> Comparisons() => Linker.PeopleComparisons(NameEquivalents.Empty);

    [Fact]
    public void LinkOnly_NeverScoresOrJoinsTwoRecordsOfOneSource()
    {
        var result = Linker.Link(TwoFiles(), Comparisons(), BlockingRule.ForPeople, TrainingSession.ForPeople, new LinkSettings { LinkOnly = true, USamplePairs = 50_000 });

        result.Pairs.ShouldNotBeEmpty();
        result.Pairs.ShouldAllBe(p => result.Records[p.Left].Source != result.Records[p.Right].Source);
        var clusters = Enumerable.Range(0, result.Records.Count).GroupBy(i => result.ClusterOf[i]);
        foreach (var cluster in clusters)
        {
            cluster.Select(i => result.Records[i].Source).ShouldBeUnique();
        }

        // Each of b's records found its person in a.
        clusters.Count(c => c.Count() == 2).ShouldBeGreaterThanOrEqualTo(115);
    }

    [Fact]
    public void WithoutLinkOnly_TheDuplicatesWithinAFileAreJoinedToo()
    {
        var result = Linker.Link(TwoFiles(), Comparisons(), BlockingRule.ForPeople, TrainingSession.ForPeople, new LinkSettings { USamplePairs = 50_000 });

        var clusters = Enumerable.Range(0, result.Records.Count).GroupBy(i => result.ClusterOf[i]).ToList();
        clusters.Count(c => c.Count() == 3).ShouldBeGreaterThanOrEqualTo(18);
    }

    [Fact]
    public void PossiblePairs_AcrossPartitions_LeaveOutThePairsWithinEach()
    {
        CandidatePairs.PossiblePairs(10, null).ShouldBe(45);
        CandidatePairs.PossiblePairs(10, [0, 0, 0, 0, 1, 1, 1, 1, 1, 1]).ShouldBe(24);
    }

    [Fact]
    public void Blocking_WithAPartition_EmitsNoPairWithinOne()
    {
        var records = TwoFiles().OrderBy(r => r.SourceKey, StringComparer.Ordinal).ToList();
        var partition = records.Select(r => r.Source == "a.csv" ? 0 : 1).ToArray();

        var pairs = CandidatePairs.Generate(records, BlockingRule.ForPeople, 1_000, partition);

        pairs.Pairs.ShouldNotBeEmpty();
        pairs.Pairs.ShouldAllBe(p => partition[CandidatePairs.Left(p)] != partition[CandidatePairs.Right(p)]);
        pairs.AllPairs.ShouldBe(CandidatePairs.PossiblePairs(records.Count, partition));
    }

    private static MatchRecord Dated(string key, string dob, string? identifier = null) => new()
    {
        SourceKey = key,
        Forename = "ROBIN",
        Surname = "HOLLIS",
        DateOfBirth = DateOnly.Parse(dob, CultureInfo.InvariantCulture),
        Identifier = identifier,
    };

    private static int[] Cluster(int? guardYears, params MatchRecord[] records)
    {
        var pairs = new List<ScoredPair>();
        for (var i = 0; i < records.Length; i += 2)
        {
            pairs.Add(new ScoredPair(i, i + 1, 30));
        }

        return Clustering.Cluster(records, pairs, new ClusterSettings { DateOfBirthGuardYears = guardYears }).ClusterOf;
    }

    [Fact]
    public void DateOfBirthGuard_ByDefault_KeepsApartAnyDatesThatAreNotOneTypo()
    {
        var clusters = Cluster(null, Dated("a", "1990-01-01"), Dated("b", "1991-03-07"), Dated("c", "1980-01-01", "X1"), Dated("d", "2010-05-05", "X1"));

        clusters[0].ShouldNotBe(clusters[1]);
        clusters[2].ShouldNotBe(clusters[3]);
    }

    [Fact]
    public void DateOfBirthGuard_Generation_JoinsNearDates_AndSharedIdentifiers_ButNotAParentAndChild()
    {
        var clusters = Cluster(
            12,
            Dated("a", "1990-01-01"), Dated("b", "1991-03-07"),
            Dated("c", "1980-01-01", "X1"), Dated("d", "2010-05-05", "X1"),
            Dated("e", "1980-01-01", "X2"), Dated("f", "2010-05-05", "X3"),
            Dated("g", "1980-01-01"), Dated("h", "1993-01-02"));

        clusters[0].ShouldBe(clusters[1]);
        clusters[2].ShouldBe(clusters[3]);
        clusters[4].ShouldNotBe(clusters[5]);
        clusters[6].ShouldNotBe(clusters[7]);
    }

    [Theory]
    [InlineData("2012-03-04", "2012-03-04", "exact")]
    [InlineData("2012-03-04", "2012-04-03", "day and month transposed")]
    [InlineData("2012-03-04", "1912-03-04", "one part different")]
    [InlineData("1991-04-05", "1991-05-06", "within a year")]
    [InlineData("2012-12-30", "2013-01-02", "within a year")]
    [InlineData("2012-03-04", "2014-05-06", "different")]
    public void CloseDateOfBirth_Pairs_FallInTheirLevel(string a, string b, string level)
    {
        var comparison = new CloseDateOfBirthComparison();
        var left = new MatchRecord { SourceKey = "a", DateOfBirth = DateOnly.Parse(a, CultureInfo.InvariantCulture) };
        var right = new MatchRecord { SourceKey = "b", DateOfBirth = DateOnly.Parse(b, CultureInfo.InvariantCulture) };

        comparison.Levels[comparison.Compare(left, right)].ShouldBe(level);
        comparison.Name.ShouldBe("dob");
        comparison.Compare(left, new MatchRecord { SourceKey = "c" }).ShouldBe(Comparison.NoEvidence);
    }
}
