using Hearth.Core.Text;

namespace Hearth.Core.Addresses;

/// <summary>One property in the council's gazetteer, as the address matcher needs it.</summary>
/// <param name="Uprn">The property's UPRN.</param>
/// <param name="ParentUprn">The UPRN of the building a flat is in, or null.</param>
/// <param name="SubBuilding">Flat or unit (the gazetteer's SAO).</param>
/// <param name="Primary">House number or building name (the gazetteer's PAO), perhaps both: "Kestrel House, 12".</param>
/// <param name="Street">Street name.</param>
/// <param name="Postcode">Postcode in normal form.</param>
public sealed record GazetteerEntry(long Uprn, long? ParentUprn, string? SubBuilding, string? Primary, string? Street, string Postcode);

/// <summary>How sure a UPRN match is, as the domain brief defines the levels.</summary>
public enum MatchConfidence
{
    /// <summary>Postcode, house and flat all agree.</summary>
    High,

    /// <summary>A fuzzy match within the postcode, or the street and number elsewhere when the postcode is wrong.</summary>
    Medium,

    /// <summary>Only the postcode agrees, and it holds a single property or a single building.</summary>
    Low,
}

/// <summary>A UPRN found for an address, and how sure the match is.</summary>
/// <param name="Uprn">The matched UPRN.</param>
/// <param name="Confidence">How sure the match is.</param>
/// <param name="Reason">Why, in words, for the lineage of the value.</param>
public sealed record AddressMatch(long Uprn, MatchConfidence Confidence, string Reason);

/// <summary>
/// Matches addresses to properties in the gazetteer when a feed has no UPRN: first within the postcode (house number or
/// building name, flat and street), then, when the postcode is missing or mistyped, by street and number across the city.
/// An ambiguous address gets no UPRN rather than a guess.
/// </summary>
public sealed class AddressMatcher
{
    private readonly Dictionary<string, List<Candidate>> _byPostcode = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Street, string Number), List<Candidate>> _byStreetAndNumber = [];

    /// <summary>Indexes the gazetteer.</summary>
    public AddressMatcher(IEnumerable<GazetteerEntry> gazetteer)
    {
        foreach (var entry in gazetteer)
        {
            var parsed = AddressParser.Parse([entry.SubBuilding is null ? null : entry.SubBuilding.Replace(",", " ", StringComparison.Ordinal), entry.Primary, entry.Street], entry.Postcode);
            var candidate = new Candidate(entry, parsed.Number, parsed.BuildingKey, AddressParser.Key(entry.SubBuilding), AddressParser.Key(entry.Street));
            Add(_byPostcode, entry.Postcode, candidate);
            if (candidate.Street is not null && candidate.Number is not null)
            {
                Add(_byStreetAndNumber, (candidate.Street, candidate.Number), candidate);
            }

            Count++;
        }
    }

    /// <summary>How many properties the matcher knows.</summary>
    public int Count { get; }

    /// <summary>The best UPRN for the address, or null when there is none or it would be a guess.</summary>
    public AddressMatch? Match(ParsedAddress address)
    {
        if (address.Postcode is not null && _byPostcode.TryGetValue(address.Postcode, out var inPostcode))
        {
            var found = MatchWithin(inPostcode, address);
            if (found is not null)
            {
                return found;
            }
        }

        // The postcode is missing, mistyped or outside the city: try the street and number.
        if (address.StreetKey is { } street && address.Number is { } number && _byStreetAndNumber.TryGetValue((street, number), out var sameStreet))
        {
            var chosen = Choose(sameStreet, address);
            if (chosen is not null)
            {
                return new AddressMatch(chosen.Uprn, MatchConfidence.Medium, "street and number; postcode " + (address.Postcode is null ? "missing" : "differs"));
            }
        }

        return null;
    }

    private static AddressMatch? MatchWithin(List<Candidate> candidates, ParsedAddress address)
    {
        var number = address.Number;
        var building = address.BuildingKey;
        var flat = address.SubBuildingKey;
        var street = address.StreetKey;

        // High: the house (number or building name) and the flat agree, and the street does not disagree.
        var exact = candidates.Where(c => SameHouse(c, number, building) && c.SubBuilding == flat && (street is null || c.Street is null || c.Street == street)).ToList();
        if (exact.Count == 1)
        {
            return new AddressMatch(exact[0].Entry.Uprn, MatchConfidence.High, "postcode, house and flat");
        }

        // Medium: a near spelling of the street or building, or a flat whose number agrees once spelling is ignored.
        var fuzzy = candidates.Where(c =>
                (SameHouse(c, number, building) || (building is not null && c.Building is not null && Similarity.JaroWinkler(building, c.Building) >= 0.9))
                && (street is null || c.Street is null || Similarity.JaroWinkler(street, c.Street) >= 0.88)
                && SameFlat(c.SubBuilding, flat))
            .ToList();
        if (fuzzy.Count == 1)
        {
            return new AddressMatch(fuzzy[0].Entry.Uprn, MatchConfidence.Medium, "fuzzy within postcode");
        }

        // A flat not given, in a block (by number or by name): the building's UPRN, at medium confidence.
        if (flat is null && (number is not null || building is not null))
        {
            var block = candidates.Where(c => SameHouse(c, number, building) && c.Entry.ParentUprn is not null).Select(c => c.Entry.ParentUprn!.Value).Distinct().ToList();
            if (block.Count == 1)
            {
                return new AddressMatch(block[0], MatchConfidence.Medium, "building within postcode; flat not given");
            }
        }

        // Low: only the postcode, and it holds one property or one building. A house number the postcode does not hold
        // contradicts it (the postcode is more likely mistyped), so it is no match here.
        if (number is not null)
        {
            return null;
        }

        if (candidates.Count == 1)
        {
            return new AddressMatch(candidates[0].Entry.Uprn, MatchConfidence.Low, "postcode holds one property");
        }

        var parents = candidates.Select(c => c.Entry.ParentUprn).Distinct().ToList();
        if (parents is [{ } parent])
        {
            return new AddressMatch(parent, MatchConfidence.Low, "postcode holds one building");
        }

        return null;
    }

    private static GazetteerEntry? Choose(List<Candidate> candidates, ParsedAddress address)
    {
        var flat = address.SubBuildingKey;
        var matching = candidates.Where(c => SameFlat(c.SubBuilding, flat)).ToList();
        return matching.Count == 1 ? matching[0].Entry : null;
    }

    private static bool SameHouse(Candidate candidate, string? number, string? building) =>
        (number is not null && candidate.Number == number) || (number is null && building is not null && candidate.Building == building);

    private static bool SameFlat(string? a, string? b) =>
        a == b || (a is not null && b is not null && Digits(a) is { Length: > 0 } da && da == Digits(b));

    private static string Digits(string text) => new([.. text.Where(char.IsAsciiDigit)]);

    private static void Add<TKey>(Dictionary<TKey, List<Candidate>> index, TKey key, Candidate candidate)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add(candidate);
    }

    private sealed record Candidate(GazetteerEntry Entry, string? Number, string? Building, string? SubBuilding, string? Street);
}
