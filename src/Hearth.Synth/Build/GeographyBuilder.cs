using System.Globalization;
using Hearth.Core.Common;
using Hearth.Synth.Randomness;
using Hearth.Synth.World;

namespace Hearth.Synth.Build;

/// <summary>
/// Lays out the city: localities (each a postcode district HF1, HF2, ...), streets, houses and blocks of flats with
/// parent and child UPRNs, postcode units of a dozen or so homes, temporary accommodation, children's homes, and a
/// pool of addresses outside the city.
/// </summary>
public static class GeographyBuilder
{
    /// <summary>Average residents per household in England, which sizes the housing stock.</summary>
    public const double PeoplePerHousehold = 2.35;

    public static void Build(City city)
    {
        var random = city.Stream("geography");
        var places = city.Reference.Places;
        var households = (int)Math.Ceiling(city.Options.People / PeoplePerHousehold);
        // Spare homes for moves, separations and young people leaving home over the window.
        var homes = (int)(households * 1.22) + 60;
        var localityCount = Math.Clamp((int)Math.Round(city.Options.People / 3500.0), 4, 400);

        var names = LocalityNames(places.Localities, localityCount, random);
        var deprivation = Enumerable.Range(0, localityCount).Select(i => (i + 0.5) / localityCount).ToList();
        random.Shuffle(deprivation);
        for (var i = 0; i < localityCount; i++)
        {
            city.Localities.Add(new Locality { Index = i, Name = names[i], District = i + 1, Deprivation = deprivation[i] });
        }

        var uprn = new UprnSequence(10_090_000_000L + random.Next(0, 500_000));
        var usrn = 39_000_000L + random.Next(0, 900_000);
        var usedStreetNames = new HashSet<string>(StringComparer.Ordinal);
        var propertyId = 0;

        foreach (var locality in city.Localities)
        {
            var target = homes / localityCount;
            var postcodes = new PostcodeUnits(City.PostcodeArea, locality.District, random);
            var centreEast = 440_000 + (locality.Index % 20 * 1_500);
            var centreNorth = 430_000 + (locality.Index / 20 * 1_500);
            while (locality.Homes.Count < target)
            {
                var street = NewStreet(city, locality, usedStreetNames, ref usrn, random);
                var houses = random.Next(8, 60);
                var hasBlock = random.Chance(locality.Deprivation * 0.45 + 0.1);
                var blockAt = hasBlock ? random.Next(0, Math.Max(1, houses)) : -1;
                var number = 1;
                for (var h = 0; h < houses && locality.Homes.Count < target; h++)
                {
                    var postcode = postcodes.Next();
                    if (h == blockAt)
                    {
                        var blockName = places.BlockStems[random.Next(places.BlockStems.Length)] + " " + places.BlockTypes.Pick(random);
                        var parent = uprn.Next(random);
                        var flats = random.Next(6, 36);
                        var blockPostcode = postcodes.NewUnit();
                        for (var f = 1; f <= flats; f++)
                        {
                            var flat = new Property
                            {
                                Id = ++propertyId,
                                Uprn = uprn.Next(random),
                                ParentUprn = parent,
                                Kind = PropertyKind.Flat,
                                SubBuilding = "Flat " + f.ToString(CultureInfo.InvariantCulture),
                                BuildingName = blockName,
                                Number = number.ToString(CultureInfo.InvariantCulture),
                                Street = street,
                                Postcode = blockPostcode,
                                DefaultTenure = Tenure.SocialRented,
                                Bedrooms = random.Next(1, 4),
                                Easting = centreEast + random.Next(-600, 600),
                                Northing = centreNorth + random.Next(-600, 600),
                            };
                            Add(city, locality, flat);
                        }

                        number += 2;
                        continue;
                    }

                    var named = random.Chance(0.02);
                    var house = new Property
                    {
                        Id = ++propertyId,
                        Uprn = uprn.Next(random),
                        Kind = named ? PropertyKind.NamedHouse : PropertyKind.House,
                        BuildingName = named ? places.HouseNames[random.Next(places.HouseNames.Length)] : null,
                        Number = named && random.Chance(0.5) ? null : number.ToString(CultureInfo.InvariantCulture),
                        Street = street,
                        Postcode = postcode,
                        DefaultTenure = Tenure.OwnerOccupied,
                        Bedrooms = random.Next(2, 5),
                        Easting = centreEast + random.Next(-600, 600),
                        Northing = centreNorth + random.Next(-600, 600),
                    };
                    Add(city, locality, house);
                    number += random.Chance(0.85) ? 2 : 1;
                }
            }

            // A hostel of temporary accommodation in the more deprived half of the city.
            if (locality.Deprivation > 0.5 || locality.Index == 0)
            {
                var street = NewStreet(city, locality, usedStreetNames, ref usrn, random);
                var hostel = places.BlockStems[random.Next(places.BlockStems.Length)] + " Lodge";
                var parent = uprn.Next(random);
                var postcode = postcodes.NewUnit();
                var rooms = Math.Max(4, city.Options.People / 2500 / Math.Max(1, localityCount / 2));
                for (var r = 1; r <= rooms; r++)
                {
                    var room = new Property
                    {
                        Id = ++propertyId,
                        Uprn = uprn.Next(random),
                        ParentUprn = parent,
                        Kind = PropertyKind.TemporaryAccommodation,
                        SubBuilding = "Room " + r.ToString(CultureInfo.InvariantCulture),
                        BuildingName = hostel,
                        Number = "1",
                        Street = street,
                        Postcode = postcode,
                        DefaultTenure = Tenure.TemporaryAccommodation,
                        Bedrooms = 1,
                        Easting = centreEast,
                        Northing = centreNorth,
                    };
                    city.Properties.Add(room);
                    city.TemporaryAccommodation.Add(room);
                }
            }
        }

        var childrensHomes = Math.Max(1, city.Options.People / 25_000);
        for (var i = 0; i < childrensHomes; i++)
        {
            var locality = city.Localities[random.Next(city.Localities.Count)];
            var street = locality.Streets[random.Next(locality.Streets.Count)];
            var home = new Property
            {
                Id = ++propertyId,
                Uprn = uprn.Next(random),
                Kind = PropertyKind.ChildrensHome,
                BuildingName = places.HouseNames[random.Next(places.HouseNames.Length)],
                Number = random.Next(100, 200).ToString(CultureInfo.InvariantCulture),
                Street = street,
                Postcode = new PostcodeUnits(City.PostcodeArea, locality.District, random).NewUnit(),
                DefaultTenure = Tenure.Institutional,
                Bedrooms = 4,
            };
            city.Properties.Add(home);
            city.ChildrensHomes.Add(home);
        }

        BuildOutOfArea(city, random, ref propertyId);
    }

