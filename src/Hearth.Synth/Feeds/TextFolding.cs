using System.Text;

namespace Hearth.Synth.Feeds;

/// <summary>
/// Folds text into what an old system's encoding can hold, as those systems do on input: Łukasz becomes
/// Lukasz in a Windows-1252 police system, and every accent goes in an ASCII hospital extract. The table is
/// our own, so the result never depends on the platform's Unicode data.
/// </summary>
public static class TextFolding
{
    private const string Accented = "ÀÁÂÃÄÅàáâãäåĀāĂăĄąÇçĆćĈĉĊċČčĎďĐđÈÉÊËèéêëĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħÌÍÎÏìíîïĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľĿŀŁłÑñŃńŅņŇňÒÓÔÕÖØòóôõöøŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšȘșŢţŤťȚțÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųŴŵÝýÿŶŷŸŹźŻżŽžẞßÆæŒœÐðÞþ";
    private const string Plain = "AAAAAAaaaaaaAaAaAaCcCcCcCcCcDdDdEEEEeeeeEeEeEeEeEeGgGgGgGgHhHhIIIIiiiiIiIiIiIiIiJjKkLlLlLlLlLlNnNnNnNnOOOOOOooooooOoOoOoRrRrRrSsSsSsSsSsTtTtTtUUUUuuuuUuUuUuUuUuUuWwYyyYyYZzZzZzSsAaOoDdTt";

    private static readonly Dictionary<char, string> Folds = BuildFolds();

    static TextFolding()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static Encoding Windows1252 { get; } = CreateWindows1252();

    /// <summary>True when the text has any character outside ASCII.</summary>
    public static bool HasNonAscii(string text)
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

    /// <summary>Replaces accented letters with plain ones (ß as ss, Æ as AE); other non-ASCII characters become '?'.</summary>
    public static string ToAscii(string text)
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
            else if (ch is '\u2019' or '\u2018')
            {
                builder.Append('\'');
            }
            else
            {
                builder.Append('?');
            }
        }

        return builder.ToString();
    }

    /// <summary>Keeps what Windows-1252 can hold (é, ö, ñ) and folds the rest (ł, ș, ı).</summary>
    public static string ToWindows1252(string text)
    {
        if (!HasNonAscii(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (ch <= 127 || IsInWindows1252(ch))
            {
                builder.Append(ch);
            }
            else
            {
                builder.Append(Folds.TryGetValue(ch, out var plain) ? plain : "?");
            }
        }

        return builder.ToString();
    }

    public static bool IsInWindows1252(char ch) =>
        ch is >= '\u00A0' and <= '\u00FF' ||
        "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".Contains(ch, StringComparison.Ordinal);

    private static Dictionary<char, string> BuildFolds()
    {
        var folds = new Dictionary<char, string>();
        for (var i = 0; i < Accented.Length; i++)
        {
            folds[Accented[i]] = Plain[i].ToString();
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

    private static Encoding CreateWindows1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }
}
