namespace Hearth.Core.Groups;

/// <summary>Families, and the groups too large to propose (a sign of a bad link or a false merge upstream).</summary>
public sealed record FamilyBuild(IReadOnlyList<ProposedGroup> Families, IReadOnlyList<IReadOnlyList<long>> Oversized);

/// <summary>
/// Families by the rules of a family layer. A family is the unit a child lives in: a child (under child_under_age)
/// joins each parent a source names whom they live with; a child who lives with none of them (in care, or with no known
/// home) joins all of them, so a looked-after child stays in their birth family. A parent who has left is not in the
/// child's current family (their link is still shown as evidence). Siblings who live together are one family; an adult
/// child joins while living with a parent and under adult_child_under_age; a parent's partner who lives with them
/// joins as a step-parent; a grandparent who lives with a grandchild joins; and a child no source gives a parent for
/// joins the adults of parent age they live with or share a claim with. Families are the connected sets that hold a
/// child. Roles come from the evidence: Parent, StepParent, Carer (inferred), Grandparent, Child, AdultChild.
/// </summary>
public static class FamilyBuilder
{
    /// <summary>The families of one family layer on <paramref name="asOf"/>; <paramref name="currentUprnOf"/> gives where each person lives now.</summary>
    public static FamilyBuild Build(GroupLayerDefinition layer, IReadOnlyDictionary<long, PersonFacts> people, IEnumerable<PersonLink> links, IReadOnlyDictionary<long, long> currentUprnOf, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(people);
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(currentUprnOf);
        var parentTypes = layer.ParentLinks.ToHashSet(StringComparer.Ordinal);
        var stepTypes = layer.StepParentLinks.ToHashSet(StringComparer.Ordinal);
        var carerTypes = layer.CarerLinks.ToHashSet(StringComparer.Ordinal);
        var siblingTypes = layer.SiblingLinks.ToHashSet(StringComparer.Ordinal);
        var partnerTypes = layer.PartnerLinks.ToHashSet(StringComparer.Ordinal);
        var householdTypes = layer.HouseholdLinks.ToHashSet(StringComparer.Ordinal);

        int? Age(long id) => people.TryGetValue(id, out var p) && p.DiedOn is null ? p.AgeOn(asOf) : null;
        bool Alive(long id) => people.TryGetValue(id, out var p) && (p.DiedOn is null || p.DiedOn > asOf);
        bool IsChild(long id) => Age(id) is { } a && a < layer.ChildUnderAge;
        bool LivesWith(long a, long b) => currentUprnOf.TryGetValue(a, out var ua) && currentUprnOf.TryGetValue(b, out var ub) && ua == ub;
        bool IsAdultChildAtHome(long child, long parent) => Age(child) is { } a && a >= layer.ChildUnderAge && a < layer.AdultChildUnderAge && LivesWith(child, parent);

        var sets = new DisjointSets();
        var roles = new Dictionary<long, string>();
        var edges = new List<GroupEdge>();
        var withRecordedParent = new HashSet<long>();
        var partnersOf = new Dictionary<long, List<PersonLink>>();
        var all = links.Where(l => Alive(l.Left) && Alive(l.Right) && l.Left != l.Right).ToList();

        void SetRole(long id, string role)
        {
            // A stronger role wins: a recorded parent over an inferred carer, a child over an adult child.
            if (!roles.TryGetValue(id, out var existing) || Rank(role) < Rank(existing))
            {
                roles[id] = role;
            }
        }

        // A parent joins the family of a child they live with. A child who lives with none of the parents a source
        // names (a child in care, or with no known home) stays with all of them: the birth family.
        var parentLinks = all.Where(l => parentTypes.Contains(l.Type) && !IsChild(l.Left) && (IsChild(l.Right) || IsAdultChildAtHome(l.Right, l.Left))).ToList();
        var livesWithAParent = parentLinks.Where(l => LivesWith(l.Left, l.Right)).Select(l => l.Right).ToHashSet();
        foreach (var link in parentLinks)
        {
            if (!LivesWith(link.Left, link.Right) && livesWithAParent.Contains(link.Right))
            {
                continue;
            }

            sets.Union(link.Left, link.Right);
            SetRole(link.Left, stepTypes.Contains(link.Type) ? "StepParent" : carerTypes.Contains(link.Type) ? "Carer" : "Parent");
            SetRole(link.Right, IsChild(link.Right) ? "Child" : "AdultChild");
            withRecordedParent.Add(link.Right);
            edges.Add(new GroupEdge(link.Left, link.Right, link.Confidence, [$"{link.Type} ({link.Feed}: {link.Evidence})"]));
        }

        // Siblings are one family when they live together, or when a child among them has no known home.
        foreach (var link in all.Where(l => siblingTypes.Contains(l.Type)))
        {
            var together = LivesWith(link.Left, link.Right)
                ? (IsChild(link.Left) || IsChild(link.Right)) && (IsChild(link.Left) || IsAdultChildAtHome(link.Left, link.Right)) && (IsChild(link.Right) || IsAdultChildAtHome(link.Right, link.Left))
                : IsChild(link.Left) && IsChild(link.Right) && (!currentUprnOf.ContainsKey(link.Left) || !currentUprnOf.ContainsKey(link.Right));
            if (!together)
            {
                continue;
            }

            sets.Union(link.Left, link.Right);
            SetRole(link.Left, IsChild(link.Left) ? "Child" : "AdultChild");
            SetRole(link.Right, IsChild(link.Right) ? "Child" : "AdultChild");
            edges.Add(new GroupEdge(Math.Min(link.Left, link.Right), Math.Max(link.Left, link.Right), link.Confidence, [$"{link.Type} ({link.Feed}: {link.Evidence})"]));
        }

        foreach (var link in all.Where(l => partnerTypes.Contains(l.Type)))
        {
            (partnersOf.TryGetValue(link.Left, out var a) ? a : partnersOf[link.Left] = []).Add(link);
            (partnersOf.TryGetValue(link.Right, out var b) ? b : partnersOf[link.Right] = []).Add(link);
        }

        // Children no source gives a parent for join the adults of parent age they live with, or share a claim or
        // tenancy with.
        if (layer.InferParentsFromHousehold)
        {
            var residentsOf = currentUprnOf.GroupBy(kv => kv.Value).ToDictionary(g => g.Key, g => g.Select(kv => kv.Key).Order().ToList());
            var unitOf = all.Where(l => householdTypes.Contains(l.Type)).SelectMany(l => new[] { (l.Left, l.Right), (l.Right, l.Left) }).GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => g.Select(p => p.Item2).ToHashSet());
            foreach (var child in people.Keys.Where(IsChild).Order())
            {
                if (withRecordedParent.Contains(child))
                {
                    continue;
                }

                var candidates = new SortedSet<long>();
                if (currentUprnOf.TryGetValue(child, out var uprn))
                {
                    candidates.UnionWith(residentsOf[uprn]);
                }

                candidates.UnionWith(unitOf.GetValueOrDefault(child) ?? []);
                foreach (var adult in candidates)
                {
                    if (adult != child && Age(adult) is { } adultAge && Age(child) is { } childAge && adultAge - childAge >= layer.MinParentAgeGap && adultAge - childAge <= layer.MaxParentAgeGap)
                    {
                        sets.Union(adult, child);
                        SetRole(adult, "Carer");
                        SetRole(child, "Child");
                        edges.Add(new GroupEdge(adult, child, 0.7, [currentUprnOf.TryGetValue(adult, out var u) && u == uprn ? $"inferred: lives with the child at UPRN {uprn}" : "inferred: shares a claim or tenancy with the child"]));
                    }
                }
            }

            // A young adult no source gives a parent for, who lives with an adult of parent age and shares a claim or a
            // tenancy with them, is taken for their adult child. Living together alone is not enough: sharers do.
            foreach (var young in people.Keys.Where(id => !IsChild(id) && Age(id) is { } a && a < layer.AdultChildUnderAge && !withRecordedParent.Contains(id)).Order())
            {
                foreach (var adult in (unitOf.GetValueOrDefault(young) ?? []).Order())
                {
                    if (LivesWith(adult, young) && Age(adult) is { } adultAge && Age(young) is { } youngAge && adultAge - youngAge >= layer.MinParentAgeGap && adultAge - youngAge <= layer.MaxParentAgeGap)
                    {
                        sets.Union(adult, young);
                        SetRole(adult, "Parent");
                        SetRole(young, "AdultChild");
                        edges.Add(new GroupEdge(adult, young, 0.6, [$"inferred: lives with them at UPRN {currentUprnOf[young]}, shares a claim or tenancy, and is {adultAge - youngAge} years older"]));
                    }
                }
            }
        }

