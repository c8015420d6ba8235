namespace Hearth.Synth.World;

public enum PropertyKind : byte
{
    House,
    Flat,
    NamedHouse,
    ChildrensHome,
    School,
    TemporaryAccommodation,
}

public sealed class Locality
{
    public required int Index { get; init; }

    public required string Name { get; init; }

    /// <summary>Postcode district number: HF{District}.</summary>
    public required int District { get; init; }

    /// <summary>0 (least deprived) to 1 (most deprived).</summary>
    public required double Deprivation { get; init; }

    public List<Street> Streets { get; } = [];

    public List<Property> Homes { get; } = [];

    public List<School> Schools { get; } = [];

    /// <summary>Homes no unit lives in now.</summary>
    public List<Property> Vacant { get; } = [];

    public void AddVacant(Property property)
    {
        property.VacantSlot = Vacant.Count;
        Vacant.Add(property);
    }

    public void TakeVacant(Property property)
    {
        var slot = property.VacantSlot;
        if (slot < 0 || slot >= Vacant.Count || Vacant[slot] != property)
        {
            throw new InvalidOperationException($"{property} is not vacant.");
        }

        var last = Vacant[^1];
        Vacant[slot] = last;
        last.VacantSlot = slot;
        Vacant.RemoveAt(Vacant.Count - 1);
        property.VacantSlot = -1;
    }

    public string Outward(string area) => FormattableString.Invariant($"{area}{District}");
}

public sealed class Street
{
    public required string Name { get; init; }

    public required long Usrn { get; init; }

    public required Locality Locality { get; init; }

    public required string Town { get; init; }
}

/// <summary>A place someone can live (or a school site): a golden property with its UPRN.</summary>
public sealed class Property
{
    public required int Id { get; init; }

    /// <summary>UPRN in the council's gazetteer; 0 for addresses outside the city, which the gazetteer does not hold.</summary>
    public required long Uprn { get; init; }

    public long ParentUprn { get; init; }

    public required PropertyKind Kind { get; init; }

    /// <summary>Flat or unit within a building, for example "Flat 3".</summary>
    public string? SubBuilding { get; init; }

    /// <summary>Building or house name, for example "Kestrel House" or "Rose Cottage".</summary>
    public string? BuildingName { get; init; }

    public string? Number { get; init; }

    public required Street Street { get; init; }

    public required string Postcode { get; init; }

    public required Tenure DefaultTenure { get; init; }

    public int Bedrooms { get; init; }

    public int Easting { get; init; }

    public int Northing { get; init; }

    public bool OutOfArea => Uprn == 0;

    public Locality Locality => Street.Locality;

    /// <summary>The unit living here now, if any.</summary>
    public Unit? Occupant { get; set; }

    /// <summary>Position in the locality's vacant list, or -1 when occupied.</summary>
    public int VacantSlot { get; set; } = -1;

    /// <summary>First line of the address as most systems write it, for example "Flat 3, Kestrel House, 12 Mill Lane".</summary>
    public string Line1
    {
        get
        {
            var parts = new List<string>(3);
            if (SubBuilding is not null)
            {
                parts.Add(SubBuilding);
            }

            if (BuildingName is not null)
            {
                parts.Add(BuildingName);
            }

            parts.Add(Number is null ? Street.Name : $"{Number} {Street.Name}");
            return string.Join(", ", parts);
        }
    }

    public string SingleLine => $"{Line1}, {Street.Locality.Name}, {Street.Town}, {Postcode}";

    public override string ToString() => SingleLine;
}
