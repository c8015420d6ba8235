using System.Text.RegularExpressions;
using Hearth.Core.Common;

namespace Hearth.Core.Standardisation;

/// <summary>Standardises identifiers and contact details: valid values in their normal form, anything else rejected.</summary>
public static partial class Identifiers
{
    /// <summary>The NHS number's ten digits when valid, else null.</summary>
    public static string? NhsNumber(string? text) => Common.NhsNumber.TryParse(text, out var value) ? value.Value.Value : null;

    /// <summary>The UPN, upper case, when its check letter is right, else null. The UN1 to UN10 placeholders are not UPNs.</summary>
    public static string? Upn(string? text) => UniquePupilNumber.TryParse(text, out var value) ? value.Value.Value : null;

    /// <summary>The ULN when its check digit is right, else null.</summary>
    public static string? Uln(string? text) => UniqueLearnerNumber.TryParse(text, out var value) ? value.Value.Value : null;

    /// <summary>The NI number, upper case without spaces, when its format is valid, else null.</summary>
    public static string? Nino(string? text) => NationalInsuranceNumber.TryParse(text, out var value) ? value.Value.Value : null;

    /// <summary>The postcode in normal form when valid, else null.</summary>
    public static string? Postcode(string? text) => Common.Postcode.TryParse(text, out var value) ? value.Value.Value : null;

    /// <summary>The UPRN when it is a whole number in range, else null.</summary>
    public static long? Uprn(string? text) => Common.Uprn.TryParse(text, out var value) ? value.Value.Value : null;

    /// <summary>An email address, trimmed and lower case, when it has a plausible shape, else null.</summary>
    public static string? Email(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = text.Trim().ToLowerInvariant();
        return EmailPattern().IsMatch(value) ? value : null;
    }

    /// <summary>
    /// A UK telephone number as its digits with a leading 0 (+44 and 0044 become 0), when it has 10 or 11 digits,
    /// else null. "07700 900123", "+44 7700 900123" and "07700-900-123" all give 07700900123.
    /// </summary>
    public static string? Phone(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var digits = new string([.. text.Where(char.IsAsciiDigit)]);
        // After the country code, drop the trunk 0 some people keep: "+44 (0)7700 900123".
        if (digits.StartsWith("0044", StringComparison.Ordinal))
        {
            digits = "0" + digits[4..].TrimStart('0');
        }
        else if (digits.StartsWith("44", StringComparison.Ordinal) && text.TrimStart().StartsWith('+'))
        {
            digits = "0" + digits[2..].TrimStart('0');
        }

        return digits.Length is 10 or 11 && digits[0] == '0' ? digits : null;
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex EmailPattern();
}
