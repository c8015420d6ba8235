namespace Hearth.Core.Standardisation;

/// <summary>
/// The built-in code maps a feed definition can name: <c>sex</c>, <c>ethnicity</c> and <c>yes_no</c>. Keys are matched
/// ignoring case and surrounding spaces. A feed can define its own maps too.
/// </summary>
public static class Codes
{
    /// <summary>Sex and gender codes from every source we know to M, F, U (not known) or I (indeterminate).</summary>
    public static readonly IReadOnlyDictionary<string, string> Sex = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["M"] = "M",
        ["MALE"] = "M",
        ["1"] = "M",
        ["MAN"] = "M",
        ["BOY"] = "M",
        ["F"] = "F",
        ["FEMALE"] = "F",
        ["2"] = "F",
        ["WOMAN"] = "F",
        ["GIRL"] = "F",
        ["U"] = "U",
        ["UNKNOWN"] = "U",
        ["NOT KNOWN"] = "U",
        ["0"] = "U",
        ["N"] = "U",
        ["NOT STATED"] = "U",
        ["I"] = "I",
        ["9"] = "I",
        ["INDETERMINATE"] = "I",
        ["X"] = "I",
    };

    /// <summary>Yes and no, however a system spells them, to Y and N.</summary>
    public static readonly IReadOnlyDictionary<string, string> YesNo = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Y"] = "Y",
        ["YES"] = "Y",
        ["TRUE"] = "Y",
        ["1"] = "Y",
        ["T"] = "Y",
        ["N"] = "N",
        ["NO"] = "N",
        ["FALSE"] = "N",
        ["0"] = "N",
        ["F"] = "N",
    };

    /// <summary>The DfE ethnicity codes, which map to themselves.</summary>
    public static readonly IReadOnlyList<string> EthnicityCodes =
    [
        "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
    ];

    /// <summary>
    /// DfE ethnicity codes and the census-style labels ("White - British", "Asian or Asian British - Pakistani") to DfE
    /// codes; a label's dash may also be an en or em dash ("White – British"), with or without spaces round it.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Ethnicity = BuildEthnicity();

    /// <summary>The built-in map with this name, or null.</summary>
    public static IReadOnlyDictionary<string, string>? BuiltIn(string name) => name switch
    {
        "sex" => Sex,
        "yes_no" => YesNo,
        "ethnicity" => Ethnicity,
        _ => null,
    };

    private static Dictionary<string, string> BuildEthnicity()
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var code in EthnicityCodes)
        {
            map[code] = code;
        }

        (string Label, string Code)[] labels =
        [
            ("White - British", "WBRI"), ("White - Irish", "WIRI"), ("White - Traveller of Irish heritage", "WIRT"), ("White - Gypsy/Roma", "WROM"),
            ("White - Any other White background", "WOTH"), ("Mixed - White and Black Caribbean", "MWBC"), ("Mixed - White and Black African", "MWBA"),
            ("Mixed - White and Asian", "MWAS"), ("Mixed - Any other mixed background", "MOTH"), ("Asian or Asian British - Indian", "AIND"),
            ("Asian or Asian British - Pakistani", "APKN"), ("Asian or Asian British - Bangladeshi", "ABAN"), ("Asian or Asian British - Any other Asian background", "AOTH"),
            ("Black or Black British - Caribbean", "BCRB"), ("Black or Black British - African", "BAFR"), ("Black or Black British - Any other Black background", "BOTH"),
            ("Chinese", "CHNE"), ("Any other ethnic group", "OOTH"), ("Refused", "REFU"), ("Information not yet obtained", "NOBT"), ("Not stated", "NOBT"),
        ];
        // Word processors and spreadsheets turn " - " into an en dash ("White – British"), and people type the dash
        // without spaces; each is the same label.
        string[] dashes = [" - ", " \u2013 ", " \u2014 ", "-", "\u2013", "\u2014"];
        foreach (var (label, code) in labels)
        {
            foreach (var dash in dashes)
            {
                map[label.Replace(" - ", dash, StringComparison.Ordinal)] = code;
            }
        }

        return map;
    }
}
