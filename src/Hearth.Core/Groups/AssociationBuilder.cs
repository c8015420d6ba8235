namespace Hearth.Core.Groups;

/// <summary>
/// Associations (peer networks): a weighted graph of co-involvement among young people over a time window (the same
/// police incident, co-defendants in youth justice, suspended together), with communities proposed by Louvain. Each edge
/// keeps its evidence, so a practitioner can see why two people are linked. An association is not an accusation: it
/// says who keeps appearing together, and a person decides what it means. A member with links to two or more others in
/// the group is <c>core</c>; one linked to a single member is <c>peripheral</c>.
/// </summary>
public static class AssociationBuilder
{
    /// <summary>The networks of one association layer on <paramref name="asOf"/>.</summary>
    public static IReadOnlyList<ProposedGroup> Build(GroupLayerDefinition layer, IReadOnlyDictionary<long, PersonFacts> people, IEnumerable<PersonLink> links, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(people);
        ArgumentNullException.ThrowIfNull(links);
        var weights = layer.Sources.ToDictionary(s => s.Link, s => s.Weight, StringComparer.Ordinal);
        var since = asOf.AddMonths(-layer.WindowMonths);
        bool Young(long id) => people.TryGetValue(id, out var p) && p.AgeOn(asOf) is { } age && age < layer.MaxAge;

        var pairs = new SortedDictionary<(long, long), (double Weight, List<string> Evidence)>();
        foreach (var link in links)
        {
            if (!weights.TryGetValue(link.Type, out var weight) || link.From is not { } from || from < since || from > asOf || !Young(link.Left) || !Young(link.Right) || link.Left == link.Right)
            {
                continue;
            }

            var key = (Math.Min(link.Left, link.Right), Math.Max(link.Left, link.Right));
            var entry = pairs.TryGetValue(key, out var e) ? e : (0, []);
            entry.Evidence.Add($"{link.Type} on {from:yyyy-MM-dd} ({link.Feed}: {link.Evidence})");
            pairs[key] = (entry.Weight + weight, entry.Evidence);
        }

        var strong = pairs.Where(p => p.Value.Weight >= layer.MinEdgeWeight).ToList();
        var nodes = strong.SelectMany(p => new[] { p.Key.Item1, p.Key.Item2 }).Distinct().Order().ToList();
        var index = nodes.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        var community = Louvain.Communities(nodes.Count, [.. strong.Select(p => (index[p.Key.Item1], index[p.Key.Item2], p.Value.Weight))], layer.Resolution);

        // An edge is inside a community when both its ends are; bucketing once keeps this linear in the edges.
        var edgesOf = new Dictionary<int, List<GroupEdge>>();
        foreach (var pair in strong)
        {
            var left = community[index[pair.Key.Item1]];
            if (left == community[index[pair.Key.Item2]])
            {
                (edgesOf.TryGetValue(left, out var bucket) ? bucket : edgesOf[left] = []).Add(new GroupEdge(pair.Key.Item1, pair.Key.Item2, pair.Value.Weight, pair.Value.Evidence));
            }
        }

        var result = new List<ProposedGroup>();
        foreach (var group in Enumerable.Range(0, nodes.Count).GroupBy(i => community[i]).OrderBy(g => nodes[g.Min()]))
        {
            var members = group.Select(i => nodes[i]).Order().ToList();
            if (members.Count < layer.MinSize)
            {
                continue;
            }

            var edges = edgesOf.GetValueOrDefault(group.Key) ?? [];
            var degree = edges.SelectMany(e => new[] { e.Left, e.Right }).GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
            result.Add(new ProposedGroup(layer.Name, null, [.. members.Select(m => new GroupMember(m, degree.GetValueOrDefault(m) >= 2 ? "core" : "peripheral"))], edges));
        }

        return result;
    }
}
