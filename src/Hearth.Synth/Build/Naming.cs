using Hearth.Synth.Randomness;
using Hearth.Synth.Reference;
using Hearth.Synth.World;

namespace Hearth.Synth.Build;

/// <summary>Gives people names the way their families' traditions do.</summary>
public sealed class Naming
{
    private readonly Dictionary<string, SurnameForms> _gendered = new(StringComparer.Ordinal);

    public Naming(ReferenceData reference)
    {
        foreach (var tradition in reference.Traditions)
        {
            foreach (var forms in tradition.Surnames.Items.Where(f => f.Male != f.Female))
            {
                _gendered[forms.Male] = forms;
                _gendered[forms.Female] = forms;
            }
        }
    }

    /// <summary>Forenames for a new person; <paramref name="knownAs"/> is the index of the name they go by.</summary>
    public static string[] Forenames(Tradition tradition, Sex sex, int birthYear, SynthRandom random, out int knownAs)
    {
        var table = tradition.ForenamesFor(sex, birthYear);
        var names = new List<string>(4);
        knownAs = 0;
        if (sex == Sex.Male && tradition.MalePrefixNames is not null && random.Chance(tradition.MalePrefixProbability))
        {
            names.Add(tradition.MalePrefixNames.Pick(random));
            knownAs = 1;
        }

        names.Add(PickDistinct(table, names, random));
        var middles = tradition.MiddleNameCounts.Pick(random);
        if (knownAs == 1)
        {
            middles = Math.Max(0, middles - 1);
        }

        for (var i = 0; i < middles; i++)
        {
            names.Add(PickDistinct(table, names, random));
        }

        if (tradition.SurnameRule == SurnameRule.Sikh)
        {
            names.Add(sex == Sex.Male ? "Singh" : "Kaur");
        }

        return [.. names];
    }

    /// <summary>The surname of an adult whose parents the city does not hold.</summary>
    public static string AdultSurname(Tradition tradition, Sex sex, SynthRandom random)
    {
        switch (tradition.SurnameRule)
        {
            case SurnameRule.Sikh:
                return random.Chance(0.7) ? tradition.Surnames.Pick(random).For(sex) : sex == Sex.Male ? "Singh" : "Kaur";
            case SurnameRule.Bangladeshi when sex == Sex.Female && tradition.FemaleSurnames is not null && random.Chance(0.6):
                return tradition.FemaleSurnames.Pick(random);
            case SurnameRule.IberianDouble:
                return tradition.Surnames.Pick(random).For(sex) + " " + tradition.Surnames.Pick(random).For(sex);
            default:
                if (sex == Sex.Female && tradition.FemaleSurnames is not null && random.Chance(0.3))
                {
                    return tradition.FemaleSurnames.Pick(random);
                }

                return tradition.Surnames.Pick(random).For(sex);
        }
    }

    /// <summary>
    /// A child's surname from their parents' names. <paramref name="fatherSurname"/> and <paramref name="fatherForename"/>
    /// may describe a father the city does not hold.
    /// </summary>
    public string ChildSurname(Tradition tradition, Sex sex, string? fatherSurname, string? fatherForename, string motherSurname, bool parentsTogether, SynthRandom random)
    {
        switch (tradition.SurnameRule)
        {
            case SurnameRule.SomaliPatronymic when fatherForename is not null:
                return fatherForename;
            case SurnameRule.IberianDouble:
                var paternal = FirstWord(fatherSurname ?? motherSurname);
                var maternal = FirstWord(motherSurname);
                return paternal == maternal ? paternal : paternal + " " + maternal;
            case SurnameRule.Bangladeshi:
                if (sex == Sex.Female && tradition.FemaleSurnames is not null && random.Chance(0.5))
                {
                    return tradition.FemaleSurnames.Pick(random);
                }

                if (random.Chance(0.35))
                {
                    return tradition.Surnames.Pick(random).For(sex);
                }

                break;
        }

        if (fatherSurname is null || (!parentsTogether && random.Chance(0.5)))
        {
            return Gendered(motherSurname, sex);
        }

        if (!parentsTogether && random.Chance(0.08) && motherSurname != fatherSurname)
        {
            return FirstWord(motherSurname) + "-" + FirstWord(Gendered(fatherSurname, sex));
        }

        return Gendered(fatherSurname, sex);
    }

    /// <summary>The form of a surname for the given sex (Kowalski for a man, Kowalska for a woman).</summary>
    public string Gendered(string surname, Sex sex) =>
        _gendered.TryGetValue(surname, out var forms) ? forms.For(sex) : surname;

    /// <summary>Ethnicity for a child of two parents: the parents' shared code, or the mixed code that fits.</summary>
    public static string ChildEthnicity(string? mother, string? father, Tradition tradition, SynthRandom random)
    {
        if (mother is null || father is null || mother == father)
        {
            return mother ?? father ?? tradition.Ethnicities.Pick(random);
        }

        static bool IsWhite(string code) => code.StartsWith('W');
        var (white, other) = IsWhite(mother) ? (mother, father) : IsWhite(father) ? (father, mother) : (null, null);
        if (white is null || other is null)
        {
            return "MOTH";
        }

        return other switch
        {
            "BCRB" => "MWBC",
            "BAFR" => "MWBA",
            _ when other.StartsWith('A') => "MWAS",
            _ when IsWhite(other) => random.Chance(0.5) ? white : other,
            _ => "MOTH",
        };
    }

    private static string FirstWord(string surname)
    {
        var space = surname.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? surname : surname[..space];
    }

    private static string PickDistinct(WeightedTable<string> table, List<string> taken, SynthRandom random)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var name = table.Pick(random);
            if (!taken.Contains(name))
            {
                return name;
            }
        }

        return table.Pick(random);
    }
}
