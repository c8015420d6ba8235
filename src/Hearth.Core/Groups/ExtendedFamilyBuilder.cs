namespace Hearth.Core.Groups;

/// <summary>
/// Extended families: groups of another layer (families) joined where they share a member (a parent in two families)
/// or where a kin link runs between their members (a grandparent, an adult sibling, a parent of an adult child). Each
/// extended family grows breadth-first from its lowest-numbered family to the configured depth of joins, so that the
/// result does not depend on input order and a long chain of in-laws does not become one group.
/// </summary>
public static class ExtendedFamilyBuilder
{
    /// <summary>The extended families over <paramref name="families"/> (each with its stable id).</summary>
    public static IReadOnlyList<ProposedGroup> Build(GroupLayerDefinition layer, IReadOnlyList<(long Id, ProposedGroup Group)> families, IEnumerable<PersonLink> links)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(families);
        ArgumentNullException.ThrowIfNull(links);
        var kinTypes = layer.KinLinks.ToHashSet(StringComparer.Ordinal);
        var familiesOf = new Dictionary<long, List<int>>();
        for (var i = 0; i < families.Count; i++)
        {
            foreach (var member in families[i].Group.CurrentMembers())
            {
                (familiesOf.TryGetValue(member, out var list) ? list : familiesOf[member] = []).Add(i);
            }
        }

        var joins = new Dictionary<int, SortedDictionary<int, List<string>>>();
        void Join(int a, int b, string why)
        {
            if (a == b)
            {
                return;
            }

            foreach (var (x, y) in new[] { (a, b), (b, a) })
            {
                var map = joins.TryGetValue(x, out var m) ? m : joins[x] = [];
                (map.TryGetValue(y, out var reasons) ? reasons : map[y] = []).Add(why);
            }
        }

        foreach (var (member, list) in familiesOf)
        {
            for (var i = 1; i < list.Count; i++)
            {
                Join(list[0], list[i], $"person {member} is in both");
            }
        }

        foreach (var link in links.Where(l => kinTypes.Contains(l.Type)))
        {
            foreach (var a in familiesOf.GetValueOrDefault(link.Left) ?? [])
            {
                foreach (var b in familiesOf.GetValueOrDefault(link.Right) ?? [])
                {
                    Join(a, b, $"{link.Left} {link.Type} {link.Right} ({link.Feed}: {link.Evidence})");
                }
            }
        }

        var order = Enumerable.Range(0, families.Count).OrderBy(i => families[i].Id).ToList();
        var assigned = new bool[families.Count];
        var result = new List<ProposedGroup>();
        foreach (var seed in order)
        {
            if (assigned[seed] || !joins.ContainsKey(seed))
            {
                continue;
            }

            var reached = new List<int> { seed };
            assigned[seed] = true;
            var frontier = new List<int> { seed };
            var edges = new List<GroupEdge>();
            for (var depth = 0; depth < layer.Depth && frontier.Count > 0; depth++)
            {
                var next = new List<int>();
                foreach (var f in frontier)
                {
                    foreach (var (g, reasons) in joins.GetValueOrDefault(f) ?? [])
                    {
                        if (!assigned[g])
                        {
                            assigned[g] = true;
                            next.Add(g);
                            reached.Add(g);
                            edges.Add(new GroupEdge(families[f].Id, families[g].Id, reasons.Count, [.. reasons.Distinct(StringComparer.Ordinal).Take(5)]));
                        }
                    }
                }

                frontier = next;
            }

            if (reached.Count < 2)
            {
                continue;
            }

            var members = reached.SelectMany(i => families[i].Group.CurrentMembers()).Distinct().Order().ToList();
            if (members.Count > layer.MaxMembers)
            {
                continue;
            }

            result.Add(new ProposedGroup(layer.Name, null, [.. members.Select(m => new GroupMember(m, "Member"))], edges));
        }

        return result;
    }
}
