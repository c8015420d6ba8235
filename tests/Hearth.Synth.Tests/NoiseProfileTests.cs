using Hearth.Synth.Noise;

namespace Hearth.Synth.Tests;

public class NoiseProfileTests
{
    [Fact]
    public void FromJson_SomeRates_KeepsTheOtherDefaults()
    {
        var profile = NoiseProfile.FromJson("""{ "name_typo": 0.1, "duplicate_row": 0 }""");
        profile.NameTypo.ShouldBe(0.1);
        profile.DuplicateRow.ShouldBe(0);
        profile.Nickname.ShouldBe(NoiseProfile.Default.Nickname);
    }

    [Theory]
    [InlineData("""{ "name_typo": 1.5 }""")]
    [InlineData("""{ "name_typo": -0.1 }""")]
    [InlineData("""{ "not_a_rate": 0.1 }""")]
    [InlineData("""{ "address_update_delay_days": -3 }""")]
    public void FromJson_BadProfile_IsRejectedWithAReason(string json) =>
        Should.Throw<Exception>(() => NoiseProfile.FromJson(json)).Message.ShouldNotBeNullOrWhiteSpace();

    [Fact]
    public void Scaled_Zero_TurnsEveryRateOff()
    {
        var none = NoiseProfile.Default.Scaled(0);
        foreach (var kind in Enum.GetValues<NoiseKind>())
        {
            none.RateOf(kind).ShouldBe(0);
        }
    }

    [Fact]
    public void Scaled_NeverExceedsOne() =>
        NoiseProfile.Default.Scaled(100).Transliteration.ShouldBe(1);

    [Fact]
    public void ToJson_RoundTrips() =>
        NoiseProfile.FromJson(NoiseProfile.Default.ToJson()).ShouldBe(NoiseProfile.Default);

    [Theory]
    [InlineData(50, 3)]
    [InlineData(1_000, 2)]
    [InlineData(1_000, 11)]
    public void Validate_OutOfRangeOptions_Throw(int people, int years) =>
        Should.Throw<ArgumentOutOfRangeException>(() => new SynthOptions { People = people, Seed = 1, Years = years }.Validate());

    [Fact]
    public void Validate_StartNotFirstOfSeptember_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => new SynthOptions { People = 1_000, Seed = 1, Start = new DateOnly(2024, 1, 1) }.Validate());
}
