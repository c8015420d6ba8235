using System.Text.Json.Serialization;

namespace Hearth.Core.Groups;

/// <summary>The engines a layer can be built with.</summary>
public enum GroupLayerKind
{
    /// <summary>People at the same property in overlapping periods.</summary>
    Household,

    /// <summary>Parents or carers with their children, by configurable link types, households and age rules.</summary>
    Family,

    /// <summary>Groups of another layer joined through shared members and kinship links, to a depth.</summary>
    ExtendedFamily,

    /// <summary>Peer networks: communities in a weighted graph of co-involvement over a time window.</summary>
    Association,
}

/// <summary>The weight one kind of co-involvement carries in an association graph.</summary>
public sealed record AssociationSource
{
    /// <summary>The link type (co_involved_police_incident, co_defendant, co_suspended).</summary>
    [JsonPropertyName("link")]
    public required string Link { get; init; }

    /// <summary>What one such link adds to the edge.</summary>
    [JsonPropertyName("weight")]
    public double Weight { get; init; } = 1;
}

/// <summary>
/// One layer of groups, as configured in config/groups/*.json: which engine builds it and with which rules. A
/// deployment adds a layer by adding a file (for example foster carers and the children they care for, as a family
/// layer whose parent links are foster_carer_of). Fields a kind does not use are ignored.
/// </summary>
public sealed record GroupLayerDefinition
{
    /// <summary>The layer's name, stored with each group.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>A title for people.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; init; }

    /// <summary>What the layer is for.</summary>
    [JsonPropertyName("description")]
    public string? Description { get; init; }

    /// <summary>The engine that builds it.</summary>
    [JsonPropertyName("kind")]
    public required GroupLayerKind Kind { get; init; }

    /// <summary>Family: link types from a parent or carer (Left) to a child (Right).</summary>
    [JsonPropertyName("parent_links")]
    public IReadOnlyList<string> ParentLinks { get; init; } = [];

    /// <summary>Family: which of the parent links make the parent a step-parent.</summary>
    [JsonPropertyName("step_parent_links")]
    public IReadOnlyList<string> StepParentLinks { get; init; } = [];

    /// <summary>Family: which of the parent links make the adult a carer rather than a parent (the claimant of a child's benefit may be a grandparent).</summary>
    [JsonPropertyName("carer_links")]
    public IReadOnlyList<string> CarerLinks { get; init; } = [];

    /// <summary>Family: link types between siblings.</summary>
    [JsonPropertyName("sibling_links")]
    public IReadOnlyList<string> SiblingLinks { get; init; } = [];

    /// <summary>Family: link types between partners; a parent's partner who lives with them joins the family as a step-parent.</summary>
    [JsonPropertyName("partner_links")]
    public IReadOnlyList<string> PartnerLinks { get; init; } = [];

    /// <summary>Family: link types from a grandparent to a grandchild; a grandparent living with the grandchild joins the family.</summary>
    [JsonPropertyName("grandparent_links")]
    public IReadOnlyList<string> GrandparentLinks { get; init; } = [];

    /// <summary>Family: link types that say two people are in one household unit (the same benefit claim, tenancy, homelessness case).</summary>
    [JsonPropertyName("household_links")]
    public IReadOnlyList<string> HouseholdLinks { get; init; } = [];

    /// <summary>Family: a child is younger than this on the as-of date.</summary>
    [JsonPropertyName("child_under_age")]
    public int ChildUnderAge { get; init; } = 18;

    /// <summary>Family: an adult child still living with their parents stays in the family up to this age.</summary>
    [JsonPropertyName("adult_child_under_age")]
    public int AdultChildUnderAge { get; init; } = 40;

    /// <summary>Family: a child with no recorded parent joins the adults they live with who are at least this much older.</summary>
    [JsonPropertyName("infer_parents_from_household")]
    public bool InferParentsFromHousehold { get; init; } = true;

    /// <summary>Family: the smallest age gap between an inferred parent and a child.</summary>
    [JsonPropertyName("min_parent_age_gap")]
    public int MinParentAgeGap { get; init; } = 15;

    /// <summary>Family: the largest age gap between an inferred parent and a child (older adults are grandparents).</summary>
    [JsonPropertyName("max_parent_age_gap")]
    public int MaxParentAgeGap { get; init; } = 50;

    /// <summary>Family or extended family: a group larger than this is not proposed but reported, as a sign of bad evidence.</summary>
    [JsonPropertyName("max_members")]
    public int MaxMembers { get; init; } = 20;

    /// <summary>Extended family: the layer it joins up.</summary>
    [JsonPropertyName("of_layer")]
    public string? OfLayer { get; init; }

    /// <summary>Extended family: link types between members of two groups that join them (grandparent_of, an adult child's parent link).</summary>
    [JsonPropertyName("kin_links")]
    public IReadOnlyList<string> KinLinks { get; init; } = [];

    /// <summary>Extended family: how many joins away from its first family an extended family reaches.</summary>
    [JsonPropertyName("depth")]
    public int Depth { get; init; } = 2;

    /// <summary>Association: the co-involvement links and their weights.</summary>
    [JsonPropertyName("sources")]
    public IReadOnlyList<AssociationSource> Sources { get; init; } = [];

    /// <summary>Association: only co-involvement within this many months of the as-of date counts.</summary>
    [JsonPropertyName("window_months")]
    public int WindowMonths { get; init; } = 24;

    /// <summary>Association: only people younger than this on the as-of date are in peer networks.</summary>
    [JsonPropertyName("max_age")]
    public int MaxAge { get; init; } = 25;

    /// <summary>Association: an edge needs at least this weight.</summary>
    [JsonPropertyName("min_edge_weight")]
    public double MinEdgeWeight { get; init; } = 1;

    /// <summary>Association: the fewest members a proposed network has.</summary>
    [JsonPropertyName("min_size")]
    public int MinSize { get; init; } = 3;

    /// <summary>Association: Louvain's resolution; above 1 gives smaller communities.</summary>
    [JsonPropertyName("resolution")]
    public double Resolution { get; init; } = 1;

    /// <summary>Problems that make the definition unusable, empty when it is sound.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name) || !Name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            problems.Add($"name '{Name}' must be lower-case letters, digits and underscores");
        }

        switch (Kind)
        {
            case GroupLayerKind.Family when ParentLinks.Count == 0:
                problems.Add("a family layer needs parent_links");
                break;
            case GroupLayerKind.ExtendedFamily when string.IsNullOrWhiteSpace(OfLayer):
                problems.Add("an extended family layer needs of_layer");
                break;
            case GroupLayerKind.ExtendedFamily when Depth < 1:
                problems.Add("depth must be at least 1");
                break;
            case GroupLayerKind.Association when Sources.Count == 0:
                problems.Add("an association layer needs sources");
                break;
            case GroupLayerKind.Association when MinSize < 2:
                problems.Add("min_size must be at least 2");
                break;
        }

        if (ChildUnderAge is < 1 or > 25 || AdultChildUnderAge < ChildUnderAge || AdultChildUnderAge > 60)
        {
            problems.Add("child_under_age must be 1 to 25 and adult_child_under_age from there to 60");
        }

        return problems;
    }
}
