using System.Globalization;

namespace Hearth.Web.Components;

/// <summary>Dates and codes as GOV.UK writes them: 27 March 2012, not 2012-03-27.</summary>
public static class Format
{
    public static string Date(string? iso)
    {
        if (iso is null)
        {
            return "Not known";
        }

        return DateOnly.TryParseExact(iso.Length >= 10 ? iso[..10] : iso, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)
            : iso;
    }

    public static string Sex(string? code) => code switch { "M" => "Male", "F" => "Female", null => "Not known", _ => code };

    public static string Probability(double p) => p.ToString("P1", CultureInfo.InvariantCulture);

    public static string Weight(double w) => w.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);

    public static string Humanise(string code) => code.Replace('_', ' ').Replace('-', ' ');
}
