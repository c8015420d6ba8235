using System.Diagnostics.CodeAnalysis;

namespace Hearth.Core.Common;

/// <summary>A ten-digit Unique Learner Number (ULN) with its check digit.</summary>
/// <remarks>
/// <c>r = (Σ d_i × (11 - i), i = 1..9) mod 11</c>. The number is invalid when r is 0; otherwise the
/// tenth digit must equal <c>10 - r</c>. <c>9999999999</c> means "unknown" and is not a valid ULN.
/// </remarks>
public readonly record struct UniqueLearnerNumber
{
    /// <summary>The value some systems use to mean the learner's ULN is not known.</summary>
    public const string Unknown = "9999999999";

    private UniqueLearnerNumber(string value) => Value = value;

    /// <summary>The ten digits.</summary>
    public string Value { get; }

    /// <summary>The check digit for nine leading digits, or null when the remainder is 0 and no valid ULN starts with them.</summary>
    public static int? CheckDigit(ReadOnlySpan<char> firstNine)
    {
        if (firstNine.Length != 9 || !IdentifierText.AllDigits(firstNine))
        {
            throw new ArgumentException("A ULN check digit is computed over exactly nine digits.", nameof(firstNine));
        }

        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += (firstNine[i] - '0') * (10 - i);
        }

        var remainder = sum % 11;
        return remainder == 0 ? null : 10 - remainder;
    }

    /// <summary>True when the text is ten digits with a valid check digit.</summary>
    public static bool IsValid(string? text) => TryParse(text, out _);

    /// <summary>Parses a ULN and checks its check digit.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out UniqueLearnerNumber? uln)
    {
        uln = null;
        if (!IdentifierText.TryCompact(text, 10, out var value) || !IdentifierText.AllDigits(value) || value == Unknown)
        {
            return false;
        }

        if (CheckDigit(value.AsSpan(0, 9)) != value[9] - '0')
        {
            return false;
        }

        uln = new UniqueLearnerNumber(value);
        return true;
    }

    /// <summary>Builds a valid ULN from nine leading digits, or returns null when none exists.</summary>
    public static UniqueLearnerNumber? FromFirstNine(string firstNine)
    {
        var check = CheckDigit(firstNine);
        return check is null ? null : new UniqueLearnerNumber(firstNine + (char)('0' + check.Value));
    }

    /// <inheritdoc />
    public override string ToString() => Value;
}
