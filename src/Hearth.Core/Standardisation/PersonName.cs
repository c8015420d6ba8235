using System.Buffers;
using System.Text;
using Hearth.Core.Common;

namespace Hearth.Core.Standardisation;

/// <summary>
/// A name as received and in two standard forms: a display form (title case, single spaces, no titles or suffixes)
/// and a comparable key (upper-case ASCII letters only) that matching compares.
/// </summary>
/// <param name="Forename">The first forename, for display.</param>
/// <param name="MiddleNames">Middle names, for display, or null.</param>
/// <param name="Surname">The surname, for display.</param>
/// <param name="Original">The name exactly as the source held it.</param>
public sealed record PersonName(string? Forename, string? MiddleNames, string? Surname, string Original)
{
    /// <summary>The forename's comparable key, for example <c>ZOE</c> for "Zoë".</summary>
    public string? ForenameKey => Names.Key(Forename);

    /// <summary>The surname's comparable key, for example <c>OBRIEN</c> for "O'Brien".</summary>
    public string? SurnameKey => Names.Key(Surname);
}

/// <summary>Standardises personal names: case, spacing, titles and suffixes, full-name splitting and comparable keys.</summary>
public static class Names
{
    private static readonly HashSet<string> Titles = new(StringComparer.OrdinalIgnoreCase)
    {
        "MR", "MRS", "MS", "MISS", "MX", "DR", "MASTER", "PROF", "PROFESSOR", "REV", "REVD", "SIR", "DAME", "LADY", "LORD", "FR", "SR",
    };

    private static readonly HashSet<string> Suffixes = new(StringComparer.OrdinalIgnoreCase)
    {
        "JR", "JNR", "JUNIOR", "SR", "SNR", "SENIOR", "II", "III", "IV", "PHD", "MBE", "OBE", "CBE", "KC", "QC",
    };

    // Words that belong to the surname that follows them (van der Berg, De Souza, Al Hashimi, Bin Laden).
    private static readonly HashSet<string> SurnameParticles = new(StringComparer.OrdinalIgnoreCase)
    {
        "VAN", "VON", "DER", "DEN", "DE", "DA", "DI", "DEL", "DELLA", "DOS", "DAS", "DU", "LE", "LA", "BIN", "BINT", "IBN", "AL", "EL", "ABU", "ST", "MAC", "MC", "O",
    };

    private static readonly SearchValues<char> IberianAccents = SearchValues.Create("áéíóúñãõçÁÉÍÓÚÑÃÕÇ");

    /// <summary>Standardises a name held in parts: forenames (first forename and middle names) and surname.</summary>
    public static PersonName FromParts(string? forenames, string? middleNames, string? surname)
    {
        var original = JoinNonBlank(forenames, middleNames, surname);
        var forenameWords = Words(forenames);
        StripTitles(forenameWords);
        var middle = Words(middleNames);
        var surnameWords = Words(surname);
        StripSuffixes(surnameWords);
        StripTitles(surnameWords);
        var first = forenameWords.Count > 0 ? forenameWords[0] : null;
        middle.InsertRange(0, forenameWords.Skip(1));
        return new PersonName(
            first is null ? null : Display(first),
            middle.Count == 0 ? null : Display(string.Join(' ', middle)),
            surnameWords.Count == 0 ? null : Display(string.Join(' ', surnameWords)),
            original);
    }

    /// <summary>
    /// Splits a full name into forenames and surname: "Mrs Sarah Jane Jones", "JONES, Sarah". The last word, with any
    /// particles before it (van der Berg), is the surname unless a comma says otherwise; a Spanish or Portuguese double
    /// surname is kept whole only where the name shows it (see <see cref="DoubleSurnameStart"/>), as "Ana García López"
    /// cannot be told from "Sarah Jane Jones" by its shape: written "García López, Ana" or hyphenated it is exact.
    /// </summary>
    public static PersonName FromFull(string? fullName)
    {
        if (string.IsNullOrWhiteSpace(fullName))
        {
            return new PersonName(null, null, null, fullName?.Trim() ?? string.Empty);
        }

        var original = fullName.Trim();
        var comma = original.IndexOf(',', StringComparison.Ordinal);
        if (comma > 0)
        {
            var parsed = FromParts(original[(comma + 1)..], null, original[..comma]);
            return parsed with { Original = original };
        }

        var words = Words(original);
        StripTitles(words);
        StripSuffixes(words);
        if (words.Count == 0)
        {
            return new PersonName(null, null, null, original);
        }

        if (words.Count == 1)
        {
            return new PersonName(null, null, Display(words[0]), original);
        }

        var surnameStart = words.Count - 1;
        while (surnameStart > 1 && SurnameParticles.Contains(words[surnameStart - 1]))
        {
            surnameStart--;
        }

        surnameStart = DoubleSurnameStart(words, surnameStart);
        var forenames = words.Take(surnameStart).ToList();
        var surname = string.Join(' ', words.Skip(surnameStart));
        return new PersonName(
            Display(forenames[0]),
            forenames.Count > 1 ? Display(string.Join(' ', forenames.Skip(1))) : null,
            Display(surname),
            original);
    }

