namespace Hearth.Synth.Randomness;

/// <summary>
/// A small, fast, seedable random source (xoshiro256**) whose sequence never changes between .NET
/// versions, which <see cref="System.Random"/> does not promise. Every part of the city draws from its
/// own stream, derived from the city's seed and a stable key, so the output does not depend on the
/// order in which parts are generated.
/// </summary>
public sealed class SynthRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public SynthRandom(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>A stream for one named part of the city, for example ("family", 1234).</summary>
    public static SynthRandom For(ulong seed, string stream, long index = 0) =>
        new(StableHash.Combine(seed, StableHash.Of(stream), unchecked((ulong)index)));

    /// <summary>A stream keyed by two indexes, for example (person, source system).</summary>
    public static SynthRandom For(ulong seed, string stream, long index, long subIndex) =>
        new(StableHash.Combine(StableHash.Combine(seed, StableHash.Of(stream), unchecked((ulong)index)), unchecked((ulong)subIndex), 0x9E37));

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>An integer in [0, maxExclusive).</summary>
    public int Next(int maxExclusive)
    {
        if (maxExclusive <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxExclusive), "The upper bound must be positive.");
        }

        // Multiply-shift (Lemire) over 32 bits: bias is below 2^-32, far below anything we measure.
        return (int)(((NextUInt64() >> 32) * (ulong)maxExclusive) >> 32);
    }

    /// <summary>An integer in [minInclusive, maxExclusive).</summary>
    public int Next(int minInclusive, int maxExclusive) => minInclusive + Next(maxExclusive - minInclusive);

    public bool Chance(double probability) => probability > 0 && NextDouble() < probability;

    /// <summary>A standard normal draw (Box-Muller).</summary>
    public double Normal()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    public double Normal(double mean, double standardDeviation) => mean + (standardDeviation * Normal());

    /// <summary>An exponential draw with the given mean.</summary>
    public double Exponential(double mean) => -mean * Math.Log(1.0 - NextDouble());

    /// <summary>A Poisson draw: Knuth's method for small means, a rounded normal for large ones.</summary>
    public int Poisson(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean > 30)
        {
            return Math.Max(0, (int)Math.Round(Normal(mean, Math.Sqrt(mean))));
        }

        var limit = Math.Exp(-mean);
        var product = NextDouble();
        var count = 0;
        while (product > limit)
        {
            count++;
            product *= NextDouble();
        }

        return count;
    }

    /// <summary>A beta-distributed draw via two gamma draws (Marsaglia-Tsang), used for rates such as absence.</summary>
    public double Beta(double alpha, double beta)
    {
        var x = Gamma(alpha);
        var y = Gamma(beta);
        return x / (x + y);
    }

    public double Gamma(double shape)
    {
        if (shape < 1)
        {
            return Gamma(shape + 1) * Math.Pow(NextDouble(), 1.0 / shape);
        }

        var d = shape - (1.0 / 3.0);
        var c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x;
            double v;
            do
            {
                x = Normal();
                v = 1.0 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            var u = NextDouble();
            if (u < 1 - (0.0331 * x * x * x * x) || Math.Log(u) < (0.5 * x * x) + (d * (1 - v + Math.Log(v))))
            {
                return d * v;
            }
        }
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>A date in [from, toExclusive). Returns <paramref name="from"/> when the range is empty.</summary>
    public DateOnly DateBetween(DateOnly from, DateOnly toExclusive)
    {
        var days = toExclusive.DayNumber - from.DayNumber;
        return days <= 0 ? from : from.AddDays(Next(days));
    }

    /// <summary>Fisher-Yates shuffle in place.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
