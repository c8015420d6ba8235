using Hearth.Synth.Calendar;
using Hearth.Synth.Reference;

namespace Hearth.Synth.World;

public enum Sex : byte
{
    Male,
    Female,
}

/// <summary>A resident of the synthetic city: the truth that every source record of them is a version of.</summary>
public sealed class Person
{
    public required int Id { get; init; }

    /// <summary>The id used in the ground-truth files, for example P0000042.</summary>
    public string TruthId => FormattableString.Invariant($"P{Id:D7}");

    public required Sex Sex { get; init; }

    public required DateOnly BirthDate { get; init; }

    public DateOnly? DeathDate { get; set; }

    /// <summary>All forenames in order: the first forename, then middle names.</summary>
    public required string[] Forenames { get; init; }

    /// <summary>Which forename the person is known by day to day (1 for a boy named "Mohammed Bilal Khan" known as Bilal).</summary>
    public int KnownAs { get; init; }

    public required string Surname { get; set; }

    /// <summary>The surname used before the last change (marriage, or a child taking a step-parent's name), if any.</summary>
    public string? PreviousSurname { get; set; }

    public DateOnly? SurnameChangedOn { get; set; }

    public required Tradition Tradition { get; init; }

    /// <summary>DfE ethnicity code.</summary>
    public required string Ethnicity { get; init; }

    /// <summary>DfE first-language code.</summary>
    public required string Language { get; init; }

    public string? NhsNumber { get; set; }

    public string? Nino { get; set; }

    public string? Upn { get; set; }

    public string? Uln { get; set; }

    public string? Mobile { get; set; }

    public string? Email { get; set; }

    public Person? Mother { get; init; }

    public Person? Father { get; init; }

    /// <summary>The family unit the person belongs to (a looked-after child keeps their birth family).</summary>
    public Unit? Family { get; set; }

    public MemberRole Role { get; set; }

    /// <summary>The unit whose home the person lives in now (for a child in foster care, the carers' unit).</summary>
    public Unit? Household { get; set; }

    /// <summary>Where the person lives now and since when; earlier homes are in <see cref="Homes"/>.</summary>
    public List<Residence> Homes { get; } = [];

    public Property? Home => Homes.Count == 0 ? null : Homes[^1].Property;

    /// <summary>A child's school life and risk state; null for adults who left school before the window.</summary>
    public Pupil? Pupil { get; set; }

    /// <summary>Present when the person is, or was, looked after by the local authority.</summary>
    public CareState? Care { get; set; }

    /// <summary>The peer network the person is drawn into, if any.</summary>
    public PeerNetwork? Network { get; set; }

    public bool InWorkOrStudy { get; set; }

    /// <summary>Partner in the same unit, if any.</summary>
    public Person? Partner { get; set; }

    public string KnownAsForename => Forenames[KnownAs];

    public string FullForenames => string.Join(' ', Forenames);

    public bool IsAliveOn(DateOnly date) => DeathDate is null || DeathDate.Value > date;

    public int AgeOn(DateOnly date) => SchoolCalendar.AgeOn(BirthDate, date);

    public bool IsBornBy(DateOnly date) => BirthDate <= date;

    public bool LivesIn(Property property) => Home == property;

    public override string ToString() => FormattableString.Invariant($"{TruthId} {FullForenames} {Surname} ({BirthDate:yyyy-MM-dd})");
}

public readonly record struct Residence(Property Property, DateOnly From);

public enum MemberRole : byte
{
    None,
    Adult,
    Parent,
    StepParent,
    Child,
    Grandparent,
    AdultChild,
    OtherRelative,
    Sharer,
    FosterCarer,
}
