using System.Text;
using Hearth.Synth.Randomness;

namespace Hearth.Synth.Noise;

/// <summary>The individual mistakes people make when they type names, dates and identifiers.</summary>
public static class Mistakes
{
    private static readonly string[] KeyboardRows = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];

    /// <summary>One keyboard slip: a neighbouring key, a doubled or dropped letter, or two letters swapped. Never the first letter.</summary>
    public static string Typo(string text, SynthRandom random)
    {
        if (text.Length < 3)
        {
            return text + text[^1];
        }

        var position = random.Next(1, text.Length);
        var chars = new StringBuilder(text);
        switch (random.Next(4))
        {
            case 0:
                var neighbour = Neighbour(text[position], random);
                if (neighbour == text[position])
                {
                    goto case 2;
                }

                chars[position] = neighbour;
                break;
            case 1:
                chars.Insert(position, text[position]);
                break;
            case 2:
                chars.Remove(position, 1);
                break;
            default:
                if (position == text.Length - 1)
                {
                    position--;
                }

                if (position < 1 || text[position] == text[position + 1])
                {
                    goto case 1;
                }

                (chars[position], chars[position + 1]) = (chars[position + 1], chars[position]);
                break;
        }

        return chars.ToString();
    }

    /// <summary>One digit changed, or two neighbouring digits swapped (when they differ). Letters are left alone.</summary>
    public static string IdentifierTypo(string identifier, SynthRandom random)
    {
        var digitPositions = Enumerable.Range(0, identifier.Length).Where(i => char.IsAsciiDigit(identifier[i])).ToArray();
        if (digitPositions.Length == 0)
        {
            return identifier;
        }

        var chars = identifier.ToCharArray();
        var position = digitPositions[random.Next(digitPositions.Length)];
        if (random.Chance(0.5) && position + 1 < chars.Length && char.IsAsciiDigit(chars[position + 1]) && chars[position] != chars[position + 1])
        {
            (chars[position], chars[position + 1]) = (chars[position + 1], chars[position]);
        }
        else
        {
            chars[position] = (char)('0' + ((chars[position] - '0' + random.Next(1, 10)) % 10));
        }

        return new string(chars);
    }

    /// <summary>True when swapping day and month gives another real date.</summary>
    public static bool CanTranspose(DateOnly date) => date.Day <= 12 && date.Day != date.Month;

    public static DateOnly Transpose(DateOnly date) => new(date.Year, date.Day, date.Month);

    /// <summary>One part of the date wrong: a day off by one or two, the month off by one, or a year digit slip.</summary>
    public static DateOnly OnePartWrong(DateOnly date, SynthRandom random)
    {
        switch (random.Next(3))
        {
            case 0:
                var day = date.Day + (random.Chance(0.5) ? 1 : -1) * random.Next(1, 3);
                day = Math.Clamp(day, 1, DateTime.DaysInMonth(date.Year, date.Month));
                return day == date.Day ? date.AddDays(date.Day == 1 ? 1 : -1) : new DateOnly(date.Year, date.Month, day);
            case 1:
                var month = date.Month == 12 ? 11 : date.Month + 1;
                return new DateOnly(date.Year, month, Math.Min(date.Day, DateTime.DaysInMonth(date.Year, month)));
            default:
                var year = date.Year + (random.Chance(0.5) ? 1 : -1) * (random.Chance(0.8) ? 1 : 10);
                return new DateOnly(year, date.Month, Math.Min(date.Day, DateTime.DaysInMonth(year, date.Month)));
        }
    }

    /// <summary>One character of a postcode mistyped: a neighbouring letter or digit, or O for 0 and the like.</summary>
    public static string PostcodeTypo(string postcode, SynthRandom random)
    {
        var positions = Enumerable.Range(0, postcode.Length).Where(i => postcode[i] != ' ').ToArray();
        var chars = postcode.ToCharArray();
        var position = positions[random.Next(positions.Length)];
        var ch = chars[position];
        chars[position] = ch switch
        {
            '0' => 'O',
            'O' => '0',
            '1' => 'I',
            '5' => 'S',
            _ when char.IsAsciiDigit(ch) => (char)('0' + ((ch - '0' + random.Next(1, 10)) % 10)),
            _ => char.ToUpperInvariant(Neighbour(char.ToLowerInvariant(ch), random)),
        };
        if (chars[position] == ch)
        {
            chars[position] = ch == 'A' ? 'B' : 'A';
        }

        return new string(chars);
    }

    private static char Neighbour(char ch, SynthRandom random)
    {
        var lower = char.ToLowerInvariant(ch);
        foreach (var row in KeyboardRows)
        {
            var index = row.IndexOf(lower, StringComparison.Ordinal);
            if (index < 0)
            {
                continue;
            }

            var options = new List<char>(2);
            if (index > 0)
            {
                options.Add(row[index - 1]);
            }

            if (index < row.Length - 1)
            {
                options.Add(row[index + 1]);
            }

            var picked = options[random.Next(options.Count)];
            return char.IsUpper(ch) ? char.ToUpperInvariant(picked) : picked;
        }

        return ch;
    }
}