    /// <summary>
    /// Where a Spanish or Portuguese double surname starts, given where the last surname starts: one word earlier when a
    /// connector joins them ("García y López"), when the word before repeats it ("Martín Martín"), or when the word
    /// before ends in the patronymic -ez and the name looks Iberian, by an accent on that word or an accent or -ez on the
    /// last ("Fernández López", "Fernandez Hernandez"; not "Ali Pervez Khan"). At least one forename always remains.
    /// </summary>
    private static int DoubleSurnameStart(List<string> words, int surnameStart)
    {
        static bool Patronymic(string word) => word.Length >= 5 && Key(word)?.EndsWith("EZ", StringComparison.Ordinal) == true;
        static bool Accented(string word) => word.AsSpan().IndexOfAny(IberianAccents) >= 0;

        if (surnameStart > 2 && words[surnameStart - 1] is "y" or "e")
        {
            return surnameStart - 2;
        }

        if (surnameStart > 1)
        {
            var before = words[surnameStart - 1];
            if (Key(before) == Key(words[surnameStart])
                || (Patronymic(before) && (Accented(before) || Accented(words[^1]) || Patronymic(words[^1]))))
            {
                return surnameStart - 1;
            }
        }

        return surnameStart;
    }

    /// <summary>
    /// The comparable key of a name: upper case, accents folded, and only letters kept (spaces, hyphens and apostrophes
    /// removed), so that "O'Brien", "OBRIEN" and "O Brien" compare equal. Null when no letters remain.
    /// </summary>
    public static string? Key(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var folded = Latin.ToAscii(name, unknown: string.Empty);
        var builder = new StringBuilder(folded.Length);
        foreach (var ch in folded)
        {
            if (char.IsAsciiLetter(ch))
            {
                builder.Append(char.ToUpperInvariant(ch));
            }
        }

        return builder.Length == 0 ? null : builder.ToString();
    }

    /// <summary>
    /// The display form of a name: words in title case with Mc, O' and hyphenated parts capitalised, single spaces,
    /// and the original letters (accents kept). Names typed in mixed case are left as typed.
    /// </summary>
    public static string Display(string name)
    {
        var words = Words(name);
        var allOneCase = name.Equals(name.ToUpperInvariant(), StringComparison.Ordinal) || name.Equals(name.ToLowerInvariant(), StringComparison.Ordinal);
        if (!allOneCase)
        {
            return string.Join(' ', words);
        }

        return string.Join(' ', words.Select(TitleCase));
    }

    private static string TitleCase(string word)
    {
        var chars = word.ToLowerInvariant().ToCharArray();
        var capitalise = true;
        for (var i = 0; i < chars.Length; i++)
        {
            if (capitalise && char.IsLetter(chars[i]))
            {
                chars[i] = char.ToUpperInvariant(chars[i]);
                capitalise = false;
            }

            if (chars[i] is '-' or '\'' or '\u2019')
            {
                capitalise = true;
            }
        }

        var result = new string(chars);
        if (result.Length > 2 && result.StartsWith("Mc", StringComparison.Ordinal))
        {
            result = "Mc" + char.ToUpperInvariant(result[2]) + result[3..];
        }

        return result;
    }

    private static List<string> Words(string? text)
    {
        var words = new List<string>(4);
        if (string.IsNullOrWhiteSpace(text))
        {
            return words;
        }

        foreach (var part in text.Split(WordSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            var word = part.Trim(WordPunctuation);
            if (word.Length > 0)
            {
                words.Add(word);
            }
        }

        return words;
    }

    private static readonly char[] WordSeparators = [' ', '\t', '\u00A0'];
    private static readonly char[] WordPunctuation = ['.', ',', ';'];

    private static string JoinNonBlank(string? first, string? second, string? third)
    {
        var builder = new StringBuilder();
        foreach (var part in (ReadOnlySpan<string?>)[first, second, third])
        {
            if (!string.IsNullOrWhiteSpace(part))
            {
                if (builder.Length > 0)
                {
                    builder.Append(' ');
                }

                builder.Append(part);
            }
        }

        return builder.ToString().Trim();
    }

    private static void StripTitles(List<string> words)
    {
        while (words.Count > 1 && Titles.Contains(words[0].TrimEnd('.')))
        {
            words.RemoveAt(0);
        }
    }

    private static void StripSuffixes(List<string> words)
    {
        while (words.Count > 1 && Suffixes.Contains(words[^1].TrimEnd('.')))
        {
            words.RemoveAt(words.Count - 1);
        }
    }
}
