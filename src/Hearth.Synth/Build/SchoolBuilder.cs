using System.Globalization;
using Hearth.Synth.Randomness;
using Hearth.Synth.World;

namespace Hearth.Synth.Build;

/// <summary>
/// Opens the city's schools, sized to its children: primaries of about 280 pupils, secondaries of about 900,
/// special schools and alternative provision. Each has a URN, a LAESTAB number and a site with a UPRN.
/// </summary>
public static class SchoolBuilder
{
    public static void Build(City city)
    {
        var random = city.Stream("schools");
        var people = city.Options.People;
        var primaries = Math.Max(2, (int)Math.Round(people * 0.095 / 280));
        var secondaries = Math.Max(1, (int)Math.Round(people * 0.07 / 900));
        var specials = Math.Max(1, (int)Math.Round(people / 40_000.0));
        var alternatives = Math.Max(1, (int)Math.Round(people / 90_000.0));

        var stems = city.Reference.Places.SchoolStems.ToList();
        random.Shuffle(stems);
        var stemIndex = 0;
        var urns = new HashSet<int>();
        var nextEstab = new Dictionary<SchoolPhase, int>
        {
            [SchoolPhase.Primary] = 2001,
            [SchoolPhase.Secondary] = 4001,
            [SchoolPhase.Special] = 7001,
            [SchoolPhase.AlternativeProvision] = 1101,
        };

        string NextStem()
        {
            var stem = stems[stemIndex % stems.Count];
            var round = stemIndex / stems.Count;
            stemIndex++;
            return round == 0 ? stem : stem + " " + (round + 1).ToString(CultureInfo.InvariantCulture);
        }

        void Open(SchoolPhase phase, Locality locality, int firstYear, int lastYear)
        {
            int urn;
            do
            {
                urn = random.Next(100_000, 150_000);
            }
            while (!urns.Add(urn));

            var estab = nextEstab[phase]++;
            var stem = NextStem();
            var (name, type) = phase switch
            {
                SchoolPhase.Primary => random.Next(3) switch
                {
                    0 => (stem + " Primary Academy", "Academy converter"),
                    1 => (stem + " Primary School", "Community school"),
                    _ => (stem + " Junior and Infant School", "Voluntary aided school"),
                },
                SchoolPhase.Secondary => random.Chance(0.7) ? (stem + " Academy", "Academy sponsor led") : (stem + " High School", "Community school"),
                SchoolPhase.Special => (stem + " School", "Community special school"),
                _ => (stem + " Pupil Referral Unit", "Pupil referral unit"),
            };
            var street = locality.Streets[random.Next(locality.Streets.Count)];
            var site = new Property
            {
                Id = city.Properties.Count + city.OutOfArea.Count + 1_000_000,
                Uprn = 10_080_000_000L + urn,
                Kind = PropertyKind.School,
                BuildingName = name,
                Street = street,
                Postcode = locality.Homes[random.Next(locality.Homes.Count)].Postcode,
                DefaultTenure = Tenure.Institutional,
            };
            city.Properties.Add(site);
            var school = new School
            {
                Id = city.Schools.Count + 1,
                Urn = urn.ToString(CultureInfo.InvariantCulture),
                EstablishmentNumber = estab,
                LaEstab = city.LaCode + estab.ToString("D4", CultureInfo.InvariantCulture),
                Name = name,
                Phase = phase,
                Type = type,
                Locality = locality,
                Site = site,
                FirstYear = firstYear,
                LastYear = lastYear,
            };
            city.Schools.Add(school);
            locality.Schools.Add(school);
        }

        var localities = city.Localities;
        for (var i = 0; i < primaries; i++)
        {
            Open(SchoolPhase.Primary, localities[i % localities.Count], 0, 6);
        }

        for (var i = 0; i < secondaries; i++)
        {
            // Spread secondaries evenly across the city's localities.
            var locality = localities[(int)((i + 0.5) * localities.Count / secondaries)];
            Open(SchoolPhase.Secondary, locality, 7, random.Chance(0.6) ? 13 : 11);
        }

        for (var i = 0; i < specials; i++)
        {
            Open(SchoolPhase.Special, localities[random.Next(localities.Count)], 0, 13);
        }

        for (var i = 0; i < alternatives; i++)
        {
            Open(SchoolPhase.AlternativeProvision, city.LocalitiesByDeprivation[^(1 + (i % localities.Count))], 5, 11);
        }
    }

    /// <summary>The school a child in the given year would usually attend from a home in the locality.</summary>
    public static School? Nearest(City city, Locality locality, int year, SynthRandom random)
    {
        var phase = year <= 6 ? SchoolPhase.Primary : SchoolPhase.Secondary;
        var candidates = new List<School>();
        for (var distance = 0; distance < city.Localities.Count && candidates.Count < 2; distance++)
        {
            foreach (var index in new[] { locality.Index - distance, locality.Index + distance }.Distinct())
            {
                if (index >= 0 && index < city.Localities.Count)
                {
                    candidates.AddRange(city.Localities[index].Schools.Where(s => s.Phase == phase && s.Teaches(year)));
                }
            }
        }

        return candidates.Count == 0 ? null : candidates[random.Next(candidates.Count)];
    }
}
