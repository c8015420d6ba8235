using Hearth.Core.Text;

namespace Hearth.Core.Tests.Text;

public class EditDistanceTests
{
    [Theory]
    [InlineData("", "", 0)]
    [InlineData("", "ABC", 3)]
    [InlineData("ABC", "", 3)]
    [InlineData("SMITH", "SMITH", 0)]
    [InlineData("CA", "AC", 1)]           // one adjacent transposition
    [InlineData("CA", "ABC", 3)]          // optimal string alignment: 3 (unrestricted Damerau-Levenshtein gives 2)
    [InlineData("ABC", "CA", 3)]
    [InlineData("KITTEN", "SITTING", 3)]  // the textbook Levenshtein example: no transposition helps
    [InlineData("SATURDAY", "SUNDAY", 3)]
    [InlineData("FLAW", "LAWN", 2)]
    [InlineData("A", "B", 1)]
    [InlineData("AB", "BA", 1)]
    [InlineData("ABCD", "BADC", 2)]       // two separate transpositions
    [InlineData("ABCDEF", "ABDCEF", 1)]
    [InlineData("OBRIEN", "OBRIAN", 1)]
    [InlineData("MOHAMMED", "MUHAMMAD", 2)]
    [InlineData("4857773456", "4857773465", 1)]  // NHS-number style: last two digits swapped
    [InlineData("4857773456", "4587773456", 1)]
    [InlineData("4857773456", "4857773457", 1)]
    [InlineData("4857773456", "485777345", 1)]
    public void DamerauLevenshtein_KnownPairs_GiveTheDistance(string a, string b, int expected)
    {
        EditDistance.DamerauLevenshtein(a, b).ShouldBe(expected);
        EditDistance.DamerauLevenshtein(b, a).ShouldBe(expected);
    }

    [Fact]
    public void DamerauLevenshtein_LongStrings_WorkPastTheStackBuffer()
    {
        var a = new string('A', 300) + "XY";
        var b = new string('A', 300) + "YX";

        EditDistance.DamerauLevenshtein(a, b).ShouldBe(1);
        EditDistance.DamerauLevenshtein(a, new string('B', 302)).ShouldBe(302);
    }

    [Fact]
    public void DamerauLevenshtein_RandomStrings_AgreeWithTheFullMatrix()
    {
        var random = new Random(20250101);
        for (var n = 0; n < 5000; n++)
        {
            var a = RandomString(random, "ABC", 0, 9);
            var b = RandomString(random, "ABC", 0, 9);

            EditDistance.DamerauLevenshtein(a, b).ShouldBe(FullMatrix(a, b), $"{a} / {b}");
        }
    }

    [Fact]
    public void DamerauLevenshtein_OptimalStringAlignment_IsNotAMetric()
    {
        // Documented consequence of the restriction: the triangle inequality fails (CA -> AC -> ABC).
        var direct = EditDistance.DamerauLevenshtein("CA", "ABC");
        var viaAc = EditDistance.DamerauLevenshtein("CA", "AC") + EditDistance.DamerauLevenshtein("AC", "ABC");

        direct.ShouldBe(3);
        viaAc.ShouldBe(2);
    }

    [Theory]
    [InlineData("", "", true)]
    [InlineData("", "A", true)]
    [InlineData("", "AB", false)]
    [InlineData("SMITH", "SMITH", true)]
    [InlineData("SMITH", "SMYTH", true)]    // substitution
    [InlineData("SMITH", "SMIHT", true)]    // transposition at the end
    [InlineData("SMITH", "MSITH", true)]    // transposition at the start
    [InlineData("SMITH", "SMITHE", true)]   // insertion at the end
    [InlineData("SMITH", "XSMITH", true)]   // insertion at the start
    [InlineData("SMITH", "SMTH", true)]     // deletion in the middle
    [InlineData("SMITH", "SMYHT", false)]   // substitution and transposition
    [InlineData("SMITH", "SMITHSON", false)]
    [InlineData("SMITH", "SIMTH", true)]
    [InlineData("SMITH", "SITHM", false)]   // moved two places
    [InlineData("SMITH", "HTIMS", false)]
    [InlineData("ABC", "CBA", false)]       // swapping the ends is two edits
    [InlineData("CA", "ABC", false)]
    [InlineData("AB", "BA", true)]
    [InlineData("AA", "AA", true)]
    [InlineData("ABA", "BAA", true)]
    [InlineData("ABA", "AAB", true)]
    [InlineData("4857773456", "4857773465", true)]
    [InlineData("4857773456", "4857773546", true)]
    [InlineData("4857773456", "4857773654", false)]  // two digits apart swapped: two substitutions
    [InlineData("4857773456", "1857773456", true)]
    [InlineData("4857773456", "1857773457", false)]
    public void WithinOne_KnownPairs_GiveTheAnswer(string a, string b, bool expected)
    {
        EditDistance.WithinOne(a, b).ShouldBe(expected);
        EditDistance.WithinOne(b, a).ShouldBe(expected);
    }

    [Fact]
    public void WithinOne_RandomStrings_AgreesWithTheDistance()
    {
        var random = new Random(424242);
        var within = 0;
        for (var n = 0; n < 20000; n++)
        {
            var a = RandomString(random, "ABC", 0, 7);
            var b = n % 2 == 0 ? RandomString(random, "ABC", 0, 7) : OneRandomEdit(random, a, "ABC");
            var expected = EditDistance.DamerauLevenshtein(a, b) <= 1;

            EditDistance.WithinOne(a, b).ShouldBe(expected, $"{a} / {b}");
            within += expected ? 1 : 0;
        }

        // The sample must exercise both answers, or the test proves little.
        within.ShouldBeInRange(5000, 15000);
    }

    private static string RandomString(Random random, string alphabet, int minLength, int maxLength)
    {
        var chars = new char[random.Next(minLength, maxLength + 1)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }

    private static string OneRandomEdit(Random random, string text, string alphabet)
    {
        var letter = alphabet[random.Next(alphabet.Length)];
        switch (text.Length == 0 ? 0 : random.Next(4))
        {
            case 0:
                return text.Insert(random.Next(text.Length + 1), letter.ToString());
            case 1:
                return text.Remove(random.Next(text.Length), 1);
            case 2:
                var at = random.Next(text.Length);
                return string.Concat(text.AsSpan(0, at), letter.ToString(), text.AsSpan(at + 1));
            default:
                if (text.Length < 2)
                {
                    return text;
                }

                var i = random.Next(text.Length - 1);
                var chars = text.ToCharArray();
                (chars[i], chars[i + 1]) = (chars[i + 1], chars[i]);
                return new string(chars);
        }
    }

    // The textbook optimal string alignment recurrence over the whole matrix, as an independent check.
    private static int FullMatrix(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
