using System.Text;

namespace Hearth.Core.Common;

/// <summary>
/// Folding of accented Latin letters to plain ones (é to e, ł to l, ß to ss), from our own table, so the result never
/// depends on the platform's Unicode data or globalization mode.
/// </summary>
public static class Latin
{
    private const string Accented = "ÀÁÂÃÄÅàáâãäåĀāĂăĄąÇçĆćĈĉĊċČčĎďĐđÈÉÊËèéêëĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħÌÍÎÏìíîïĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľĿŀŁłÑñŃńŅņŇňÒÓÔÕÖØòóôõöøŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšȘșŢţŤťȚțÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųŴŵÝýÿŶŷŸŹźŻżŽžẞßÆæŒœÐðÞþ";
    private const string Plain = "AAAAAAaaaaaaAaAaAaCcCcCcCcCcDdDdEEEEeeeeEeEeEeEeEeGgGgGgGgHhHhIIIIiiiiIiIiIiIiIiJjKkLlLlLlLlLlNnNnNnNnOOOOOOooooooOoOoOoRrRrRrSsSsSsSsSsTtTtTtUUUUuuuuUuUuUuUuUuUuWwYyyYyYZzZzZzSsAaOoDdTt";

    private static readonly Dictionary<char, string> Folds = BuildFolds();

    /// <summary>True when the text has any character outside ASCII.</summary>
    public static bool HasNonAscii(ReadOnlySpan<char> text)
    {
        foreach (var ch in text)
        {
            if (ch > 127)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The plain form of one character, or null when the table has none.</summary>
    public static string? FoldChar(char ch) => Folds.GetValueOrDefault(ch);

    /// <summary>
    /// Replaces accented letters with plain ones (ß as ss, Æ as AE) and curly apostrophes with straight ones; any other
    /// non-ASCII character becomes <paramref name="unknown"/>.
    /// </summary>
    public static string ToAscii(string text, string unknown = "?")
    {
        if (!HasNonAscii(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (ch <= 127)
            {
                builder.Append(ch);
            }
            else if (Folds.TryGetValue(ch, out var plain))
            {
                builder.Append(plain);
            }
            else if (ch is '\u2019' or '\u2018' or '\u02BC')
            {
                builder.Append('\'');
            }
            else if (ch is '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014')
            {
                builder.Append('-');
            }
            else
            {
                builder.Append(unknown);
            }
        }

        return builder.ToString();
    }

    private static Dictionary<char, string> BuildFolds()
    {
        var folds = new Dictionary<char, string>();
        for (var i = 0; i < Accented.Length; i++)
        {
            folds[Accented[i]] = Plain[i].ToString();
        }

        // Vietnamese: Ơ, Ư and the Latin Extended Additional block (Ạ to ỹ), upper and lower case alternating.
        folds['\u01A0'] = "O";
        folds['\u01A1'] = "o";
        folds['\u01AF'] = "U";
        folds['\u01B0'] = "u";
        for (var ch = '\u1EA0'; ch <= '\u1EF9'; ch++)
        {
            var plain = ch switch
            {
                <= '\u1EB7' => "A",
                <= '\u1EC7' => "E",
                <= '\u1ECB' => "I",
                <= '\u1EE3' => "O",
                <= '\u1EF1' => "U",
                _ => "Y",
            };
            folds[ch] = ch % 2 == 0 ? plain : plain.ToLowerInvariant();
        }

        folds['ß'] = "ss";
        folds['ẞ'] = "SS";
        folds['Æ'] = "AE";
        folds['æ'] = "ae";
        folds['Œ'] = "OE";
        folds['œ'] = "oe";
        folds['Þ'] = "TH";
        folds['þ'] = "th";
        return folds;
    }
}
