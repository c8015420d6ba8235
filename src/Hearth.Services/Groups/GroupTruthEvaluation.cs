using System.Globalization;
using CsvHelper;
using Dapper;
using Hearth.Services.Matching;
using Hearth.Services.Persistence;

namespace Hearth.Services.Groups;

/// <summary>Pairwise agreement of one layer with the truth: pairs of people put together, and pairs truly together.</summary>
public sealed record PairwiseAgreement(string Layer, long PredictedPairs, long TruePairs, long CorrectPairs, int PeopleInTruth, int PeopleGrouped)
{
    public double Precision => PredictedPairs == 0 ? 1 : (double)CorrectPairs / PredictedPairs;

    public double Recall => TruePairs == 0 ? 1 : (double)CorrectPairs / TruePairs;

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

/// <summary>How well the proposed peer networks recover the city's true networks.</summary>
/// <param name="Pairwise">Pairs of members.</param>
/// <param name="TrueNetworks">True networks with at least three members known to Hearth.</param>
/// <param name="Recovered">True networks whose best proposed association shares at least half of the union of their members (Jaccard ≥ 0.5).</param>
/// <param name="MeanBestJaccard">The mean, over true networks, of the best Jaccard with any proposed association.</param>
public sealed record NetworkRecovery(PairwiseAgreement Pairwise, int TrueNetworks, int Recovered, double MeanBestJaccard);

/// <summary>The groups of a store against a synthetic city's truth.</summary>
public sealed record GroupEvaluation(DateOnly AsOf, PairwiseAgreement Households, PairwiseAgreement CoResidence, PairwiseAgreement Families, NetworkRecovery Networks);

/// <summary>
/// Compares the current groups with truth/households.csv, families.csv and networks.csv of a city made by hearth synth.
/// Each true person is represented by the golden record holding most of their source records, so a matching error
/// upstream counts once, where it belongs, and not again here. The universe is everyone Hearth knows: a person the
/// truth has in a household whom Hearth placed nowhere is a miss. Households are compared two ways: with the truth's
/// household ids (two households sharing one property are two) and by co-residence (the same property now), which is
/// how Hearth defines a household.
/// </summary>
public static class GroupTruthEvaluation
{
    public static GroupEvaluation Evaluate(StoreLocation store, string truthDirectory)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var connection = store.Open();
        var truePersonOf = TruePersonOfGolden(connection, truthDirectory);
        var known = truePersonOf.Values.ToHashSet(StringComparer.Ordinal);

        var asOfText = connection.ExecuteScalar<string?>("SELECT as_of FROM group_runs WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1")
            ?? throw new InvalidOperationException("The store has no groups yet. Run hearth groups first.");
        var asOf = DateOnly.ParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture);

        List<HashSet<string>> Predicted(string kind) =>
            [.. connection.Query<(long Group, long Golden)>(
                    "SELECT gm.group_id, gm.golden_id FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE g.kind = @Kind AND g.retired_run_id IS NULL AND gm.to_date IS NULL",
                    new { Kind = kind })
                .Where(m => truePersonOf.ContainsKey(m.Golden))
                .GroupBy(m => m.Group).Select(g => g.Select(m => truePersonOf[m.Golden]).ToHashSet(StringComparer.Ordinal))];

        var households = ReadCsv(Path.Combine(truthDirectory, "households.csv")).Where(r => Current(r, asOf) && known.Contains(r["person_id"])).ToList();
        var trueHouseholds = households.GroupBy(r => r["household_id"], StringComparer.Ordinal).Select(g => g.Select(r => r["person_id"]).ToHashSet(StringComparer.Ordinal)).ToList();
        var trueProperties = households.Where(r => r["uprn"].Length > 0).GroupBy(r => r["uprn"], StringComparer.Ordinal).Select(g => g.Select(r => r["person_id"]).ToHashSet(StringComparer.Ordinal)).ToList();
        var predictedHouseholds = Predicted("household");
        var families = ReadCsv(Path.Combine(truthDirectory, "families.csv")).Where(r => Current(r, asOf) && known.Contains(r["person_id"]))
            .GroupBy(r => r["family_id"], StringComparer.Ordinal).Select(g => g.Select(r => r["person_id"]).ToHashSet(StringComparer.Ordinal)).ToList();
        var predictedFamilies = Predicted("family");
        var networks = ReadCsv(Path.Combine(truthDirectory, "networks.csv")).Where(r => known.Contains(r["person_id"]))
            .GroupBy(r => r["network_id"], StringComparer.Ordinal).Select(g => g.Select(r => r["person_id"]).ToHashSet(StringComparer.Ordinal)).Where(n => n.Count >= 3).ToList();
        var predictedNetworks = Predicted("association");

