using System.Diagnostics.CodeAnalysis;

namespace Hearth.Core.Common;

/// <summary>
/// A ten-digit NHS number whose last digit is a valid modulus 11 check digit.
/// </summary>
/// <remarks>
/// Check digit: <c>c = 11 - (Σ d_i × (11 - i), i = 1..9) mod 11</c>; 11 becomes 0 and 10 means the
/// nine digits can never form a valid number. Synthetic data uses only the 999 test range.
/// </remarks>
public readonly record struct NhsNumber
{
    private NhsNumber(string digits) => Value = digits;

    /// <summary>The ten digits, without spaces.</summary>
    public string Value { get; }

    /// <summary>True when the number is in the 999 range reserved for testing.</summary>
    public bool IsTestRange => Value.StartsWith("999", StringComparison.Ordinal);

    /// <summary>The number in its usual 3-3-4 display form, for example <c>999 000 0018</c>.</summary>
    public string Formatted => $"{Value[..3]} {Value[3..6]} {Value[6..]}";

    /// <summary>
    /// The check digit for nine leading digits, or null when the weighted sum gives 10 and no
    /// valid NHS number starts with these digits.
    /// </summary>
    public static int? CheckDigit(ReadOnlySpan<char> firstNine)
    {
        if (firstNine.Length != 9)
        {
            throw new ArgumentException("An NHS number check digit is computed over exactly nine digits.", nameof(firstNine));
        }

        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var digit = firstNine[i] - '0';
            if (digit is < 0 or > 9)
            {
                throw new ArgumentException("An NHS number is made of digits only.", nameof(firstNine));
            }

            sum += digit * (10 - i);
        }

        var check = 11 - (sum % 11);
        return check switch
        {
            11 => 0,
            10 => null,
            _ => check,
        };
    }

    /// <summary>True when <paramref name="text"/>, ignoring spaces and hyphens, is ten digits with a valid check digit.</summary>
    public static bool IsValid(string? text) => TryParse(text, out _);

    /// <summary>Parses ten digits (spaces and hyphens allowed between them) with a valid check digit.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out NhsNumber? nhsNumber)
    {
        nhsNumber = null;
        if (!IdentifierText.TryCompact(text, 10, out var digits) || !IdentifierText.AllDigits(digits))
        {
            return false;
        }

        if (CheckDigit(digits.AsSpan(0, 9)) != digits[9] - '0')
        {
            return false;
        }

        nhsNumber = new NhsNumber(digits);
        return true;
    }

    /// <summary>Builds a valid NHS number from nine leading digits, or returns null when no check digit exists for them.</summary>
    public static NhsNumber? FromFirstNine(string firstNine)
    {
        var check = CheckDigit(firstNine);
        return check is null ? null : new NhsNumber(firstNine + (char)('0' + check.Value));
    }

    /// <inheritdoc />
    public override string ToString() => Value;
}
