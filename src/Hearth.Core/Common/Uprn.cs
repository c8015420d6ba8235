using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Hearth.Core.Common;

/// <summary>A Unique Property Reference Number: an integer from 1 to 999,999,999,999.</summary>
public readonly record struct Uprn
{
    /// <summary>The largest UPRN.</summary>
    public const long MaxValue = 999_999_999_999;

    /// <summary>Creates a UPRN, throwing when the value is out of range.</summary>
    public Uprn(long value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxValue);
        Value = value;
    }

    /// <summary>The number.</summary>
    public long Value { get; }

    /// <summary>Parses a UPRN written as an integer (leading zeros and surrounding spaces allowed).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Uprn? uprn)
    {
        uprn = null;
        if (!long.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < 1 or > MaxValue)
        {
            return false;
        }

        uprn = new Uprn(value);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
