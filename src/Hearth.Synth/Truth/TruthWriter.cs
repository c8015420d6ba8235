using System.Globalization;
using System.Text;
using Hearth.Synth.World;

namespace Hearth.Synth.Truth;

/// <summary>
/// Writes the ground truth, in a folder apart from the feeds: every person, who lived with whom and where, family
/// membership and roles, relationships, peer networks, care placements and family needs, all over time.
/// </summary>
public static class TruthWriter
{
    public static void Write(City city, string directory)
    {
        WritePeople(city, Path.Combine(directory, "people.csv"));
        WriteHouseholds(city, Path.Combine(directory, "households.csv"));
        WriteFamilies(city, Path.Combine(directory, "families.csv"));
        WriteRelationships(city, Path.Combine(directory, "relationships.csv"));
        WriteNetworks(city, Path.Combine(directory, "networks.csv"));
        WritePlacements(city, Path.Combine(directory, "placements.csv"));
        WriteNeeds(city, Path.Combine(directory, "family_needs.csv"));
    }

    private static void WritePeople(City city, string path)
    {
        using var w = Writer(path);
        w.WriteLine("person_id,forenames,known_as,surname,previous_surname,surname_changed_on,sex,birth_date,death_date,nhs_number,upn,uln,nino,ethnicity,language,tradition,mother_id,father_id,mobile,email");
        foreach (var p in city.People)
        {
            Row(w, p.TruthId, p.FullForenames, p.KnownAsForename, p.Surname, p.PreviousSurname, Iso(p.SurnameChangedOn), p.Sex == Sex.Male ? "M" : "F", Iso(p.BirthDate),
                Iso(p.DeathDate), p.NhsNumber, p.Upn, p.Uln, p.Nino, p.Ethnicity, p.Language, p.Tradition.Id, p.Mother?.TruthId, p.Father?.TruthId, p.Mobile, p.Email);
        }
    }

    private static void WriteHouseholds(City city, string path)
    {
        using var w = Writer(path);
        w.WriteLine("household_id,person_id,role,uprn,postcode,from,to");
        foreach (var m in city.Truth.Households.Where(m => m.To is null || m.To > m.From))
        {
            Row(w, m.Unit.HouseholdTruthId, m.Person.TruthId, m.Role,
                m.Property!.OutOfArea ? null : m.Property.Uprn.ToString(CultureInfo.InvariantCulture), m.Property.Postcode, Iso(m.From), Iso(m.To));
        }
    }

    private static void WriteFamilies(City city, string path)
    {
        using var w = Writer(path);
        w.WriteLine("family_id,family_type,person_id,role,from,to");
        foreach (var m in city.Truth.Families.Where(m => m.Unit.EverFamily && (m.To is null || m.To > m.From)))
        {
            Row(w, m.Unit.FamilyTruthId, m.Unit.Kind.ToString(), m.Person.TruthId, m.Role, Iso(m.From), Iso(m.To));
        }
    }

    /// <summary>Relationships derived from parentage, partnerships and placements, each with the dates it held.</summary>
    private static void WriteRelationships(City city, string path)
    {
        using var w = Writer(path);
        w.WriteLine("person_a,person_b,relationship,from,to");
        var children = new Dictionary<Person, List<Person>>();
        foreach (var p in city.People)
        {
            foreach (var parent in new[] { p.Mother, p.Father })
            {
                if (parent is null)
                {
                    continue;
                }

                Row(w, parent.TruthId, p.TruthId, parent.Sex == Sex.Female ? "mother_of" : "father_of", Iso(p.BirthDate), null);
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }

                list.Add(p);
                foreach (var grandparent in new[] { parent.Mother, parent.Father })
                {
                    if (grandparent is not null)
                    {
                        Row(w, grandparent.TruthId, p.TruthId, "grandparent_of", Iso(p.BirthDate), null);
                    }
                }
            }
        }

        // Siblings: full when both parents are shared, half when one is.
        var pairs = new HashSet<(int, int)>();
        foreach (var (_, list) in children.OrderBy(kv => kv.Key.Id))
        {
            for (var i = 0; i < list.Count; i++)
            {
                for (var j = i + 1; j < list.Count; j++)
                {
                    var (a, b) = list[i].Id < list[j].Id ? (list[i], list[j]) : (list[j], list[i]);
                    if (!pairs.Add((a.Id, b.Id)))
                    {
                        continue;
                    }

                    var full = a.Mother is not null && a.Mother == b.Mother && a.Father is not null && a.Father == b.Father;
                    var later = a.BirthDate > b.BirthDate ? a.BirthDate : b.BirthDate;
                    Row(w, a.TruthId, b.TruthId, full ? "sibling_of" : "half_sibling_of", Iso(later), null);
                }
            }
        }

