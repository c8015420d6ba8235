using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Hearth.Core.Common;

/// <summary>A UK postcode in normal form: upper case with one space before the last three characters.</summary>
/// <remarks>
/// Valid when the normal form matches <c>^[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2}$</c>, or is one of the
/// special cases <c>GIR 0AA</c> and <c>ZZ99 3VZ</c> (no fixed abode).
/// </remarks>
public readonly partial record struct Postcode
{
    /// <summary>The postcode used for people of no fixed abode.</summary>
    public const string NoFixedAbode = "ZZ99 3VZ";

    /// <summary>Letters allowed in the last two places of the inward code.</summary>
    public const string InwardLetters = "ABDEFGHJLNPQRSTUWXYZ";

    private Postcode(string value) => Value = value;

    /// <summary>The normal form, for example <c>HF1 2AB</c>.</summary>
    public string Value { get; }

    /// <summary>The outward code (area and district), for example <c>HF1</c>.</summary>
    public string Outward => Value[..Value.IndexOf(' ', StringComparison.Ordinal)];

    /// <summary>The sector, for example <c>HF1 2</c>.</summary>
    public string Sector => Value[..(Value.IndexOf(' ', StringComparison.Ordinal) + 2)];

    /// <summary>The area letters, for example <c>HF</c>.</summary>
    public string Area
    {
        get
        {
            var outward = Outward;
            var letters = 0;
            while (letters < outward.Length && char.IsAsciiLetter(outward[letters]))
            {
                letters++;
            }

            return outward[..letters];
        }
    }

    /// <summary>
    /// Upper-cases, removes all whitespace and puts one space before the last three characters.
    /// Returns the input trimmed when it is too short to be a postcode.
    /// </summary>
    public static string Normalise(string text)
    {
        Span<char> buffer = stackalloc char[Math.Min(text.Length, 64)];
        var written = 0;
        foreach (var ch in text.AsSpan(0, Math.Min(text.Length, 64)))
        {
            if (!char.IsWhiteSpace(ch))
            {
                buffer[written++] = char.ToUpperInvariant(ch);
            }
        }

        if (written < 5)
        {
            return text.Trim();
        }

        var compact = buffer[..written];
        return string.Concat(compact[..^3], " ", compact[^3..]);
    }

    /// <summary>True when the normalised text is a valid postcode.</summary>
    public static bool IsValid(string? text) => TryParse(text, out _);

    /// <summary>Normalises and validates a postcode.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Postcode? postcode)
    {
        postcode = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var normal = Normalise(text);
        if (normal is "GIR 0AA" or NoFixedAbode || Pattern().IsMatch(normal))
        {
            postcode = new Postcode(normal);
            return true;
        }

        return false;
    }

    /// <inheritdoc />
    public override string ToString() => Value;

    [GeneratedRegex("^[A-PR-UWYZ][A-HK-Y]?[0-9][A-Z0-9]? [0-9][ABD-HJLNP-UW-Z]{2}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Pattern();
}
