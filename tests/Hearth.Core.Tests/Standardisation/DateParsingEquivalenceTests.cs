using System.Globalization;
using System.Text;
using Hearth.Core.Standardisation;

namespace Hearth.Core.Tests.Standardisation;

/// <summary>
/// Dates.TryParse takes a fast path for numeric formats. It must agree, value for value, with the framework's exact
/// parser it replaces: this test runs both over well-formed dates in every format and over mangled ones.
/// </summary>
public class DateParsingEquivalenceTests
{
    private static readonly DateOnly Today = new(2026, 9, 1);

    private static readonly string[] ExtraFormats = ["MM/dd/yyyy", "yyyy/MM/dd", "d.M.yy", "yyyy-MM-ddTHH:mm", "dd/MM/yyyy H:mm", "yyMMdd"];

    [Fact]
    public void FastPath_AgreesWithTheFrameworkParser()
    {
        var random = new Random(20261121);
        var formats = Dates.CommonFormats.Concat(ExtraFormats).ToArray();
        var values = new List<string>();
        for (var i = 0; i < 5_000; i++)
        {
            var moment = new DateTime(1890, 1, 1).AddMinutes(random.NextInt64(0, 200L * 365 * 24 * 60));
            var format = formats[random.Next(formats.Length)];
            var text = moment.ToString(format.Replace("K", "zzz", StringComparison.Ordinal), CultureInfo.InvariantCulture);
            values.Add(text);
            values.Add(Mangle(text, random));
            values.Add(Mangle(Mangle(text, random), random));
        }

        values.AddRange([
            "29/02/2023", "29/02/2024", "29/02/00", "29/02/1900", "31/04/2024", "00/01/2024", "32/01/2024", "01/13/2024", "1/1/1", "2024-1-2",
            "2024-01-02T24:00:00", "2024-01-02T23:60:00", "2024-01-02T10:22:33Z", "2024-01-02T10:22:33+01:00", "2024-01-02T10:22:33+0100",
            "2024-01-02T10:22:33+15:00", "2024-01-02T10:22:33-14:00", "2024-01-02T10:22:33+01", "2024-01-02T10:22:33z", "2024-01-02T10:22:33.5",
            "2024-01-02 10:22", "2024-01-02  10:22", "2024-01-0210:22", "02/01/2024 9:05", "02/01/2024 09:05", "20240102", "202401021",
            "２０２４-01-02", "2024‐01‐02", "99999999", "0000-00-00", "1 Jan 2024", "01-Jan-24", "", "/", "12/", "2024-01-02T",
        ]);

        var disagreements = new StringBuilder();
        foreach (var value in values)
        {
            var expected = Reference(value);
            var fast = Dates.TryParse(value, null, DateKind.Event, Today, out var date, out var time);
            var actual = fast ? (date, time) : ((DateOnly, TimeOnly?)?)null;
            if (!Equals(expected, actual))
            {
                disagreements.AppendLine(CultureInfo.InvariantCulture, $"'{value}': framework {expected?.ToString() ?? "no date"}, fast path {actual?.ToString() ?? "no date"}");
            }

            foreach (var format in ExtraFormats)
            {
                var expectedOwn = Reference(value, format);
                var actualOwn = Dates.TryParse(value, [format], DateKind.Birth, Today, out var ownDate, out var ownTime) ? (ownDate, ownTime) : ((DateOnly, TimeOnly?)?)null;
                if (!Equals(expectedOwn, actualOwn))
                {
                    disagreements.AppendLine(CultureInfo.InvariantCulture, $"'{value}' with {format}: framework {expectedOwn?.ToString() ?? "no date"}, fast path {actualOwn?.ToString() ?? "no date"}");
                }
            }
        }

        values.Count.ShouldBeGreaterThan(15_000);
        disagreements.ToString().ShouldBeEmpty();
    }

    private static string Mangle(string text, Random random)
    {
        const string alphabet = "0123456789/-.: TZ+x\u00A0";
        var chars = new StringBuilder(text);
        switch (random.Next(4))
        {
            case 0 when chars.Length > 0:
                chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
                break;
            case 1 when chars.Length > 0:
                chars.Remove(random.Next(chars.Length), 1);
                break;
            case 2:
                chars.Insert(random.Next(chars.Length + 1), alphabet[random.Next(alphabet.Length)]);
                break;
            default:
                chars.Append(alphabet[random.Next(alphabet.Length)]);
                break;
        }

        return chars.ToString();
    }

    /// <summary>The behaviour before the fast path: the framework's exact parser over the same formats, in the same order.</summary>
    private static (DateOnly, TimeOnly?)? Reference(string value, string? ownFormat = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        foreach (var format in (ownFormat is null ? [] : new[] { ownFormat }).Concat(Dates.CommonFormats))
        {
            if (DateTimeOffset.TryParseExact(trimmed, format, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal, out var written))
            {
                var parsed = written.DateTime;
                if (format.Contains("yy", StringComparison.Ordinal) && !format.Contains("yyyy", StringComparison.Ordinal))
                {
                    var kind = ownFormat is null ? DateKind.Event : DateKind.Birth;
                    var inThisCentury = parsed.AddYears(2000 + (parsed.Year % 100) - parsed.Year);
                    parsed = kind == DateKind.Birth && DateOnly.FromDateTime(inThisCentury) > Today ? inThisCentury.AddYears(-100) : inThisCentury;
                }

                var date = DateOnly.FromDateTime(parsed);
                return date.Year is >= 1850 and <= 2200 ? (date, format.Contains('H', StringComparison.Ordinal) ? TimeOnly.FromDateTime(parsed) : null) : null;
            }
        }

        return null;
    }
}
