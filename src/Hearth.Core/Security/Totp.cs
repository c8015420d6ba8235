using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Hearth.Core.Security;

/// <summary>
/// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA1, 30-second steps, 6 digits, the
/// parameters every authenticator app uses. Pure: the caller gives the time, and remembers the last step used so that
/// a code is never accepted twice.
/// </summary>
public static class Totp
{
    /// <summary>Seconds per time step.</summary>
    public const int StepSeconds = 30;

    /// <summary>Digits in a code.</summary>
    public const int Digits = 6;

    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>The time step a moment falls in (seconds since the Unix epoch divided by 30).</summary>
    /// <param name="at">The moment.</param>
    public static long StepAt(DateTimeOffset at) => at.ToUnixTimeSeconds() / StepSeconds;

    /// <summary>The code for a key and a time step, as six digits with leading zeros.</summary>
    /// <param name="key">The shared secret.</param>
    /// <param name="step">The time step.</param>
    public static string Code(ReadOnlySpan<byte> key, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // RFC 6238 and every authenticator app use HMAC-SHA1; its use as a MAC is not broken.
        HMACSHA1.HashData(key, counter, hash);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The step a code matches, looking no further than <paramref name="window"/> steps either side of
    /// <paramref name="now"/> (1 accepts the previous and next 30 seconds, for clock drift), and only at steps after
    /// <paramref name="lastUsedStep"/>, so that a code, once used, never works again. Null when it matches none.
    /// </summary>
    /// <param name="key">The shared secret.</param>
    /// <param name="code">The code the person typed (spaces and hyphens are ignored).</param>
    /// <param name="now">The time now.</param>
    /// <param name="lastUsedStep">The last step whose code was accepted, if any.</param>
    /// <param name="window">How many steps either side of now to accept.</param>
    public static long? Match(ReadOnlySpan<byte> key, string? code, DateTimeOffset now, long? lastUsedStep, int window = 1)
    {
        var digits = new string((code ?? "").Where(c => c is not (' ' or '-')).ToArray());
        if (digits.Length != Digits || !digits.All(char.IsAsciiDigit))
        {
            return null;
        }

        var current = StepAt(now);
        long? matched = null;
        for (var step = current - window; step <= current + window; step++)
        {
            // Compare every candidate in constant time, and keep going, so that timing says nothing about which matched.
            var candidate = Code(key, step);
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), Encoding.ASCII.GetBytes(digits)) && (lastUsedStep is null || step > lastUsedStep))
            {
                matched ??= step;
            }
        }

        return matched;
    }

    /// <summary>A new random key of 20 bytes (160 bits, as RFC 4226 recommends).</summary>
    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(20);

    /// <summary>A key as Base32 without padding, the form authenticator apps take.</summary>
    /// <param name="key">The key.</param>
    public static string ToBase32(ReadOnlySpan<byte> key)
    {
        var text = new StringBuilder((key.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in key)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Base32Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            text.Append(Base32Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return text.ToString();
    }

    /// <summary>Reads a Base32 key (case, spaces and padding ignored).</summary>
    /// <param name="text">The key as Base32.</param>
    /// <exception cref="FormatException">A character is not in the Base32 alphabet.</exception>
    public static byte[] FromBase32(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '=' or '-')
            {
                continue;
            }

            var value = Base32Alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            if (value < 0)
            {
                throw new FormatException($"'{c}' is not a Base32 character.");
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)((buffer >> (bits - 8)) & 0xFF));
                bits -= 8;
            }
        }

        return [.. bytes];
    }

    /// <summary>The otpauth:// URI an authenticator app reads from a QR code.</summary>
    /// <param name="issuer">The service's name.</param>
    /// <param name="account">The user's name.</param>
    /// <param name="base32Key">The key as Base32.</param>
    public static string EnrolmentUri(string issuer, string account, string base32Key) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(account)}?secret={base32Key}&issuer={Uri.EscapeDataString(issuer)}&algorithm=SHA1&digits={Digits}&period={StepSeconds}";
}
