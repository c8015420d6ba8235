namespace Hearth.Synth.World;

/// <summary>
/// The latent needs a family can have. They are never written to a feed; they drive the events that are,
/// and they are written to the truth so that rules and scores can be measured against them.
/// </summary>
public enum NeedKind : byte
{
    Worklessness,
    Debt,
    SubstanceMisuse,
    DomesticAbuse,
    MentalHealth,
    HousingInsecurity,
    Offending,
    Exploitation,
    Neglect,
    ParentalConflict,
    SchoolDisengagement,
    EarlyDevelopment,
}

public static class NeedKinds
{
    public static readonly int Count = Enum.GetValues<NeedKind>().Length;

    public static readonly IReadOnlyList<NeedKind> All = Enum.GetValues<NeedKind>();

    /// <summary>The Supporting Families headline each latent need belongs to.</summary>
    public static string Headline(NeedKind kind) => kind switch
    {
        NeedKind.SchoolDisengagement => "EDU",
        NeedKind.EarlyDevelopment => "EY",
        NeedKind.MentalHealth => "HLTH",
        NeedKind.SubstanceMisuse => "SUB",
        NeedKind.ParentalConflict => "REL",
        NeedKind.Exploitation or NeedKind.Neglect => "SAFE",
        NeedKind.Offending => "CRIME",
        NeedKind.DomesticAbuse => "DA",
        NeedKind.HousingInsecurity => "HOUS",
        NeedKind.Worklessness or NeedKind.Debt => "FIN",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string Code(NeedKind kind) => kind switch
    {
        NeedKind.Worklessness => "worklessness",
        NeedKind.Debt => "debt",
        NeedKind.SubstanceMisuse => "substance_misuse",
        NeedKind.DomesticAbuse => "domestic_abuse",
        NeedKind.MentalHealth => "mental_health",
        NeedKind.HousingInsecurity => "housing_insecurity",
        NeedKind.Offending => "offending",
        NeedKind.Exploitation => "exploitation",
        NeedKind.Neglect => "neglect",
        NeedKind.ParentalConflict => "parental_conflict",
        NeedKind.SchoolDisengagement => "school_disengagement",
        NeedKind.EarlyDevelopment => "early_development",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

/// <summary>One need of one family: whether it is active, since when, and who in the family carries it.</summary>
public struct NeedState
{
    public bool Active { get; set; }

    public DateOnly Since { get; set; }

    public Person? Carrier { get; set; }

    public int EpisodeIndex { get; set; }
}
