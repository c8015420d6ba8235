namespace Hearth.Core.Common;

/// <summary>Small helpers shared by the identifier value objects.</summary>
internal static class IdentifierText
{
    /// <summary>
    /// Removes spaces and hyphens and upper-cases the rest. Succeeds only when exactly
    /// <paramref name="length"/> characters remain.
    /// </summary>
    public static bool TryCompact(string? text, int length, out string compact)
    {
        compact = string.Empty;
        if (string.IsNullOrWhiteSpace(text) || text.Length > length * 3)
        {
            return false;
        }

        Span<char> buffer = stackalloc char[text.Length];
        var written = 0;
        foreach (var ch in text)
        {
            if (ch is ' ' or '-' or '\t')
            {
                continue;
            }

            buffer[written++] = char.ToUpperInvariant(ch);
        }

        if (written != length)
        {
            return false;
        }

        compact = new string(buffer[..written]);
        return true;
    }

    public static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (var ch in text)
        {
            if (ch is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
