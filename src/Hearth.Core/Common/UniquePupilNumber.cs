using System.Diagnostics.CodeAnalysis;

namespace Hearth.Core.Common;

/// <summary>
/// A Unique Pupil Number (UPN): a check letter followed by twelve characters.
/// </summary>
/// <remarks>
/// <para>A permanent UPN is the check letter and 12 digits: LA code (3), establishment (4), year (2), serial (3).
/// A temporary UPN ends in a letter instead of the last digit.</para>
/// <para>Check letter = <c>Alphabet[(Σ value(ch_i) × i, i = 2..13) mod 23]</c>, where a digit's value is itself and
/// a letter's value is its index in <see cref="Alphabet"/>, which has no I, O or S.</para>
/// </remarks>
public readonly record struct UniquePupilNumber
{
    /// <summary>The 23 letters used for UPN check letters and temporary UPN suffixes.</summary>
    public const string Alphabet = "ABCDEFGHJKLMNPQRTUVWXYZ";

    private UniquePupilNumber(string value) => Value = value;

    /// <summary>The 13 characters, upper case.</summary>
    public string Value { get; }

    /// <summary>True for a temporary UPN (its last character is a letter).</summary>
    public bool IsTemporary => char.IsAsciiLetter(Value[12]);

    /// <summary>The three-digit local authority code.</summary>
    public string LocalAuthorityCode => Value.Substring(1, 3);

    /// <summary>Computes the check letter for the twelve characters that follow it.</summary>
    public static char CheckLetter(ReadOnlySpan<char> lastTwelve)
    {
        if (lastTwelve.Length != 12)
        {
            throw new ArgumentException("A UPN check letter is computed over exactly twelve characters.", nameof(lastTwelve));
        }

        var sum = 0;
        for (var i = 0; i < 12; i++)
        {
            var value = CharacterValue(lastTwelve[i]);
            if (value < 0)
            {
                throw new ArgumentException($"'{lastTwelve[i]}' cannot appear in a UPN.", nameof(lastTwelve));
            }

            // Character positions are numbered from 1 with the check letter at position 1,
            // so the first of these twelve is position 2.
            sum += value * (i + 2);
        }

        return Alphabet[sum % 23];
    }

    /// <summary>True when the text is a well-formed permanent or temporary UPN with the right check letter.</summary>
    public static bool IsValid(string? text) => TryParse(text, out _);

    /// <summary>Parses a permanent or temporary UPN (spaces allowed) and checks its check letter.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out UniquePupilNumber? upn)
    {
        upn = null;
        if (!IdentifierText.TryCompact(text, 13, out var value))
        {
            return false;
        }

        var body = value.AsSpan(1);
        if (!IdentifierText.AllDigits(body[..11]))
        {
            return false;
        }

        var last = body[11];
        if (!char.IsAsciiDigit(last) && !Alphabet.Contains(last, StringComparison.Ordinal))
        {
            return false;
        }

        if (CheckLetter(body) != value[0])
        {
            return false;
        }

        upn = new UniquePupilNumber(value);
        return true;
    }

    /// <summary>Builds a permanent UPN from its parts, computing the check letter.</summary>
    public static UniquePupilNumber Create(int localAuthorityCode, int establishmentNumber, int yearAllocated, int serial)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(localAuthorityCode);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localAuthorityCode, 999);
        ArgumentOutOfRangeException.ThrowIfNegative(establishmentNumber);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(establishmentNumber, 9999);
        ArgumentOutOfRangeException.ThrowIfNegative(serial);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(serial, 999);
        var body = FormattableString.Invariant($"{localAuthorityCode:D3}{establishmentNumber:D4}{yearAllocated % 100:D2}{serial:D3}");
        return new UniquePupilNumber(CheckLetter(body) + body);
    }

    /// <inheritdoc />
    public override string ToString() => Value;

    private static int CharacterValue(char ch) =>
        ch is >= '0' and <= '9' ? ch - '0' : Alphabet.IndexOf(ch, StringComparison.Ordinal);
}
