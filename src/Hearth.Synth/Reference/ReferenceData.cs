using System.Reflection;
using System.Text.Json;
using Hearth.Synth.Randomness;
using Hearth.Synth.World;

namespace Hearth.Synth.Reference;

public enum SurnameRule
{
    Paternal,
    Sikh,
    Bangladeshi,
    SomaliPatronymic,
    IberianDouble,
}

/// <summary>A surname with its male and female forms (the same for most surnames; Kowalski/Kowalska for some).</summary>
public sealed record SurnameForms(string Male, string Female)
{
    public string For(Sex sex) => sex == Sex.Male ? Male : Female;
}

/// <summary>A naming tradition: the names, ethnicities, languages and naming conventions of some of the city's families.</summary>
public sealed class Tradition
{
    public required string Id { get; init; }

    public required string Label { get; init; }

    public required int Weight { get; init; }

    public required WeightedTable<string> Ethnicities { get; init; }

    public required WeightedTable<string> Languages { get; init; }

    public required SurnameRule SurnameRule { get; init; }

    public required double WifeTakesHusbandSurname { get; init; }

    public required WeightedTable<int> MiddleNameCounts { get; init; }

    /// <summary>Names such as Mohammed given as a boy's first forename, with the probability of any of them.</summary>
    public WeightedTable<string>? MalePrefixNames { get; init; }

    public double MalePrefixProbability { get; init; }

    /// <summary>Forenames by sex and birth band (before 1975, 1975 to 1999, 2000 on).</summary>
    public required WeightedTable<string>[,] Forenames { get; init; }

    public required WeightedTable<SurnameForms> Surnames { get; init; }

    /// <summary>Surnames used by women in some traditions (Begum, Kaur is handled by the Sikh rule).</summary>
    public WeightedTable<string>? FemaleSurnames { get; init; }

    public WeightedTable<string> ForenamesFor(Sex sex, int birthYear) =>
        Forenames[(int)sex, birthYear < 1975 ? 0 : birthYear < 2000 ? 1 : 2];

    public override string ToString() => Id;
}

/// <summary>The embedded reference lists: naming traditions, name variants and the city's places.</summary>
public sealed class ReferenceData
{
    private static readonly Lazy<ReferenceData> Loaded = new(Load);

    public static ReferenceData Instance => Loaded.Value;

    public required IReadOnlyList<Tradition> Traditions { get; init; }

    public required WeightedTable<Tradition> TraditionTable { get; init; }

    /// <summary>Formal forename to its nicknames and short forms.</summary>
    public required IReadOnlyDictionary<string, string[]> Nicknames { get; init; }

    /// <summary>Any spelling to the other spellings of the same name.</summary>
    public required IReadOnlyDictionary<string, string[]> Transliterations { get; init; }

    public required Places Places { get; init; }

    public Tradition Tradition(string id) => Traditions.First(t => t.Id == id);

    private static ReferenceData Load()
    {
        using var traditionsDoc = ReadResource("name-traditions.json");
        using var variantsDoc = ReadResource("name-variants.json");
        using var placesDoc = ReadResource("places.json");

        var traditions = traditionsDoc.RootElement.GetProperty("traditions").EnumerateArray().Select(ParseTradition).ToList();

        var nicknames = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var entry in variantsDoc.RootElement.GetProperty("nicknames").EnumerateObject())
        {
            nicknames[entry.Name] = entry.Value.EnumerateArray().Select(v => v.GetString()!).ToArray();
        }

