using System.Buffers;

namespace Hearth.Core.Text;

/// <summary>
/// Edit distances for comparing names and identifiers: how many single-character edits turn one string into another.
/// </summary>
public static class EditDistance
{
    // Three rows of this many ints or fewer live on the stack; longer inputs rent from the shared pool.
    private const int StackLimit = 256;

    /// <summary>
    /// The optimal string alignment (restricted Damerau-Levenshtein) distance: the fewest insertions, deletions,
    /// substitutions and transpositions of two adjacent characters that turn <paramref name="a"/> into
    /// <paramref name="b"/>, where no substring is edited more than once. So <c>CA</c> and <c>AC</c> are 1 apart, and
    /// <c>CA</c> and <c>ABC</c> are 3 apart (not 2, as the unrestricted distance has it). Comparison is ordinal.
    /// </summary>
    public static int DamerauLevenshtein(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        // The distance is symmetric, so keep the rows as short as the shorter string.
        if (a.Length < b.Length)
        {
            var swap = a;
            a = b;
            b = swap;
        }

        if (b.Length == 0)
        {
            return a.Length;
        }

        var width = b.Length + 1;
        int[]? rented = null;
        var buffer = 3 * width <= StackLimit
            ? stackalloc int[3 * width]
            : (rented = ArrayPool<int>.Shared.Rent(3 * width)).AsSpan(0, 3 * width);
        try
        {
            var twoAgo = buffer[..width];
            var previous = buffer.Slice(width, width);
            var current = buffer.Slice(2 * width, width);
            for (var j = 0; j < width; j++)
            {
                previous[j] = j;
            }

            for (var i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                var ai = a[i - 1];
                for (var j = 1; j < width; j++)
                {
                    var bj = b[j - 1];
                    var best = Math.Min(previous[j] + 1, current[j - 1] + 1);
                    best = Math.Min(best, previous[j - 1] + (ai == bj ? 0 : 1));
                    if (i > 1 && j > 1 && ai == b[j - 2] && a[i - 2] == bj)
                    {
                        best = Math.Min(best, twoAgo[j - 2] + 1);
                    }

                    current[j] = best;
                }

                var oldest = twoAgo;
                twoAgo = previous;
                previous = current;
                current = oldest;
            }

            return previous[b.Length];
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="a"/> and <paramref name="b"/> are at most one edit apart (equal, or one insertion,
    /// deletion, substitution or adjacent transposition): the same answer as
    /// <c>DamerauLevenshtein(a, b) &lt;= 1</c>, in linear time and without a matrix. This is the "one-character typo"
    /// test for identifiers and names. Comparison is ordinal.
    /// </summary>
    public static bool WithinOne(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length > b.Length)
        {
            var swap = a;
            a = b;
            b = swap;
        }

        if (b.Length - a.Length > 1)
        {
            return false;
        }

        var prefix = a.CommonPrefixLength(b);
        if (prefix == a.Length)
        {
            // Equal, or b is a with one character added at the end.
            return true;
        }

        if (a.Length < b.Length)
        {
            // One character inserted into a at the first difference.
            return a[prefix..].SequenceEqual(b[(prefix + 1)..]);
        }

        // Same length: one substitution at the first difference, or the first two differing characters swapped.
        if (a[(prefix + 1)..].SequenceEqual(b[(prefix + 1)..]))
        {
            return true;
        }

        return prefix + 1 < a.Length
            && a[prefix] == b[prefix + 1]
            && a[prefix + 1] == b[prefix]
            && a[(prefix + 2)..].SequenceEqual(b[(prefix + 2)..]);
    }
}
