namespace Hearth.Core.Matching;

/// <summary>How well clusters recover the truth, in the measures record linkage reports.</summary>
/// <param name="Precision">Pairwise precision: of the pairs put together, the share that are one person.</param>
/// <param name="Recall">Pairwise recall: of the true pairs, the share put together.</param>
/// <param name="F1">The harmonic mean of the two.</param>
/// <param name="BCubedPrecision">B-cubed precision: per record, the share of its cluster that is the same person, averaged.</param>
/// <param name="BCubedRecall">B-cubed recall: per record, the share of its person's records in its cluster, averaged.</param>
/// <param name="FalseMergePairs">Pairs put together that are different people.</param>
/// <param name="MissedPairs">True pairs left apart.</param>
/// <param name="TruePairs">True pairs.</param>
/// <param name="PredictedPairs">Pairs put together.</param>
/// <param name="Records">Records evaluated (those with both a cluster and a true id).</param>
public sealed record LinkageMetrics(double Precision, double Recall, double F1, double BCubedPrecision, double BCubedRecall, long FalseMergePairs, long MissedPairs, long TruePairs, long PredictedPairs, long Records)
{
    /// <summary>Compares predicted clusters with true ids, record by record (the two lists are parallel).</summary>
    public static LinkageMetrics Compute<TCluster, TTruth>(IReadOnlyList<TCluster> clusters, IReadOnlyList<TTruth> truth)
        where TCluster : notnull
        where TTruth : notnull
    {
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(truth);
        if (clusters.Count != truth.Count)
        {
            throw new ArgumentException("Every record needs a cluster and a true id.", nameof(truth));
        }

        var clusterSizes = new Dictionary<TCluster, long>();
        var truthSizes = new Dictionary<TTruth, long>();
        var cells = new Dictionary<(TCluster, TTruth), long>();
        for (var i = 0; i < clusters.Count; i++)
        {
            clusterSizes[clusters[i]] = clusterSizes.GetValueOrDefault(clusters[i]) + 1;
            truthSizes[truth[i]] = truthSizes.GetValueOrDefault(truth[i]) + 1;
            cells[(clusters[i], truth[i])] = cells.GetValueOrDefault((clusters[i], truth[i])) + 1;
        }

        static long Pairs(long n) => n * (n - 1) / 2;
        var both = cells.Values.Sum(Pairs);
        var predicted = clusterSizes.Values.Sum(Pairs);
        var truePairs = truthSizes.Values.Sum(Pairs);
        var precision = predicted == 0 ? 1 : (double)both / predicted;
        var recall = truePairs == 0 ? 1 : (double)both / truePairs;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);

        // B-cubed: each record in a cell of size c, in a cluster of size k and a person of size t, scores c/k and c/t.
        double bPrecision = 0, bRecall = 0;
        foreach (var ((cluster, person), count) in cells)
        {
            bPrecision += count * ((double)count / clusterSizes[cluster]);
            bRecall += count * ((double)count / truthSizes[person]);
        }

        var n = Math.Max(1, clusters.Count);
        return new LinkageMetrics(precision, recall, f1, bPrecision / n, bRecall / n, predicted - both, truePairs - both, truePairs, predicted, clusters.Count);
    }
}
