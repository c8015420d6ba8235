using Hearth.Synth.Build;
using Hearth.Synth.Randomness;
using Hearth.Synth.Reference;
using Hearth.Synth.Truth;

namespace Hearth.Synth.World;

/// <summary>The whole synthetic city: its places, schools, people and units, and the truth log of its history.</summary>
public sealed class City
{
    public City(SynthOptions options, ReferenceData reference)
    {
        Options = options;
        Reference = reference;
        Identifiers = new IdentifierAllocator(options.Seed);
    }

    public SynthOptions Options { get; }

    public ReferenceData Reference { get; }

    public ulong Seed => Options.Seed;

    public string Name => Reference.Places.City;

    /// <summary>The fictional postcode area. HF is not a real UK postcode area; WQ, used for places outside the city, is not either.</summary>
    public const string PostcodeArea = "HF";

    public const string OutOfAreaPostcodeArea = "WQ";

    public DateOnly Start => Options.Start;

    /// <summary>The extract date: the first day after the window.</summary>
    public DateOnly End => Options.ExtractDate;

    public string LaCode => Options.LocalAuthorityCode.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);

    public IdentifierAllocator Identifiers { get; }

    public TruthLog Truth { get; } = new();

    public List<Locality> Localities { get; } = [];

    public List<Street> Streets { get; } = [];

    /// <summary>Homes and other sites in the city, in gazetteer order.</summary>
    public List<Property> Properties { get; } = [];

    /// <summary>Addresses outside the city: placements out of area, and people who move away.</summary>
    public List<Property> OutOfArea { get; } = [];

    public List<Property> ChildrensHomes { get; } = [];

    public List<Property> TemporaryAccommodation { get; } = [];

    public List<School> Schools { get; } = [];

    public List<Person> People { get; } = [];

    public List<Unit> Units { get; } = [];

    public List<PeerNetwork> Networks { get; } = [];

    public SynthRandom Stream(string name, long index = 0) => SynthRandom.For(Seed, name, index);

    public SynthRandom Stream(string name, long index, long subIndex) => SynthRandom.For(Seed, name, index, subIndex);

    public Unit NewUnit(UnitKind kind, double adversity)
    {
        var unit = new Unit { Id = Units.Count + 1, Kind = kind, Adversity = adversity };
        Units.Add(unit);
        return unit;
    }

    public Person AddPerson(Person person)
    {
        People.Add(person);
        return person;
    }

    public int NextPersonId => People.Count + 1;

    /// <summary>Takes a vacant home in or near the locality, preferring the kind asked for.</summary>
    public Property? TakeVacantHome(Locality preferred, bool wantsHouse, SynthRandom random)
    {
        for (var distance = 0; distance < Localities.Count; distance++)
        {
            foreach (var index in new[] { preferred.Index - distance, preferred.Index + distance }.Distinct())
            {
                if (index < 0 || index >= Localities.Count)
                {
                    continue;
                }

                var vacant = Localities[index].Vacant;
                if (vacant.Count == 0)
                {
                    continue;
                }

                // Look at a few vacant homes and take the first of the wanted kind, else the first seen.
                Property? fallback = null;
                for (var attempt = 0; attempt < 6; attempt++)
                {
                    var candidate = vacant[random.Next(vacant.Count)];
                    var isHouse = candidate.Kind is PropertyKind.House or PropertyKind.NamedHouse;
                    if (isHouse == wantsHouse)
                    {
                        Localities[index].TakeVacant(candidate);
                        return candidate;
                    }

                    fallback ??= candidate;
                }

                Localities[index].TakeVacant(fallback!);
                return fallback;
            }
        }

        return null;
    }

    /// <summary>Chooses a locality for a family: families with more adversity tend to live in more deprived areas.</summary>
    public Locality LocalityFor(double adversity, SynthRandom random)
    {
        var byDeprivation = LocalitiesByDeprivation;
        var percentile = NormalCdf((0.8 * adversity) + (0.6 * random.Normal()));
        var index = Math.Clamp((int)(percentile * byDeprivation.Count), 0, byDeprivation.Count - 1);
        return byDeprivation[index];
    }

    public List<Locality> LocalitiesByDeprivation =>
        _byDeprivation ??= [.. Localities.OrderBy(l => l.Deprivation)];

    private List<Locality>? _byDeprivation;

    public static double NormalCdf(double x)
    {
        // Abramowitz and Stegun 7.1.26, accurate to 1.5e-7: plenty for choosing neighbourhoods.
        var t = 1.0 / (1.0 + (0.3275911 * Math.Abs(x) / Math.Sqrt(2)));
        var y = 1.0 - ((((((1.061405429 * t) - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x / 2);
        return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
    }

    public static double Logistic(double x) => 1.0 / (1.0 + Math.Exp(-x));
}
