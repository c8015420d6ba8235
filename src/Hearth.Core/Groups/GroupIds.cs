namespace Hearth.Core.Groups;

/// <summary>A group as the last run left it: its id, natural key and current members.</summary>
public sealed record ExistingGroup(long Id, string? Key, IReadOnlyCollection<long> Members);

/// <summary>Ids for this run's groups of one layer, and the ids no group carries any more.</summary>
public sealed record GroupIdAssignment(IReadOnlyList<long> IdOf, IReadOnlyList<long> Retired, int Created);

/// <summary>
/// Keeps group ids stable across runs: a proposed group takes the id of the previous group with the same natural key
/// (a household's property), or else of the previous group it shares most current members with, each previous id going
/// to one group at most (most shared members first, then the lower previous id, then the earlier proposed group).
/// A family keeps its id when a baby is born, a parent leaves or two families merge (the larger part keeps it).
/// </summary>
public static class GroupIds
{
    /// <summary>Assigns ids to <paramref name="proposed"/>; new groups get ids from <paramref name="nextId"/> up, in order.</summary>
    public static GroupIdAssignment Assign(IReadOnlyList<ProposedGroup> proposed, IReadOnlyList<ExistingGroup> previous, long nextId)
    {
        ArgumentNullException.ThrowIfNull(proposed);
        ArgumentNullException.ThrowIfNull(previous);
        var idOf = new long[proposed.Count];
        var taken = new HashSet<long>();
        var byKey = previous.Where(p => p.Key is not null).GroupBy(p => p.Key!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Min(p => p.Id), StringComparer.Ordinal);
        for (var i = 0; i < proposed.Count; i++)
        {
            if (proposed[i].Key is { } key && byKey.TryGetValue(key, out var id) && taken.Add(id))
            {
                idOf[i] = id;
            }
        }

        var groupsOfPerson = new Dictionary<long, List<long>>();
        foreach (var group in previous.Where(p => !taken.Contains(p.Id)))
        {
            foreach (var member in group.Members)
            {
                if (!groupsOfPerson.TryGetValue(member, out var list))
                {
                    groupsOfPerson[member] = list = [];
                }

                list.Add(group.Id);
            }
        }

        var overlaps = new List<(int Proposed, long Previous, int Shared)>();
        for (var i = 0; i < proposed.Count; i++)
        {
            if (idOf[i] != 0)
            {
                continue;
            }

            var shared = new Dictionary<long, int>();
            foreach (var member in proposed[i].CurrentMembers())
            {
                foreach (var id in groupsOfPerson.GetValueOrDefault(member) ?? [])
                {
                    shared[id] = shared.GetValueOrDefault(id) + 1;
                }
            }

            overlaps.AddRange(shared.Select(s => (i, s.Key, s.Value)));
        }

        foreach (var (i, id, _) in overlaps.OrderByDescending(o => o.Shared).ThenBy(o => o.Previous).ThenBy(o => o.Proposed))
        {
            if (idOf[i] == 0 && taken.Add(id))
            {
                idOf[i] = id;
            }
        }

        var created = 0;
        for (var i = 0; i < proposed.Count; i++)
        {
            if (idOf[i] == 0)
            {
                idOf[i] = nextId++;
                created++;
            }
        }

        return new GroupIdAssignment(idOf, [.. previous.Select(p => p.Id).Where(id => !taken.Contains(id)).Order()], created);
    }
}
