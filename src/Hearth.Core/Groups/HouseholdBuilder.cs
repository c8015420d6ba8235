namespace Hearth.Core.Groups;

/// <summary>
/// Households: the people at one property in overlapping periods. One household per property with anyone living there
/// now, holding its current residents and, with their dates, the people who lived there before. Keyed by the UPRN,
/// so a household keeps its id while people come and go.
/// </summary>
public static class HouseholdBuilder
{
    /// <summary>The households of a household layer from everyone's residences.</summary>
    public static IReadOnlyList<ProposedGroup> Build(GroupLayerDefinition layer, IEnumerable<Residence> residences, IReadOnlyDictionary<long, PersonFacts> people, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(residences);
        ArgumentNullException.ThrowIfNull(people);
        var groups = new List<ProposedGroup>();
        foreach (var property in residences.GroupBy(r => r.Uprn).OrderBy(g => g.Key))
        {
            if (!property.Any(r => r.IsCurrent))
            {
                continue;
            }

            var members = property.OrderBy(r => r.To is null ? 0 : 1).ThenBy(r => r.PersonId).ThenBy(r => r.From)
                .Select(r => new GroupMember(r.PersonId, RoleOf(people.GetValueOrDefault(r.PersonId), r.To ?? asOf), r.From, r.IsCurrent ? null : r.To ?? asOf))
                .ToList();
            groups.Add(new ProposedGroup(layer.Name, "uprn:" + property.Key, members, [], property.Key));
        }

        return groups;
    }

    private static string RoleOf(PersonFacts? person, DateOnly on) => person?.AgeOn(on) switch
    {
        null => "Resident",
        < 18 => "Child",
        _ => "Adult",
    };
}