        var transliterations = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var group in variantsDoc.RootElement.GetProperty("transliterations").EnumerateArray())
        {
            var spellings = group.EnumerateArray().Select(v => v.GetString()!).Distinct(StringComparer.Ordinal).ToArray();
            foreach (var spelling in spellings)
            {
                var others = spellings.Where(s => s != spelling);
                transliterations[spelling] = transliterations.TryGetValue(spelling, out var existing)
                    ? [.. existing.Union(others, StringComparer.Ordinal)]
                    : [.. others];
            }
        }

        var root = placesDoc.RootElement;
        var places = new Places
        {
            City = root.GetProperty("city").GetString()!,
            Localities = Strings(root.GetProperty("localities")),
            StreetStems = Strings(root.GetProperty("street_stems")),
            StreetTypes = Weighted(root.GetProperty("street_types")),
            HouseNames = Strings(root.GetProperty("house_names")),
            BlockStems = Strings(root.GetProperty("block_stems")),
            BlockTypes = Weighted(root.GetProperty("block_types")),
            SchoolStems = Strings(root.GetProperty("school_stems")),
            GpPracticeStems = Strings(root.GetProperty("gp_practice_stems")),
            OutOfAreaTowns = Strings(root.GetProperty("out_of_area_towns")),
        };

        return new ReferenceData
        {
            Traditions = traditions,
            TraditionTable = new WeightedTable<Tradition>(traditions.Select(t => (t, t.Weight))),
            Nicknames = nicknames,
            Transliterations = transliterations,
            Places = places,
        };
    }

    private static Tradition ParseTradition(JsonElement t)
    {
        var forenames = new WeightedTable<string>[2, 3];
        string[] bands = ["born_before_1975", "born_1975_1999", "born_2000_on"];
        foreach (var (sexName, sex) in new[] { ("male", 0), ("female", 1) })
        {
            var bySex = t.GetProperty("forenames").GetProperty(sexName);
            for (var band = 0; band < 3; band++)
            {
                forenames[sex, band] = Weighted(bySex.GetProperty(bands[band]));
            }
        }

        var prefixes = t.TryGetProperty("male_prefix_names", out var prefixElement) && prefixElement.GetArrayLength() > 0
            ? prefixElement.EnumerateArray().Select(e => (Name: e[0].GetString()!, Weight: e[1].GetInt32())).ToList()
            : [];

        return new Tradition
        {
            Id = t.GetProperty("id").GetString()!,
            Label = t.GetProperty("label").GetString()!,
            Weight = t.GetProperty("weight").GetInt32(),
            Ethnicities = Weighted(t.GetProperty("ethnicity")),
            Languages = Weighted(t.GetProperty("languages")),
            SurnameRule = t.GetProperty("surname_rule").GetString() switch
            {
                "paternal" => SurnameRule.Paternal,
                "sikh" => SurnameRule.Sikh,
                "bangladeshi" => SurnameRule.Bangladeshi,
                "somali_patronymic" => SurnameRule.SomaliPatronymic,
                "iberian_double" => SurnameRule.IberianDouble,
                var other => throw new InvalidDataException($"Unknown surname rule '{other}'."),
            },
            WifeTakesHusbandSurname = t.GetProperty("wife_takes_husband_surname").GetDouble(),
            MiddleNameCounts = new WeightedTable<int>(t.GetProperty("middle_names").EnumerateArray().Select(e => (e[0].GetInt32(), e[1].GetInt32()))),
            MalePrefixNames = prefixes.Count == 0 ? null : new WeightedTable<string>(prefixes.Select(p => (p.Name, p.Weight))),
            MalePrefixProbability = Math.Min(1.0, prefixes.Sum(p => p.Weight) / 100.0),
            Forenames = forenames,
            Surnames = new WeightedTable<SurnameForms>(t.GetProperty("surnames").EnumerateArray().Select(e =>
            {
                var text = e[0].GetString()!;
                var slash = text.IndexOf('/', StringComparison.Ordinal);
                var forms = slash < 0 ? new SurnameForms(text, text) : new SurnameForms(text[..slash], text[(slash + 1)..]);
                return (forms, e[1].GetInt32());
            })),
            FemaleSurnames = t.TryGetProperty("female_surnames", out var female) ? Weighted(female) : null,
        };
    }

    private static WeightedTable<string> Weighted(JsonElement array) =>
        new(array.EnumerateArray().Select(e => (e[0].GetString()!, e[1].GetInt32())));

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    private static JsonDocument ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Hearth.Synth.Data.{name}")
            ?? throw new InvalidOperationException($"The embedded reference file {name} is missing from Hearth.Synth.");
        return JsonDocument.Parse(stream);
    }
}

public sealed class Places
{
    public required string City { get; init; }

    public required string[] Localities { get; init; }

    public required string[] StreetStems { get; init; }

    public required WeightedTable<string> StreetTypes { get; init; }

    public required string[] HouseNames { get; init; }

    public required string[] BlockStems { get; init; }

    public required WeightedTable<string> BlockTypes { get; init; }

    public required string[] SchoolStems { get; init; }

    public required string[] GpPracticeStems { get; init; }

    public required string[] OutOfAreaTowns { get; init; }
}
