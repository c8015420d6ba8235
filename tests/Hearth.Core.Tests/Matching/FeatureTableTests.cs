using Hearth.Core.Matching;

namespace Hearth.Core.Tests.Matching;

/// <summary>The compiled comparisons are only a faster way to the same answer: every level and weight must agree.</summary>
public class FeatureTableTests
{
    private static readonly NameEquivalents Equivalents = NameEquivalents.Parse("""{ "groups": [["WILLIAM", "BILL", "LIAM"], ["MOHAMMED", "MUHAMMAD", "MO"]] }""");

    /// <summary>Records that exercise every branch: missing values, initials only, swapped names, neighbours, typos.</summary>
    private static List<MatchRecord> Awkward()
    {
        var random = new Random(5);
        string?[] forenames = [null, "WILLIAM", "BILL", "WILLIAN", "LIAM", "MOHAMMED", "MUHAMMAD", "ALI", "SMITH", "A", "ANNA", "ANNE"];
        string?[] surnames = [null, "SMITH", "SMYTH", "SMITHJONES", "ALI", "WILLIAM", "KHAN", "KAHN", "OBRIEN"];
        string?[] initials = [null, null, null, "WS", "A", ""];
        string?[] postcodes = [null, "HF1 9AA", "HF1 9AB", "HF1 8ZZ", "HF2 9AA", "NOTAPOSTCODE"];
        string?[] districts = [null, "HF1", "HF3"];
        long?[] uprns = [null, 1, 2, 3];
        string?[] addresses = [null, "1 HIGH STREET", "2 HIGH STREET"];
        string?[] nhs = [null, "9434765919", "9434765991", "9990000018"];
        string?[] texts = [null, "07700900001", "07700900002", "07700900011"];
        var records = new List<MatchRecord>();
        for (var i = 0; i < 600; i++)
        {
            T Pick<T>(T[] values) => values[random.Next(values.Length)];
            records.Add(new MatchRecord
            {
                SourceKey = $"f|s|{i:D4}",
                Forename = Pick(forenames),
                Surname = Pick(surnames),
                Initials = Pick(initials),
                DateOfBirth = random.Next(4) == 0 ? null : new DateOnly(2000 + random.Next(3), 1 + random.Next(12), 1 + random.Next(12)),
                Sex = random.Next(3) switch { 0 => null, 1 => 'F', _ => 'M' },
                Postcode = Pick(postcodes),
                PostcodeDistrict = Pick(districts),
                Uprn = Pick(uprns),
                Address = Pick(addresses),
                NhsNumber = Pick(nhs),
                NhsNumberUnchecked = Pick(nhs),
                Upn = Pick(texts),
                Nino = Pick(texts),
                Email = Pick(texts),
                Phone = Pick(texts),
            });
        }

        return records;
    }

    [Fact]
    public void Compare_EveryComparisonOnEveryPair_GivesTheLevelOfTheRecords()
    {
        var records = Awkward();
        var comparisons = Linker.PeopleComparisons(Equivalents);
        var table = FeatureTable.Build(records, comparisons);
        var disagreements = new List<string>();
        for (var i = 0; i < records.Count; i++)
        {
            for (var j = 0; j < records.Count; j += 3)
            {
                for (var c = 0; c < comparisons.Count; c++)
                {
                    var expected = comparisons[c].Compare(records[i], records[j]);
                    var compiled = table.Compare(c, i, j);
                    if (expected != compiled && disagreements.Count < 10)
                    {
                        disagreements.Add($"{comparisons[c].Name} {i} {j}: {expected} but compiled {compiled}");
                    }
                }
            }
        }

        disagreements.ShouldBeEmpty();
    }

    [Fact]
    public void Weight_ByIndex_IsTheWeightOfTheRecords()
    {
        var records = Awkward();
        var comparisons = Linker.PeopleComparisons(Equivalents);
        var frequencies = ParameterEstimation.TermFrequencies(records, comparisons);
        var u = ParameterEstimation.EstimateU(records, comparisons, 20_000, 1);
        var m = comparisons.Select(c => c.StartingM.ToArray()).ToArray();
        var model = new MatchModel(comparisons, m, u, 0.01, frequencies);
        var table = FeatureTable.Build(records, comparisons);
        var fast = new PairScorer(model, new LinkSettings(), table);
        var reference = new PairScorer(model, new LinkSettings());
        Span<sbyte> a = stackalloc sbyte[comparisons.Count];
        Span<sbyte> b = stackalloc sbyte[comparisons.Count];
        for (var i = 0; i < records.Count; i++)
        {
            for (var j = i + 1; j < records.Count; j += 7)
            {
                fast.Weight(i, j, a).ShouldBe(reference.Weight(records[i], records[j], b), $"records {i} and {j}");
                a.ToArray().ShouldBe(b.ToArray());
            }
        }
    }
}
