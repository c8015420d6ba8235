using System.Globalization;

namespace Hearth.Core.Rules;

/// <summary>
/// One way of dividing the scored population for the fairness report (sex, ethnicity, SEN, age band): its name, the
/// order its groups are shown in, and how a sentence names the people in a group. A missing or unknown value is its own
/// group, <see cref="NotRecorded"/>, shown last.
/// </summary>
public sealed class FairnessDimension
{
    /// <summary>The group of subjects with no value recorded for a dimension.</summary>
    public const string NotRecorded = "not recorded";

    // Declared first: the dimensions below are built from them when the type initialises.
    // The census labels of the DfE codes (Hearth.Core.Standardisation.Codes maps the same labels to them), in the
    // DfE's order; REFU and NOBT say that nothing was recorded.
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["WBRI"] = "White - British",
        ["WIRI"] = "White - Irish",
        ["WIRT"] = "White - Traveller of Irish heritage",
        ["WROM"] = "White - Gypsy/Roma",
        ["WOTH"] = "White - any other White background",
        ["MWBC"] = "Mixed - White and Black Caribbean",
        ["MWBA"] = "Mixed - White and Black African",
        ["MWAS"] = "Mixed - White and Asian",
        ["MOTH"] = "Mixed - any other mixed background",
        ["AIND"] = "Asian - Indian",
        ["APKN"] = "Asian - Pakistani",
        ["ABAN"] = "Asian - Bangladeshi",
        ["AOTH"] = "Asian - any other Asian background",
        ["BCRB"] = "Black - Caribbean",
        ["BAFR"] = "Black - African",
        ["BOTH"] = "Black - any other Black background",
        ["CHNE"] = "Chinese",
        ["OOTH"] = "any other ethnic group",
    };

    private static readonly Dictionary<string, string> MainGroups = Labels.Keys.ToDictionary(
        code => code,
        code => code switch
        {
            "CHNE" => "Chinese",
            "OOTH" => "any other ethnic group",
            _ => code[0] switch
            {
                'W' => "White",
                'M' => "Mixed",
                'A' => "Asian or Asian British",
                _ => "Black or Black British",
            },
        },
        StringComparer.Ordinal);

    private readonly Dictionary<string, int> _order;
    private readonly Func<string, string> _who;

    private FairnessDimension(string name, IReadOnlyList<string> order, Func<string, string> who)
    {
        Name = name;
        _order = order.Select((g, i) => (g, i)).ToDictionary(x => x.g, x => x.i, StringComparer.Ordinal);
        _who = who;
    }

    /// <summary>The dimension's name as the report shows it, for example "sex".</summary>
    public string Name { get; }

    /// <summary>Sex as the golden record holds it (M, F, I; U or nothing is not recorded).</summary>
    public static FairnessDimension Sex { get; } = new("sex", ["female", "male", "indeterminate"],
        g => g == NotRecorded ? "People with no sex recorded" : $"People recorded as {g}");

    /// <summary>The DfE's main ethnic groups (White, Mixed, Asian, Black, Chinese, any other), from the detailed code.</summary>
    public static FairnessDimension EthnicGroup { get; } = new("ethnic group", [.. MainGroups.Values.Distinct(StringComparer.Ordinal)],
        g => g == NotRecorded ? "People with no ethnicity recorded" : $"People recorded as {g}");

    /// <summary>The DfE's detailed ethnicity codes, by their census labels.</summary>
    public static FairnessDimension Ethnicity { get; } = new("ethnicity", [.. Labels.Values],
        g => g == NotRecorded ? "People with no ethnicity recorded" : $"People recorded as {g}");

    /// <summary>SEN provision at the latest school census return: an EHCP (E), SEN support (K) or none (N).</summary>
    public static FairnessDimension Sen { get; } = new("SEN", ["EHCP", "SEN support", "no SEN"], g => g switch
    {
        "EHCP" => "People with an EHCP",
        "SEN support" => "People on SEN support",
        "no SEN" => "People with no SEN",
        NotRecorded => "People with no SEN status recorded",
        _ => $"People with SEN provision {g}",
    });

    /// <summary>The dimensions of the fairness report, in the order it shows them, with the given age bands.</summary>
    public static IReadOnlyList<FairnessDimension> All(IReadOnlyList<int> ageBands) => [Sex, EthnicGroup, Ethnicity, Sen, AgeBand(ageBands)];

    /// <summary>Age in whole years at the evaluation date, in bands starting at each of <paramref name="lowerBounds"/> (the first must be 0).</summary>
    public static FairnessDimension AgeBand(IReadOnlyList<int> lowerBounds)
    {
        CheckBands(lowerBounds);
        return new("age band", [.. lowerBounds.Select((_, i) => BandLabel(lowerBounds, i))],
            g => g == NotRecorded ? "People with no date of birth recorded" : $"People aged {g}");
    }

    /// <summary>How a sentence names the people in a group, for example "People recorded as male".</summary>
    public string Who(string group) => _who(group);

    /// <summary>The groups in the order the report shows them: the known ones in their order, others by name, not recorded last.</summary>
    public IEnumerable<string> Ordered(IEnumerable<string> groups) =>
        groups.OrderBy(g => g == NotRecorded ? 2 : _order.ContainsKey(g) ? 0 : 1).ThenBy(g => _order.GetValueOrDefault(g)).ThenBy(g => g, StringComparer.Ordinal);

    /// <summary>The sex group of a standardised sex code (M, F, I); U (not known) and anything else is not recorded.</summary>
    public static string SexOf(string? code) => code?.Trim().ToUpperInvariant() switch
    {
        "F" => "female",
        "M" => "male",
        "I" => "indeterminate",
        _ => NotRecorded,
    };

    /// <summary>The detailed ethnicity group of a DfE code; REFU (refused), NOBT (not obtained) and nothing are not recorded.</summary>
    public static string EthnicityOf(string? code) =>
        code is not null && Labels.TryGetValue(code.Trim().ToUpperInvariant(), out var label) ? label : NotRecorded;

    /// <summary>The main ethnic group of a DfE code.</summary>
    public static string EthnicGroupOf(string? code) =>
        code is not null && MainGroups.TryGetValue(code.Trim().ToUpperInvariant(), out var group) ? group : NotRecorded;

    /// <summary>The SEN group of a school census SEN provision code (E, K, N).</summary>
    public static string SenOf(string? provision) => provision?.Trim().ToUpperInvariant() switch
    {
        "E" => "EHCP",
        "K" => "SEN support",
        "N" => "no SEN",
        _ => NotRecorded,
    };

    /// <summary>The age band of a person at a date; not recorded without a date of birth or with one after the date.</summary>
    public static string AgeBandOf(DateOnly? dateOfBirth, DateOnly asOf, IReadOnlyList<int> lowerBounds)
    {
        ArgumentNullException.ThrowIfNull(lowerBounds);
        if (dateOfBirth is not { } dob || dob > asOf)
        {
            return NotRecorded;
        }

        // Whole years as the rule engine counts them (Subject.AgeOn), so a band and a cohort agree on a birthday.
        var age = asOf.Year - dob.Year;
        if (asOf.Month < dob.Month || (asOf.Month == dob.Month && asOf.Day < dob.Day))
        {
            age--;
        }

        var band = 0;
        for (var i = 0; i < lowerBounds.Count; i++)
        {
            if (age >= lowerBounds[i])
            {
                band = i;
            }
        }

        return BandLabel(lowerBounds, band);
    }

    private static string BandLabel(IReadOnlyList<int> bounds, int i)
    {
        var from = bounds[i].ToString(CultureInfo.InvariantCulture);
        if (i == bounds.Count - 1)
        {
            return from + "+";
        }

        var to = bounds[i + 1] - 1;
        return to == bounds[i] ? from : $"{from}-{to.ToString(CultureInfo.InvariantCulture)}";
    }

    internal static void CheckBands(IReadOnlyList<int> bounds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        if (bounds.Count == 0 || bounds[0] != 0 || bounds.Zip(bounds.Skip(1)).Any(p => p.Second <= p.First))
        {
            throw new ArgumentException("Age bands are the ages each band starts at, from 0 and rising, for example 0, 5, 11, 16, 18.", nameof(bounds));
        }
    }
}
