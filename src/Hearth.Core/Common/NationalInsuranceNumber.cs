using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Hearth.Core.Common;

/// <summary>A National Insurance number in a valid format. NI numbers have no check digit.</summary>
/// <remarks>
/// Format: <c>^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]?$</c>. The suffix letter is
/// optional because many systems drop it. <c>QQ123456C</c>, the conventional example, fails on purpose.
/// </remarks>
public readonly partial record struct NationalInsuranceNumber
{
    /// <summary>First letters a NINO may start with.</summary>
    public const string FirstLetters = "ABCEGHJKLMNOPRSTWXYZ";

    /// <summary>Second letters a NINO may have.</summary>
    public const string SecondLetters = "ABCEGHJKLMNPRSTWXYZ";

    /// <summary>Prefixes that are never issued.</summary>
    public static readonly IReadOnlyList<string> ExcludedPrefixes = ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"];

    private NationalInsuranceNumber(string value) => Value = value;

    /// <summary>The number, upper case, without spaces.</summary>
    public string Value { get; }

    /// <summary>True when the text (spaces allowed) has a valid NINO format.</summary>
    public static bool IsValid(string? text) => TryParse(text, out _);

    /// <summary>Parses a NINO, accepting spaces and lower case.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out NationalInsuranceNumber? nino)
    {
        nino = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var compact = text.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        if (!Pattern().IsMatch(compact))
        {
            return false;
        }

        nino = new NationalInsuranceNumber(compact);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Value;

    [GeneratedRegex("^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Pattern();
}
