using Hearth.Core.Text;

namespace Hearth.Core.Tests.Text;

public class DoubleMetaphoneTests
{
    [Theory]
    [InlineData("SMITH", "SMYTH")]
    [InlineData("CATHERINE", "KATHRYN")]
    [InlineData("STEPHEN", "STEVEN")]
    [InlineData("MOHAMMED", "MUHAMMAD")]
    public void Agree_NamesThatSoundAlike_Agree(string a, string b) =>
        DoubleMetaphone.Agree(DoubleMetaphone.Encode(a), DoubleMetaphone.Encode(b)).ShouldBeTrue();

    [Theory]
    [InlineData("SMITH", "JONES")]
    [InlineData("PATEL", "NOWAK")]
    public void Agree_DifferentNames_DoNotAgree(string a, string b) =>
        DoubleMetaphone.Agree(DoubleMetaphone.Encode(a), DoubleMetaphone.Encode(b)).ShouldBeFalse();

    [Fact]
    public void Encode_AnyLettersAtAll_NeverThrows_AndFitsTheLength()
    {
        var random = new Random(4);
        for (var n = 0; n < 50_000; n++)
        {
            var word = new string([.. Enumerable.Range(0, random.Next(1, 12)).Select(_ => (char)('A' + random.Next(26)))]);
            var code = DoubleMetaphone.Encode(word);
            code.Primary.Length.ShouldBeLessThanOrEqualTo(4, word);
            code.Alternate.Length.ShouldBeLessThanOrEqualTo(4, word);
        }
    }
}
