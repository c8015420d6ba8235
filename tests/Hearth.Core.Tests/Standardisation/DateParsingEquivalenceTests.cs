using System.Globalization;
using System.Text;
using Hearth.Core.Standardisation;

namespace Hearth.Core.Tests.Standardisation;

/// <summary>
/// Dates.TryParseExact takes a fast path for numeric formats. It must agree, value for value and format for format, with
/// the framework's exact parser it stands in for: this test runs both over well-formed dates in every format and over
/// mangled ones.
/// </summary>
public class DateParsingEquivalenceTests
{
    private static readonly string[] ExtraFormats = ["MM/dd/yyyy", "yyyy/MM/dd", "d.M.yy", "yyyy-MM-ddTHH:mm", "dd/MM/yyyy H:mm", "yyMMdd"];

    [Fact]
    public void FastPath_AgreesWithTheFrameworkParser()
    {
        var random = new Random(20261121);
        var formats = Dates.CommonFormats.Concat(ExtraFormats).ToArray();
        var values = new List<string>();
        for (var i = 0; i < 5_000; i++)
        {
            var moment = new DateTime(1890, 1, 1).AddSeconds(random.NextInt64(0, 200L * 365 * 24 * 60 * 60));
            if (random.Next(3) == 0)
            {
                moment = moment.AddTicks(random.Next(0, 10_000_000));
            }

            var format = formats[random.Next(formats.Length)];
            var text = moment.ToString(format.Replace("K", "zzz", StringComparison.Ordinal), CultureInfo.InvariantCulture);
            values.Add(text);
            values.Add(Mangle(text, random));
            values.Add(Mangle(Mangle(text, random), random));
        }

        values.AddRange([
            "29/02/2023", "29/02/2024", "29/02/00", "29/02/1900", "31/04/2024", "00/01/2024", "32/01/2024", "01/13/2024", "1/1/1", "2024-1-2",
            "2024-01-02T24:00:00", "2024-01-02T23:60:00", "2024-01-02T10:22:33Z", "2024-01-02T10:22:33+01:00", "2024-01-02T10:22:33+0100",
            "2024-01-02T10:22:33+15:00", "2024-01-02T10:22:33-14:00", "2024-01-02T10:22:33+01", "2024-01-02T10:22:33z", "2024-01-02T10:22:33.5", "2024-01-02T10:22:33.123Z", "2024-01-02T10:22:33.1234567+01:00", "2024-01-02T10:22:33.12345678Z",
            "2024-01-02T10:22:33.Z", "2024-01-02T10:22:33.", "2024-01-02T10:22:33Z",
            "2024-01-02 10:22", "2024-01-02  10:22", "2024-01-0210:22", "02/01/2024 9:05", "02/01/2024 09:05", "20240102", "202401021",
            "２０２４-01-02", "2024‐01‐02", "99999999", "0000-00-00", "1 Jan 2024", "01-Jan-24", "", "/", "12/", "2024-01-02T",
        ]);

        var disagreements = new StringBuilder();
        var comparisons = 0;
        foreach (var value in values.Select(v => v.Trim()))
        {
            foreach (var format in formats)
            {
                comparisons++;
                var expected = DateTimeOffset.TryParseExact(value, format, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal, out var written)
                    ? written.DateTime
                    : (DateTime?)null;
                var actual = Dates.TryParseExact(value, format, out var parsed) ? parsed : (DateTime?)null;
                if (expected != actual)
                {
                    disagreements.AppendLine(CultureInfo.InvariantCulture, $"'{value}' as {format}: framework {expected?.ToString("O", CultureInfo.InvariantCulture) ?? "no date"}, fast path {actual?.ToString("O", CultureInfo.InvariantCulture) ?? "no date"}");
                }
            }
        }

        comparisons.ShouldBeGreaterThan(400_000);
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
}
