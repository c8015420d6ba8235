namespace Hearth.Core.Groups;

/// <summary>
/// Community detection by the Louvain method (Blondel et al., 2008): each node moves to the neighbouring community that
/// most increases modularity, then communities are collapsed into nodes and the step repeats until nothing moves.
/// Nodes are visited in index order and ties go to the lower community, so the result is deterministic.
/// </summary>
public static class Louvain
{
    /// <summary>The community of each node (0..n-1) of an undirected weighted graph.</summary>
    public static int[] Communities(int nodeCount, IReadOnlyList<(int A, int B, double Weight)> edges, double resolution = 1)
    {
        ArgumentNullException.ThrowIfNull(edges);
        var membership = Enumerable.Range(0, nodeCount).ToArray();
        var graph = edges;
        var n = nodeCount;
        for (var level = 0; level < 32; level++)
        {
            var (community, moved) = OneLevel(n, graph, resolution);
            if (!moved)
            {
                break;
            }

            // Renumber communities densely in order of first appearance, and collapse.
            var dense = new Dictionary<int, int>();
            for (var i = 0; i < n; i++)
            {
                if (!dense.ContainsKey(community[i]))
                {
                    dense[community[i]] = dense.Count;
                }
            }

            for (var i = 0; i < membership.Length; i++)
            {
                membership[i] = dense[community[membership[i]]];
            }

            var collapsed = new Dictionary<(int, int), double>();
            foreach (var (a, b, w) in graph)
            {
                var ca = dense[community[a]];
                var cb = dense[community[b]];
                var key = ca <= cb ? (ca, cb) : (cb, ca);
                collapsed[key] = collapsed.GetValueOrDefault(key) + w;
            }

            graph = [.. collapsed.OrderBy(kv => kv.Key.Item1).ThenBy(kv => kv.Key.Item2).Select(kv => (kv.Key.Item1, kv.Key.Item2, kv.Value))];
            n = dense.Count;
        }

        return membership;
    }

    private static (int[] Community, bool Moved) OneLevel(int n, IReadOnlyList<(int A, int B, double Weight)> edges, double resolution)
    {
        var neighbours = new List<(int Node, double Weight)>[n];
        var degree = new double[n];
        var selfLoop = new double[n];
        double total = 0;
        for (var i = 0; i < n; i++)
        {
            neighbours[i] = [];
        }

        foreach (var (a, b, w) in edges)
        {
            if (a == b)
            {
                selfLoop[a] += w;
                degree[a] += 2 * w;
            }
            else
            {
                neighbours[a].Add((b, w));
                neighbours[b].Add((a, w));
                degree[a] += w;
                degree[b] += w;
            }

            total += w;
        }

        var community = Enumerable.Range(0, n).ToArray();
        if (total == 0)
        {
            return (community, false);
        }

        var communityDegree = (double[])degree.Clone();
        var m2 = 2 * total;
        var movedAny = false;
        for (var pass = 0; pass < 100; pass++)
        {
            var moved = false;
            for (var node = 0; node < n; node++)
            {
                var own = community[node];
                var toCommunity = new SortedDictionary<int, double>();
                foreach (var (other, w) in neighbours[node])
                {
                    toCommunity[community[other]] = toCommunity.GetValueOrDefault(community[other]) + w;
                }

                communityDegree[own] -= degree[node];
                var best = own;
                var bestGain = toCommunity.GetValueOrDefault(own) - (resolution * communityDegree[own] * degree[node] / m2);
                foreach (var (c, w) in toCommunity)
                {
                    var gain = w - (resolution * communityDegree[c] * degree[node] / m2);
                    if (gain > bestGain + 1e-12)
                    {
                        best = c;
                        bestGain = gain;
                    }
                }

                communityDegree[best] += degree[node];
                if (best != own)
                {
                    community[node] = best;
                    moved = true;
                    movedAny = true;
                }
            }

            if (!moved)
            {
                break;
            }
        }

        return (community, movedAny);
    }
}
