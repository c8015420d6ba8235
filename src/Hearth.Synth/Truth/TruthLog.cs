using Hearth.Synth.World;

namespace Hearth.Synth.Truth;

/// <summary>An interval of a person's membership of a household or family.</summary>
public sealed class Membership
{
    public required Person Person { get; init; }

    public required Unit Unit { get; init; }

    public required string Role { get; init; }

    public Property? Property { get; init; }

    public required DateOnly From { get; set; }

    public DateOnly? To { get; set; }
}

public sealed record Partnership(Person A, Person B, DateOnly From)
{
    public DateOnly? To { get; set; }
}

public sealed record Placement(Person Child, Unit? Carers, Property Address, string PlacementCode, DateOnly From)
{
    public DateOnly? To { get; set; }
}

public sealed record NeedEpisode(Unit Unit, NeedKind Need, Person? Carrier, DateOnly From, double Liability)
{
    public DateOnly? To { get; set; }
}

/// <summary>
/// Everything that is true about the city over time, as it happens: who lived where with whom, who belonged to
/// which family in which role, partnerships, care placements and family needs. Written to the truth folder at
/// the end.
/// </summary>
public sealed class TruthLog
{
    private readonly Dictionary<int, Membership> _openHousehold = [];
    private readonly Dictionary<int, Membership> _openFamily = [];
    private readonly Dictionary<int, Partnership> _openPartnership = [];

    public List<Membership> Households { get; } = [];

    public List<Membership> Families { get; } = [];

    public List<Partnership> Partnerships { get; } = [];

    public List<Placement> Placements { get; } = [];

    public List<NeedEpisode> Needs { get; } = [];

    /// <summary>The person lives in the unit's home at the property from the date.</summary>
    public void Reside(Person person, Unit unit, Property property, DateOnly from)
    {
        if (_openHousehold.TryGetValue(person.Id, out var open))
        {
            if (open.Unit == unit && open.Property == property)
            {
                return;
            }

            open.To = from;
        }

        // Someone living in a unit's home without belonging to its family (a child placed with foster carers) is a lodger there.
        var role = person.Family == unit ? person.Role.ToString() : "Lodger";
        var membership = new Membership { Person = person, Unit = unit, Role = role, Property = property, From = from };
        Households.Add(membership);
        _openHousehold[person.Id] = membership;
        person.Household = unit;
        if (person.Home != property)
        {
            person.Homes.Add(new Residence(property, from));
        }
    }

    /// <summary>The person lives outside any unit of the city (placed out of area, or moved away) from the date.</summary>
    public void ResideElsewhere(Person person, Property property, DateOnly from)
    {
        EndResidence(person, from);
        person.Household = null;
        if (person.Home != property)
        {
            person.Homes.Add(new Residence(property, from));
        }
    }

    public void EndResidence(Person person, DateOnly to)
    {
        if (_openHousehold.Remove(person.Id, out var open))
        {
            open.To = to;
        }
    }

    public void JoinFamily(Person person, Unit unit, MemberRole role, DateOnly from)
    {
        if (_openFamily.TryGetValue(person.Id, out var open))
        {
            if (open.Unit == unit && open.Role == role.ToString())
            {
                return;
            }

            open.To = from;
        }

        person.Family = unit;
        person.Role = role;
        if (!unit.Members.Contains(person))
        {
            unit.Members.Add(person);
        }

        var membership = new Membership { Person = person, Unit = unit, Role = role.ToString(), From = from };
        Families.Add(membership);
        _openFamily[person.Id] = membership;
    }

    /// <summary>
    /// Moves the start of a person's open family membership to when the family really formed, which the population
    /// builder only knows once the whole unit exists.
    /// </summary>
    public void BackdateFamily(Person person, DateOnly from)
    {
        if (_openFamily.TryGetValue(person.Id, out var open))
        {
            open.From = from;
        }
    }

    public void LeaveFamily(Person person, DateOnly to)
    {
        if (_openFamily.Remove(person.Id, out var open))
        {
            open.To = to;
        }

        person.Family?.Members.Remove(person);
        person.Family = null;
    }

    public Partnership Partner(Person a, Person b, DateOnly from)
    {
        var partnership = new Partnership(a, b, from);
        Partnerships.Add(partnership);
        _openPartnership[a.Id] = partnership;
        _openPartnership[b.Id] = partnership;
        a.Partner = b;
        b.Partner = a;
        return partnership;
    }

    /// <summary>The person's current partnership, if any.</summary>
    public Partnership? OpenPartnership(Person person) => _openPartnership.GetValueOrDefault(person.Id);

    public void Separate(Person a, Person b, DateOnly to)
    {
        if (_openPartnership.TryGetValue(a.Id, out var p) && (p.A == b || p.B == b))
        {
            p.To = to;
            _openPartnership.Remove(a.Id);
            _openPartnership.Remove(b.Id);
        }

        if (a.Partner == b)
        {
            a.Partner = null;
        }

        if (b.Partner == a)
        {
            b.Partner = null;
        }
    }
}