        // Partners, step-parents and step-siblings, for as long as the partnership lasted.
        foreach (var partnership in city.Truth.Partnerships)
        {
            Row(w, partnership.A.TruthId, partnership.B.TruthId, "partner_of", Iso(partnership.From), Iso(partnership.To));
            var aChildren = children.GetValueOrDefault(partnership.A) ?? [];
            var bChildren = children.GetValueOrDefault(partnership.B) ?? [];
            // A child born after the partnership ended was never the other partner's stepchild.
            bool During(DateOnly from) => partnership.To is null || from < partnership.To;
            foreach (var child in aChildren.Where(c => !bChildren.Contains(c) && During(Later(partnership.From, c.BirthDate))))
            {
                Row(w, partnership.B.TruthId, child.TruthId, "step_parent_of", Iso(Later(partnership.From, child.BirthDate)), Iso(partnership.To));
            }

            foreach (var child in bChildren.Where(c => !aChildren.Contains(c) && During(Later(partnership.From, c.BirthDate))))
            {
                Row(w, partnership.A.TruthId, child.TruthId, "step_parent_of", Iso(Later(partnership.From, child.BirthDate)), Iso(partnership.To));
            }

            foreach (var a in aChildren.Where(c => !bChildren.Contains(c)))
            {
                foreach (var b in bChildren.Where(c => !aChildren.Contains(c)))
                {
                    if (a == b || (a.Mother is not null && a.Mother == b.Mother) || (a.Father is not null && a.Father == b.Father))
                    {
                        continue;
                    }

                    var (first, second) = a.Id < b.Id ? (a, b) : (b, a);
                    var from = Later(partnership.From, Later(a.BirthDate, b.BirthDate));
                    if (During(from))
                    {
                        Row(w, first.TruthId, second.TruthId, "step_sibling_of", Iso(from), Iso(partnership.To));
                    }
                }
            }
        }

        foreach (var placement in city.Truth.Placements.Where(p => p.Carers is { Kind: UnitKind.FosterCarers or UnitKind.Couple or UnitKind.OnePerson }))
        {
            foreach (var carer in placement.Carers!.Members.Where(m => m.BirthDate < placement.From.AddYears(-18)))
            {
                Row(w, carer.TruthId, placement.Child.TruthId, "foster_carer_of", Iso(placement.From), Iso(placement.To));
            }
        }
    }

    private static void WriteNetworks(City city, string path)
    {
        using var w = Writer(path);
        w.WriteLine("network_id,person_id,role,from,to");
        foreach (var network in city.Networks)
        {
            foreach (var m in network.Memberships)
            {
                Row(w, network.TruthId, m.Person.TruthId, m.Role, Iso(m.From), Iso(m.To));
            }
        }
    }

    private static void WritePlacements(City city, string path)
    {
        using var w = Writer(path);
        w.WriteLine("person_id,placement,carers_household_id,uprn,postcode,from,to");
        foreach (var p in city.Truth.Placements)
        {
            Row(w, p.Child.TruthId, p.PlacementCode, p.Carers?.HouseholdTruthId, p.Address.OutOfArea ? null : p.Address.Uprn.ToString(CultureInfo.InvariantCulture), p.Address.Postcode, Iso(p.From), Iso(p.To));
        }
    }

    private static void WriteNeeds(City city, string path)
    {
        using var w = Writer(path);
        w.WriteLine("family_id,household_id,need,headline,carrier_person_id,liability,from,to");
        foreach (var n in city.Truth.Needs)
        {
            Row(w, n.Unit.FamilyTruthId, n.Unit.HouseholdTruthId, NeedKinds.Code(n.Need), NeedKinds.Headline(n.Need), n.Carrier?.TruthId,
                n.Liability.ToString("0.###", CultureInfo.InvariantCulture), Iso(n.From), Iso(n.To));
        }
    }

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    private static StreamWriter Writer(string path) => new(path, append: false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };

    private static string? Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void Row(StreamWriter w, params string?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                w.Write(',');
            }

            w.Write(Noise.Csv.Escape(values[i] ?? string.Empty));
        }

        w.WriteLine();
    }
}