        var networkPairs = Compare("association", predictedNetworks, networks);
        var best = networks.Select(n => predictedNetworks.Select(p => Jaccard(n, p)).DefaultIfEmpty(0).Max()).ToList();
        return new GroupEvaluation(
            asOf,
            Compare("household", predictedHouseholds, trueHouseholds),
            Compare("household (co-residence)", predictedHouseholds, trueProperties),
            Compare("family", predictedFamilies, families),
            new NetworkRecovery(networkPairs, networks.Count, best.Count(b => b >= 0.5), best.Count == 0 ? 0 : Math.Round(best.Average(), 4)));
    }

    /// <summary>
    /// The true person each golden record stands for: the person most of its records are, kept only for the golden
    /// record holding most of that person's records, so that each true person has one golden record.
    /// </summary>
    internal static Dictionary<long, string> TruePersonOfGolden(System.Data.Common.DbConnection connection, string truthDirectory)
    {
        var sourceTruth = CityTruthEvaluation.SourceTruth(truthDirectory);
        var votes = new Dictionary<long, Dictionary<string, int>>();
        foreach (var (feed, key, slot, golden) in connection.Query<(string, string, string, long)>("SELECT feed, record_key, slot, golden_id FROM golden_members"))
        {
            if (sourceTruth.TryGetValue(SourceKeys.Of(feed, slot, key), out var person))
            {
                var v = votes.TryGetValue(golden, out var d) ? d : votes[golden] = new Dictionary<string, int>(StringComparer.Ordinal);
                v[person] = v.GetValueOrDefault(person) + 1;
            }
        }

        var personOfGolden = votes.ToDictionary(v => v.Key, v => v.Value.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).First());
        var primary = personOfGolden.GroupBy(p => p.Value.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.Value.Value).ThenBy(p => p.Key).First().Key, StringComparer.Ordinal);
        return primary.ToDictionary(p => p.Value, p => p.Key);
    }

    /// <summary>Whether a truth row's from/to period holds the date.</summary>
    internal static bool Current(Dictionary<string, string> row, DateOnly asOf) =>
        (row["from"].Length == 0 || DateOnly.ParseExact(row["from"], "yyyy-MM-dd", CultureInfo.InvariantCulture) <= asOf)
        && (row["to"].Length == 0 || DateOnly.ParseExact(row["to"], "yyyy-MM-dd", CultureInfo.InvariantCulture) > asOf);

    private static PairwiseAgreement Compare(string layer, List<HashSet<string>> predicted, List<HashSet<string>> truth)
    {
        var truePairs = Pairs(truth);
        var predictedPairs = Pairs(predicted);
        long correct = predictedPairs.Count(truePairs.Contains);
        return new PairwiseAgreement(layer, predictedPairs.Count, truePairs.Count, correct, truth.SelectMany(t => t).Distinct(StringComparer.Ordinal).Count(), predicted.SelectMany(t => t).Distinct(StringComparer.Ordinal).Count());
    }

    private static HashSet<(string, string)> Pairs(List<HashSet<string>> groups)
    {
        var pairs = new HashSet<(string, string)>();
        foreach (var group in groups)
        {
            var members = group.Order(StringComparer.Ordinal).ToList();
            for (var i = 0; i < members.Count; i++)
            {
                for (var j = i + 1; j < members.Count; j++)
                {
                    pairs.Add((members[i], members[j]));
                }
            }
        }

        return pairs;
    }

    private static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        var shared = a.Count(b.Contains);
        return (double)shared / (a.Count + b.Count - shared);
    }

    internal static List<Dictionary<string, string>> ReadCsv(string path)
    {
        using var csv = CsvReader.Create(File.OpenRead(path), CsvReaderOptions.Default with { HasHeader = true, SkipEmptyLines = true }, leaveOpen: false);
        csv.ReadHeader();
        var header = csv.Headers.ToList();
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Count; i++)
            {
                row[header[i]] = csv.GetString(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
