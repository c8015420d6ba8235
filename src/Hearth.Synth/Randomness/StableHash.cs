namespace Hearth.Synth.Randomness;

/// <summary>
/// Hashes that are the same on every machine and every run (unlike <see cref="string.GetHashCode()"/>),
/// used to derive random streams from names.
/// </summary>
public static class StableHash
{
    /// <summary>FNV-1a over the UTF-16 code units of the text.</summary>
    public static ulong Of(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var ch in text)
        {
            hash ^= ch;
            hash *= 1099511628211UL;
        }

        return hash;
    }

    /// <summary>Mixes three values into one well-spread 64-bit key.</summary>
    public static ulong Combine(ulong a, ulong b, ulong c)
    {
        var h = Mix(a ^ 0x243F6A8885A308D3);
        h = Mix(h ^ b);
        return Mix(h ^ c);
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
