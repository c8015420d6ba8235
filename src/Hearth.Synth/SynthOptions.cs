using Hearth.Synth.Noise;

namespace Hearth.Synth;

/// <summary>What to generate. The same options always give byte-identical output.</summary>
public sealed record SynthOptions
{
    /// <summary>Residents at the start of the window (births, deaths and moves change it slightly after).</summary>
    public required int People { get; init; }

    public required ulong Seed { get; init; }

    /// <summary>First day of the simulated window: the start of an academic year.</summary>
    public DateOnly Start { get; init; } = new(2023, 9, 1);

    /// <summary>Length of the window in whole academic years (at least 3, so that trends and outcomes mean something).</summary>
    public int Years { get; init; } = 3;

    public NoiseProfile Noise { get; init; } = NoiseProfile.Default;

    /// <summary>The three-digit DfE local authority code used in UPNs and LAESTAB numbers. 999 is not a real LA.</summary>
    public int LocalAuthorityCode { get; init; } = 999;

    /// <summary>The day after the window: the date every extract is taken.</summary>
    public DateOnly ExtractDate => Start.AddYears(Years);

    public void Validate()
    {
        if (People is < 100 or > 5_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(People), People, "A city needs between 100 and 5,000,000 people.");
        }

        if (Years is < 3 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(Years), Years, "The window must be between 3 and 10 years.");
        }

        if (Start.Month != 9 || Start.Day != 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Start), Start, "The window starts on 1 September, the start of an academic year.");
        }

        Noise.Validate();
    }
}