        // A parent's partner who lives with them is a step-parent, unless a source says they are a parent too.
        foreach (var parent in roles.Where(r => r.Value is "Parent" or "StepParent" or "Carer").Select(r => r.Key).Order().ToList())
        {
            foreach (var link in partnersOf.GetValueOrDefault(parent) ?? [])
            {
                var partner = link.Left == parent ? link.Right : link.Left;
                if (LivesWith(parent, partner) && !IsChild(partner))
                {
                    sets.Union(parent, partner);
                    SetRole(partner, "StepParent");
                    edges.Add(new GroupEdge(Math.Min(parent, partner), Math.Max(parent, partner), link.Confidence, [$"{link.Type} ({link.Feed}: {link.Evidence}), living together"]));
                }
            }
        }

        // A grandparent who lives with a grandchild is in the family (a multi-generation household).
        var grandparentTypes = layer.GrandparentLinks.ToHashSet(StringComparer.Ordinal);
        foreach (var link in all.Where(l => grandparentTypes.Contains(l.Type) && roles.ContainsKey(l.Right) && LivesWith(l.Left, l.Right) && !IsChild(l.Left)))
        {
            sets.Union(link.Left, link.Right);
            SetRole(link.Left, "Grandparent");
            edges.Add(new GroupEdge(link.Left, link.Right, link.Confidence, [$"{link.Type} ({link.Feed}: {link.Evidence}), living together"]));
        }

