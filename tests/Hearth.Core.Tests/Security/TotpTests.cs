using System.Text;
using Hearth.Core.Security;

namespace Hearth.Core.Tests.Security;

public class TotpTests
{
    // RFC 6238 appendix B: the SHA-1 key "12345678901234567890"; six digits are the last six of the eight given there.
    private static readonly byte[] RfcKey = Encoding.ASCII.GetBytes("12345678901234567890");

    [Theory]
    [InlineData(59L, "287082")]
    [InlineData(1111111109L, "081804")]
    [InlineData(1111111111L, "050471")]
    [InlineData(1234567890L, "005924")]
    [InlineData(2000000000L, "279037")]
    [InlineData(20000000000L, "353130")]
    public void Code_Rfc6238Vectors_GivesTheRfcCode(long unixSeconds, string expected) =>
        Totp.Code(RfcKey, Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds))).ShouldBe(expected);

    [Fact]
    public void Match_CodeOfAStepAlreadyUsed_IsRefused()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1234567890);
        var code = Totp.Code(RfcKey, Totp.StepAt(now));
        var step = Totp.Match(RfcKey, code, now, lastUsedStep: null);
        step.ShouldBe(Totp.StepAt(now));
        Totp.Match(RfcKey, code, now, lastUsedStep: step).ShouldBeNull("a code works once");
        Totp.Match(RfcKey, Totp.Code(RfcKey, step!.Value - 1), now, lastUsedStep: step).ShouldBeNull("and an older one never");
    }

    [Theory]
    [InlineData(-2, false)]
    [InlineData(-1, true)]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(2, false)]
    public void Match_OnlyWithinOneStepOfNow(int offset, bool accepted)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(2000000000);
        var code = Totp.Code(RfcKey, Totp.StepAt(now) + offset);
        (Totp.Match(RfcKey, code, now, null) is not null).ShouldBe(accepted);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    [InlineData(null)]
    public void Match_NotSixDigits_IsRefused(string? code) => Totp.Match(RfcKey, code, DateTimeOffset.FromUnixTimeSeconds(59), null).ShouldBeNull();

    [Fact]
    public void Base32_RoundTrips_AndReadsSpacesAndLowerCase()
    {
        var key = Totp.NewKey();
        var text = Totp.ToBase32(key);
        Totp.FromBase32(text).ShouldBe(key);
        Totp.FromBase32(string.Join(' ', text.ToLowerInvariant().Chunk(4).Select(c => new string(c)))).ShouldBe(key);
        Totp.ToBase32(Encoding.ASCII.GetBytes("foobar")).ShouldBe("MZXW6YTBOI");
        Should.Throw<FormatException>(() => Totp.FromBase32("ABC1"));
    }

    [Fact]
    public void EnrolmentUri_NamesIssuerAccountAndSecret() =>
        Totp.EnrolmentUri("Hearth", "a.user", "MZXW6YTBOI").ShouldBe("otpauth://totp/Hearth:a.user?secret=MZXW6YTBOI&issuer=Hearth&algorithm=SHA1&digits=6&period=30");
}
