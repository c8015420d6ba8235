using System.Text;
using System.Text.RegularExpressions;
using Hearth.Core.Common;

namespace Hearth.Core.Addresses;

/// <summary>An address split into its parts, with a comparable key for each part that matching uses.</summary>
/// <param name="SubBuilding">Flat, apartment, room or unit ("Flat 3"): the gazetteer's secondary addressable object.</param>
/// <param name="BuildingName">A building or house name ("Kestrel House", "Rose Cottage").</param>
/// <param name="Number">The house or building number ("12", "12A").</param>
/// <param name="Street">The street ("Mill Lane").</param>
/// <param name="Locality">The locality or district.</param>
/// <param name="Town">The town or city.</param>
/// <param name="Postcode">The postcode in normal form when it is valid, else null.</param>
public sealed record ParsedAddress(string? SubBuilding, string? BuildingName, string? Number, string? Street, string? Locality, string? Town, string? Postcode)
{
    /// <summary>The street's comparable key: upper case, accents folded, street types spelt out ("MILL LANE" for "Mill Ln").</summary>
    public string? StreetKey => AddressParser.Key(Street);

    /// <summary>The sub-building's comparable key ("FLAT 3").</summary>
    public string? SubBuildingKey => AddressParser.Key(SubBuilding);

    /// <summary>The building name's comparable key.</summary>
    public string? BuildingKey => AddressParser.Key(BuildingName);
}

/// <summary>Splits addresses held as lines or as one line into their parts.</summary>
public static partial class AddressParser
{
    private static readonly Dictionary<string, string> StreetTypes = new(StringComparer.Ordinal)
    {
        ["RD"] = "ROAD",
        ["ST"] = "STREET",
        ["AVE"] = "AVENUE",
        ["AV"] = "AVENUE",
        ["CL"] = "CLOSE",
        ["LN"] = "LANE",
        ["DR"] = "DRIVE",
        ["GDNS"] = "GARDENS",
        ["CRES"] = "CRESCENT",
        ["CR"] = "CRESCENT",
        ["TERR"] = "TERRACE",
        ["TER"] = "TERRACE",
        ["PL"] = "PLACE",
        ["SQ"] = "SQUARE",
        ["GR"] = "GROVE",
        ["CT"] = "COURT",
        ["WY"] = "WAY",
        ["PK"] = "PARK",
        ["HTS"] = "HEIGHTS",
    };

    /// <summary>
    /// Parses an address from its lines (any of which may be null) and a postcode. Lines may hold several comma-separated
    /// parts: "Flat 3, Kestrel House, 12 Mill Lane". When <paramref name="postcode"/> is null, a postcode at the end of
    /// the last part is used.
    /// </summary>
    public static ParsedAddress Parse(IEnumerable<string?> lines, string? postcode, string? locality = null, string? town = null)
    {
        var parts = lines
            .Where(l => !string.IsNullOrWhiteSpace(l))
            .SelectMany(l => l!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(p => p.Length > 0)
            .ToList();

        var normalPostcode = Common.Postcode.TryParse(postcode, out var given) ? given.Value.Value : null;
        if (parts.Count > 0)
        {
            var last = parts[^1];
            var match = TrailingPostcode().Match(last);
            if (match.Success)
            {
                if (normalPostcode is null && Common.Postcode.TryParse(match.Value, out var found))
                {
                    normalPostcode = found.Value.Value;
                }

                var rest = last[..match.Index].Trim();
                if (rest.Length == 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else
                {
                    parts[^1] = rest;
                }
            }
        }

        string? subBuilding = null;
        string? building = null;
        string? number = null;
        string? street = null;
        var after = new List<string>();
        foreach (var whole in parts)
        {
            var part = whole;
            if (street is not null)
            {
                after.Add(part);
                continue;
            }

            if (subBuilding is null && SubBuildingPattern().Match(part) is { Success: true } flat)
            {
                // "Flat 3 Kestrel House": the flat, then the building it is in.
                subBuilding = flat.Value.Trim();
                var rest = part[flat.Length..].Trim();
                if (rest.Length == 0)
                {
                    continue;
                }

                part = rest;
            }

            var numbered = NumberedStreet().Match(part);
            if (numbered.Success)
            {
                number = numbered.Groups["number"].Value;
                street = numbered.Groups["street"].Value;
                continue;
            }

            if (NumberOnly().IsMatch(part))
            {
                number = part;
                continue;
            }

            if (number is not null || LooksLikeStreet(part))
            {
                street = part;
                continue;
            }

            building = building is null ? part : building + ", " + part;
        }

        locality ??= after.Count >= 2 ? after[0] : null;
        town ??= after.Count >= 1 ? after[^1] : null;
        if (after.Count == 1 && locality is not null && town == locality)
        {
            town = null;
        }

        return new ParsedAddress(subBuilding, building, number?.ToUpperInvariant(), street, locality, town, normalPostcode);
    }

    /// <summary>The postcode-like text at the end of a one-line address, valid or not ("QF1 2AB"), or null when there is none.</summary>
    public static string? TrailingPostcodeText(string line)
    {
        var match = TrailingPostcode().Match(line.Trim());
        return match.Success ? match.Value : null;
    }

    /// <summary>Upper case, accents folded, punctuation removed, single spaces, and abbreviated street types spelt out.</summary>
    public static string? Key(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var folded = Latin.ToAscii(text, unknown: string.Empty).ToUpperInvariant();
        var builder = new StringBuilder(folded.Length);
        foreach (var ch in folded)
        {
            // An apostrophe joins ("St John's" is "ST JOHNS"); other punctuation separates.
            if (ch != '\'')
            {
                builder.Append(char.IsAsciiLetterOrDigit(ch) ? ch : ' ');
            }
        }

        var words = builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            if (i == words.Length - 1 && StreetTypes.TryGetValue(words[i], out var full))
            {
                words[i] = full;
            }
        }

        return words.Length == 0 ? null : string.Join(' ', words);
    }

    private static bool LooksLikeStreet(string part)
    {
        var key = Key(part);
        if (key is null)
        {
            return false;
        }

        var lastWord = key[(key.LastIndexOf(' ') + 1)..];
        return lastWord is "ROAD" or "STREET" or "AVENUE" or "CLOSE" or "LANE" or "DRIVE" or "GARDENS" or "CRESCENT" or "TERRACE" or "PLACE"
            or "SQUARE" or "GROVE" or "WAY" or "WALK" or "RISE" or "MEWS" or "ROW" or "HILL" or "GREEN" or "PARADE";
    }

    [GeneratedRegex(@"[A-Za-z]{1,2}[0-9][A-Za-z0-9]?\s*[0-9][A-Za-z]{2}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex TrailingPostcode();

    [GeneratedRegex(@"^(flat|apartment|apt|room|unit|maisonette|studio)\b\.?\s*([0-9]+[A-Za-z]?|[A-Za-z])?\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SubBuildingPattern();

    [GeneratedRegex(@"^(?<number>[0-9]+[A-Za-z]?(-[0-9]+)?)\s+(?<street>\D.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex NumberedStreet();

    [GeneratedRegex(@"^[0-9]+[A-Za-z]?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex NumberOnly();
}
