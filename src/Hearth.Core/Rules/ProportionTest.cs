namespace Hearth.Core.Rules;

/// <summary>
/// The two-proportion z-test the fairness report uses to say whether a group's rate differs from everyone else's by
/// more than chance would explain, and the normal tail it needs (the BCL has no error function).
/// </summary>
public static class ProportionTest
{
    /// <summary>
    /// The pooled two-proportion z-test of <paramref name="x1"/> of <paramref name="n1"/> against <paramref name="x2"/>
    /// of <paramref name="n2"/>: z (positive when the first rate is higher) and the two-sided p-value. With nothing to
    /// compare (either side empty, or every case or none positive on both sides) z is 0 and p is 1.
    /// </summary>
    public static (double Z, double P) TwoSided(long x1, long n1, long x2, long n2)
    {
        if (x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2)
        {
            throw new ArgumentOutOfRangeException(nameof(x1), "Counts must be between 0 and their totals.");
        }

        if (n1 == 0 || n2 == 0)
        {
            return (0, 1);
        }

        var pooled = (double)(x1 + x2) / (n1 + n2);
        var variance = pooled * (1 - pooled) * ((1.0 / n1) + (1.0 / n2));
        if (variance <= 0)
        {
            return (0, 1);
        }

        var z = (((double)x1 / n1) - ((double)x2 / n2)) / Math.Sqrt(variance);
        return (z, Math.Min(1, Erfc(Math.Abs(z) / Math.Sqrt(2))));
    }

    /// <summary>
    /// The complementary error function, by the Chebyshev fit in Numerical Recipes (erfcc): a fractional error under
    /// 1.2e-7 everywhere, so small p-values keep their order of magnitude.
    /// </summary>
    public static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.5 * z));
        ReadOnlySpan<double> c = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
        var poly = 0.0;
        for (var i = c.Length - 1; i >= 0; i--)
        {
            poly = c[i] + (t * poly);
        }

        var ans = t * Math.Exp(-(z * z) + poly);
        return x >= 0 ? ans : 2 - ans;
    }
}
