using System.Globalization;

namespace Hearth.Services.Persistence;

/// <summary>Timestamps as the store keeps them: ISO 8601 UTC text with milliseconds, which sorts as time does.</summary>
public static class Timestamps
{
    public static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