        var components = roles.Keys.GroupBy(sets.Find).OrderBy(g => g.Key).ToList();

        // Every edge joined its two ends, so it belongs to the component of either end. Bucketing once, in the order the
        // edges were found, keeps this linear: filtering every edge for every family took minutes on a large city.
        var edgesOf = new Dictionary<long, List<GroupEdge>>();
        foreach (var edge in edges)
        {
            var root = sets.Find(edge.Left);
            (edgesOf.TryGetValue(root, out var bucket) ? bucket : edgesOf[root] = []).Add(edge);
        }

        var families = new List<ProposedGroup>();
        var oversized = new List<IReadOnlyList<long>>();
        foreach (var component in components)
        {
            var members = component.Order().ToList();
            if (!members.Any(m => roles[m] is "Child" or "AdultChild"))
            {
                continue;
            }

            if (members.Count > layer.MaxMembers)
            {
                oversized.Add(members);
                continue;
            }

            families.Add(new ProposedGroup(
                layer.Name,
                null,
                [.. members.Select(m => new GroupMember(m, roles[m]))],
                [.. (edgesOf.GetValueOrDefault(component.Key) ?? []).GroupBy(e => (e.Left, e.Right)).Select(g => new GroupEdge(g.Key.Left, g.Key.Right, g.Max(e => e.Weight), [.. g.SelectMany(e => e.Evidence).Distinct(StringComparer.Ordinal)]))]));
        }

        return new FamilyBuild(families, oversized);
    }

    private static int Rank(string role) => role switch
    {
        "Child" => 0,
        "Parent" => 1,
        "StepParent" => 2,
        "AdultChild" => 3,
        "Grandparent" => 4,
        _ => 5,
    };
}
