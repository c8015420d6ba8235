namespace Hearth.Core.Text;

/// <summary>Edit distances for names and identifiers.</summary>
public static class EditDistance
{
    /// <summary>
    /// Damerau-Levenshtein distance in its optimal-string-alignment form: insertions, deletions, substitutions and
    /// swaps of two neighbouring characters each cost one, and no substring is edited twice.
    /// </summary>
    public static int DamerauLevenshtein(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length == 0)
        {
            return b.Length;
        }

        if (b.Length == 0)
        {
            return a.Length;
        }

        var width = b.Length + 1;
        var size = (a.Length + 1) * width;
        Span<int> d = size <= 1024 ? stackalloc int[size] : new int[size];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i * width] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var best = Math.Min(Math.Min(d[((i - 1) * width) + j] + 1, d[(i * width) + j - 1] + 1), d[((i - 1) * width) + j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    best = Math.Min(best, d[((i - 2) * width) + j - 2] + 1);
                }

                d[(i * width) + j] = best;
            }
        }

        return d[size - 1];
    }

    /// <summary>
    /// Whether two strings are at most one edit apart (one character inserted, deleted or changed, or two neighbours
    /// swapped): the "one typo" of an identifier or a name. Linear time, no allocation.
    /// </summary>
    public static bool WithinOne(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (Math.Abs(a.Length - b.Length) > 1)
        {
            return false;
        }

        var prefix = 0;
        var shortest = Math.Min(a.Length, b.Length);
        while (prefix < shortest && a[prefix] == b[prefix])
        {
            prefix++;
        }

        if (prefix == a.Length && prefix == b.Length)
        {
            return true;
        }

        if (a.Length == b.Length)
        {
            // One substitution, or one swap of neighbours; the rest must then be equal.
            if (a[(prefix + 1)..].SequenceEqual(b[(prefix + 1)..]))
            {
                return true;
            }

            return prefix + 1 < a.Length && a[prefix] == b[prefix + 1] && a[prefix + 1] == b[prefix] && a[(prefix + 2)..].SequenceEqual(b[(prefix + 2)..]);
        }

        // One insertion: skip the extra character of the longer string.
        return a.Length > b.Length ? a[(prefix + 1)..].SequenceEqual(b[prefix..]) : b[(prefix + 1)..].SequenceEqual(a[prefix..]);
    }
}
