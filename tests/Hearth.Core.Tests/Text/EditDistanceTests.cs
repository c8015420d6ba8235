using Hearth.Core.Text;

namespace Hearth.Core.Tests.Text;

public class EditDistanceTests
{
    [Theory]
    [InlineData("", "", 0)]
    [InlineData("", "ABC", 3)]
    [InlineData("ABC", "", 3)]
    [InlineData("KITTEN", "SITTING", 3)]
    [InlineData("CA", "AC", 1)]
    [InlineData("ABC", "CA", 3)]             // optimal string alignment: no edit of a swapped pair
    [InlineData("SMITH", "SMYTH", 1)]
    [InlineData("9434765919", "9434765991", 1)]
    [InlineData("MOHAMMED", "MUHAMMAD", 2)]
    public void DamerauLevenshtein_KnownPairs_GiveTheDistance(string a, string b, int expected) =>
        EditDistance.DamerauLevenshtein(a, b).ShouldBe(expected);

    [Theory]
    [InlineData("SMITH", "SMITH", true)]
    [InlineData("SMITH", "SMYTH", true)]
    [InlineData("SMITH", "SMITHS", true)]
    [InlineData("SMITH", "MITH", true)]
    [InlineData("SMITH", "SMIHT", true)]
    [InlineData("SMITH", "SMYTHE", false)]
    [InlineData("SMITH", "MSIHT", false)]
    [InlineData("", "A", true)]
    [InlineData("", "AB", false)]
    public void WithinOne_KnownPairs_AreJudged(string a, string b, bool expected) =>
        EditDistance.WithinOne(a, b).ShouldBe(expected);

    [Fact]
    public void WithinOne_RandomShortStrings_AgreesWithTheDistance()
    {
        var random = new Random(20261129);
        for (var n = 0; n < 20_000; n++)
        {
            var a = Word(random);
            var b = random.Next(3) == 0 ? Mutate(a, random) : Word(random);
            EditDistance.WithinOne(a, b).ShouldBe(EditDistance.DamerauLevenshtein(a, b) <= 1, $"{a} / {b}");
        }
    }

    private static string Word(Random random) => new([.. Enumerable.Range(0, random.Next(0, 6)).Select(_ => (char)('A' + random.Next(3)))]);

    private static string Mutate(string word, Random random)
    {
        var chars = word.ToList();
        switch (random.Next(4))
        {
            case 0 when chars.Count > 0:
                chars.RemoveAt(random.Next(chars.Count));
                break;
            case 1:
                chars.Insert(random.Next(chars.Count + 1), (char)('A' + random.Next(3)));
                break;
            case 2 when chars.Count > 0:
                chars[random.Next(chars.Count)] = (char)('A' + random.Next(3));
                break;
            case 3 when chars.Count > 1:
                var i = random.Next(chars.Count - 1);
                (chars[i], chars[i + 1]) = (chars[i + 1], chars[i]);
                break;
        }

        return new string([.. chars]);
    }
}
