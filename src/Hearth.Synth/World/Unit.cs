namespace Hearth.Synth.World;

public enum UnitKind : byte
{
    OnePerson,
    Couple,
    CoupleWithChildren,
    LoneParent,
    Blended,
    Multigenerational,
    CoupleWithAdultChildren,
    Shared,
    FosterCarers,
    ChildrensHome,
}

public enum Tenure : byte
{
    OwnerOccupied,
    PrivateRented,
    SocialRented,
    TemporaryAccommodation,
    Institutional,
}

/// <summary>
/// The simulation's unit of living together: the people who share a home and a family life. A unit is a
/// household in the truth files, and a family when it has children (or an expectant parent).
/// </summary>
public sealed class Unit
{
    public required int Id { get; init; }

    public string HouseholdTruthId => FormattableString.Invariant($"H{Id:D7}");

    public string FamilyTruthId => FormattableString.Invariant($"F{Id:D7}");

    public required UnitKind Kind { get; set; }

    /// <summary>People who belong to the unit's family (including looked-after children living elsewhere).</summary>
    public List<Person> Members { get; } = [];

    public Property? Property { get; set; }

    /// <summary>People living in the unit's home without belonging to its family: children placed with foster carers.</summary>
    public List<Person> Lodgers { get; } = [];

    /// <summary>True once the unit has left the city (its members now live outside it).</summary>
    public bool Departed { get; set; }

    public DateOnly PropertyFrom { get; set; }

    public Tenure Tenure { get; set; }

    /// <summary>The family's latent adversity, a standard normal score: higher means needs are more likely and last longer.</summary>
    public double Adversity { get; init; }

    public NeedState[] Needs { get; } = new NeedState[NeedKinds.Count];

    /// <summary>Whether the unit has ever had a child member, which makes it a family in the truth files.</summary>
    public bool EverFamily { get; set; }

    /// <summary>Household income from work, pounds a year (0 when workless).</summary>
    public int EarnedIncome { get; set; }

    public ServiceState Services { get; } = new();

    public IEnumerable<Person> LivingMembers(DateOnly date) => Members.Where(m => m.IsAliveOn(date));

    /// <summary>Members living in the unit's home (not looked-after children placed elsewhere).</summary>
    public IEnumerable<Person> Residents(DateOnly date) =>
        Members.Where(m => m.IsAliveOn(date) && m.IsBornBy(date) && m.Household == this).Concat(Lodgers.Where(l => l.IsAliveOn(date) && l.Household == this));

    public IEnumerable<Person> Adults(DateOnly date) => Residents(date).Where(m => m.AgeOn(date) >= 18);

    public IEnumerable<Person> Children(DateOnly date) => Members.Where(m => m.IsAliveOn(date) && m.IsBornBy(date) && m.AgeOn(date) < 18);

    public bool HasActiveNeed(NeedKind kind) => Needs[(int)kind].Active;

    public int ActiveNeedCount => Needs.Count(n => n.Active);

    public override string ToString() => FormattableString.Invariant($"{HouseholdTruthId} {Kind} ({Members.Count} members)");
}

/// <summary>What services currently hold about a unit; filled in by the simulation modules.</summary>
public sealed class ServiceState
{
    public object? EarlyHelp { get; set; }

    public int EarlyHelpEpisodes { get; set; }

    public object? BenefitClaim { get; set; }

    public object? CouncilTax { get; set; }

    public object? Tenancy { get; set; }

    public object? Homelessness { get; set; }

    /// <summary>Number of months in which the family was supported (early help or a social care plan).</summary>
    public int SupportedMonths { get; set; }

    public bool SupportedNow { get; set; }
}