    private static void Add(City city, Locality locality, Property property)
    {
        city.Properties.Add(property);
        locality.Homes.Add(property);
        locality.AddVacant(property);
    }

    private static Street NewStreet(City city, Locality locality, HashSet<string> used, ref long usrn, SynthRandom random)
    {
        var places = city.Reference.Places;
        string name;
        var attempts = 0;
        do
        {
            name = places.StreetStems[random.Next(places.StreetStems.Length)] + " " + places.StreetTypes.Pick(random);
            attempts++;
        }
        while (!used.Add(locality.Index + ":" + name) && attempts < 50);

        var street = new Street { Name = name, Usrn = usrn, Locality = locality, Town = city.Name };
        usrn += random.Next(1, 40);
        locality.Streets.Add(street);
        city.Streets.Add(street);
        return street;
    }

    private static void BuildOutOfArea(City city, SynthRandom random, ref int propertyId)
    {
        var places = city.Reference.Places;
        var count = Math.Max(60, city.Options.People / 150);
        var towns = places.OutOfAreaTowns;
        for (var i = 0; i < count; i++)
        {
            var townIndex = i % towns.Length;
            var locality = new Locality { Index = -1, Name = towns[townIndex], District = townIndex + 1, Deprivation = 0.5 };
            var street = new Street
            {
                Name = places.StreetStems[random.Next(places.StreetStems.Length)] + " " + places.StreetTypes.Pick(random),
                Usrn = 0,
                Locality = locality,
                Town = towns[townIndex],
            };
            var property = new Property
            {
                Id = ++propertyId,
                Uprn = 0,
                Kind = PropertyKind.House,
                Number = random.Next(1, 120).ToString(CultureInfo.InvariantCulture),
                Street = street,
                Postcode = new PostcodeUnits(City.OutOfAreaPostcodeArea, townIndex + 1, random).NewUnit(),
                DefaultTenure = Tenure.OwnerOccupied,
            };
            city.OutOfArea.Add(property);
        }
    }

    private static List<string> LocalityNames(string[] stems, int count, SynthRandom random)
    {
        var names = new List<string>(count);
        string[] qualifiers = ["North", "South", "East", "West", "Upper", "Lower", "Old", "New"];
        var pool = stems.ToList();
        random.Shuffle(pool);
        for (var i = 0; i < count; i++)
        {
            var stem = pool[i % pool.Count];
            names.Add(i < pool.Count ? stem : qualifiers[(i / pool.Count - 1) % qualifiers.Length] + " " + stem);
        }

        return names;
    }

    /// <summary>UPRNs rise along streets with small gaps, as a gazetteer's do.</summary>
    private sealed class UprnSequence(long start)
    {
        private long _next = start;

        public long Next(SynthRandom random)
        {
            var value = _next;
            _next += random.Next(1, 4);
            if (value > Uprn.MaxValue)
            {
                throw new InvalidOperationException("Ran out of UPRNs.");
            }

            return value;
        }
    }

    /// <summary>Postcode units within one district: sector digit then two letters, each shared by a dozen or so homes.</summary>
    private sealed class PostcodeUnits
    {
        private readonly string _outward;
        private readonly SynthRandom _random;
        private readonly List<string> _unused;
        private string _current = string.Empty;
        private int _remaining;

        public PostcodeUnits(string area, int district, SynthRandom random)
        {
            _outward = string.Create(CultureInfo.InvariantCulture, $"{area}{district}");
            _random = random;
            _unused = [];
            for (var sector = 1; sector <= 9; sector++)
            {
                foreach (var a in Postcode.InwardLetters)
                {
                    foreach (var b in Postcode.InwardLetters)
                    {
                        _unused.Add(string.Create(CultureInfo.InvariantCulture, $"{sector}{a}{b}"));
                    }
                }
            }

            // Use the units in a scattered order, sector by sector, as a real district's are.
            var shuffled = _unused.GroupBy(u => u[0]).SelectMany(g =>
            {
                var list = g.ToList();
                random.Shuffle(list);
                return list;
            }).ToList();
            _unused = shuffled;
        }

        public string Next()
        {
            if (_remaining <= 0)
            {
                _current = NewUnit();
                _remaining = _random.Next(8, 20);
            }

            _remaining--;
            return _current;
        }

        public string NewUnit()
        {
            if (_unused.Count == 0)
            {
                throw new InvalidOperationException($"District {_outward} has run out of postcode units.");
            }

            var inward = _unused[^1];
            _unused.RemoveAt(_unused.Count - 1);
            return _outward + " " + inward;
        }
    }
}
