using System.Text;
using Hearth.Core.Common;

namespace Hearth.Synth.Feeds;

/// <summary>
/// Folds text into what an old system's encoding can hold, as those systems do on input: Łukasz becomes
/// Lukasz in a Windows-1252 police system, and every accent goes in an ASCII hospital extract. The folding
/// table is Hearth.Core's <see cref="Latin"/>.
/// </summary>
public static class TextFolding
{
    static TextFolding()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static Encoding Windows1252 { get; } = CreateWindows1252();

    /// <summary>True when the text has any character outside ASCII.</summary>
    public static bool HasNonAscii(string text) => Latin.HasNonAscii(text);

    /// <summary>Replaces accented letters with plain ones (ß as ss, Æ as AE); other non-ASCII characters become '?'.</summary>
    public static string ToAscii(string text) => Latin.ToAscii(text);

    /// <summary>Keeps what Windows-1252 can hold (é, ö, ñ) and folds the rest (ł, ș, ı).</summary>
    public static string ToWindows1252(string text)
    {
        if (!Latin.HasNonAscii(text))
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
                builder.Append(Latin.FoldChar(ch) ?? "?");
            }
        }

        return builder.ToString();
    }

    public static bool IsInWindows1252(char ch) =>
        ch is >= '\u00A0' and <= '\u00FF' ||
        "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".Contains(ch, StringComparison.Ordinal);

    private static Encoding CreateWindows1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }
}
