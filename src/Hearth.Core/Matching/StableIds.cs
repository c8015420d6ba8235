namespace Hearth.Core.Matching;

/// <summary>A change to golden records between two runs.</summary>
/// <param name="Kind">created, merged (others folded into this id), split (this id's records now in others too) or retired.</param>
/// <param name="GoldenId">The golden id concerned.</param>
/// <param name="OtherIds">The other ids involved, ascending.</param>
/// <param name="Detail">A sentence for the log.</param>
public sealed record GoldenEvent(string Kind, long GoldenId, IReadOnlyList<long> OtherIds, string Detail);

/// <summary>Golden ids for this run's clusters, and what changed since the last run.</summary>
/// <param name="IdOfCluster">Per cluster representative (a record index), its golden id.</param>
/// <param name="Events">What was created, merged, split and retired.</param>
/// <param name="Retired">Ids that no cluster carries any more.</param>
public sealed record IdAssignment(IReadOnlyDictionary<int, long> IdOfCluster, IReadOnlyList<GoldenEvent> Events, IReadOnlyList<long> Retired);

/// <summary>
/// Keeps golden ids stable: a cluster inherits the previous id most of its records had, each previous id goes to at
/// most one cluster (the one holding most of its records; ties to the lower id and then the cluster of the lower record
/// index), and clusters with nothing to inherit get new ids in record order. So an id survives a record arriving,
/// changing or leaving, a merge keeps the id of the larger part, and a split keeps it on the larger piece.
/// </summary>
public static class StableIds
{
    /// <summary>Assigns ids. <paramref name="sourceKeys"/> and <paramref name="clusterOf"/> are per record.</summary>
    public static IdAssignment Assign(IReadOnlyList<string> sourceKeys, IReadOnlyList<int> clusterOf, IReadOnlyDictionary<string, long> previous, long nextId)
    {
        ArgumentNullException.ThrowIfNull(sourceKeys);
        ArgumentNullException.ThrowIfNull(clusterOf);
        ArgumentNullException.ThrowIfNull(previous);
        var overlap = new Dictionary<(int Cluster, long Id), int>();
        var clusters = new SortedSet<int>();
        var previousIdsOfCluster = new Dictionary<int, SortedSet<long>>();
        var clustersOfPreviousId = new Dictionary<long, SortedSet<int>>();
        for (var i = 0; i < sourceKeys.Count; i++)
        {
            var cluster = clusterOf[i];
            clusters.Add(cluster);
            if (previous.TryGetValue(sourceKeys[i], out var id))
            {
                overlap[(cluster, id)] = overlap.GetValueOrDefault((cluster, id)) + 1;
                (previousIdsOfCluster.TryGetValue(cluster, out var ids) ? ids : previousIdsOfCluster[cluster] = []).Add(id);
                (clustersOfPreviousId.TryGetValue(id, out var cs) ? cs : clustersOfPreviousId[id] = []).Add(cluster);
            }
        }

        var idOfCluster = new Dictionary<int, long>();
        var taken = new HashSet<long>();
        foreach (var ((cluster, id), _) in overlap.OrderByDescending(o => o.Value).ThenBy(o => o.Key.Id).ThenBy(o => o.Key.Cluster))
        {
            if (!idOfCluster.ContainsKey(cluster) && taken.Add(id))
            {
                idOfCluster[cluster] = id;
            }
        }

        var events = new List<GoldenEvent>();
        foreach (var cluster in clusters)
        {
            if (!idOfCluster.ContainsKey(cluster))
            {
                idOfCluster[cluster] = nextId++;
                var from = previousIdsOfCluster.TryGetValue(cluster, out var ids) ? ids.ToList() : [];
                events.Add(new GoldenEvent("created", idOfCluster[cluster], from, from.Count == 0 ? "new golden record" : "new golden record from records that were in " + string.Join(", ", from)));
            }
        }

        foreach (var cluster in clusters)
        {
            var id = idOfCluster[cluster];
            if (previousIdsOfCluster.TryGetValue(cluster, out var ids) && ids.Count > 1)
            {
                var others = ids.Where(o => o != id).ToList();
                events.Add(new GoldenEvent("merged", id, others, $"records from {string.Join(", ", others)} joined {id}"));
            }
        }

        foreach (var (id, holders) in clustersOfPreviousId.OrderBy(p => p.Key))
        {
            if (holders.Count > 1)
            {
                var others = holders.Select(c => idOfCluster[c]).Where(o => o != id).Distinct().Order().ToList();
                events.Add(new GoldenEvent("split", id, others, $"records of {id} are now also in {string.Join(", ", others)}"));
            }
        }

        var retired = previous.Values.Distinct().Where(id => !taken.Contains(id)).Order().ToList();
        foreach (var id in retired)
        {
            var now = clustersOfPreviousId.TryGetValue(id, out var holders) ? holders.Select(c => idOfCluster[c]).Distinct().Order().ToList() : [];
            events.Add(new GoldenEvent("retired", id, now, now.Count == 0 ? "no records left" : "its records are now in " + string.Join(", ", now)));
        }

        return new IdAssignment(idOfCluster, events, retired);
    }
}
