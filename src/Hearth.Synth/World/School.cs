namespace Hearth.Synth.World;

public enum SchoolPhase : byte
{
    Primary,
    Secondary,
    Special,
    AlternativeProvision,
}

public sealed class School
{
    public required int Id { get; init; }

    public required string Urn { get; init; }

    /// <summary>Four-digit establishment number within the LA.</summary>
    public required int EstablishmentNumber { get; init; }

    /// <summary>LA code and establishment number, for example 9992001.</summary>
    public required string LaEstab { get; init; }

    public required string Name { get; init; }

    public required SchoolPhase Phase { get; init; }

    public required string Type { get; init; }

    public required Locality Locality { get; init; }

    public required Property Site { get; init; }

    /// <summary>Lowest and highest national curriculum years (0 is Reception).</summary>
    public required int FirstYear { get; init; }

    public required int LastYear { get; init; }

    public bool HasSixthForm => LastYear >= 13;

    public int NextAdmissionNumber { get; set; } = 1001;

    /// <summary>UPN serials used so far, by two-digit allocation year.</summary>
    public Dictionary<int, int> UpnSerials { get; } = [];

    public bool Teaches(int year) => year >= FirstYear && year <= LastYear;
}

public enum SenProvision : byte
{
    None,
    SenSupport,
    EhcPlan,
}

/// <summary>A child's school life: where they are on roll, their needs in school and their attendance propensity.</summary>
public sealed class Pupil
{
    public School? School { get; set; }

    /// <summary>A second, subsidiary registration, for example at alternative provision.</summary>
    public School? DualSchool { get; set; }

    public string? AdmissionNumber { get; set; }

    public string? DualAdmissionNumber { get; set; }

    public DateOnly EntryDate { get; set; }

    /// <summary>When the pupil's attendance for the current term at the current school began.</summary>
    public DateOnly TermJoined { get; set; }

    public SenProvision Sen { get; set; }

    public string? SenType { get; set; }

    /// <summary>Baseline share of sessions missed, before family needs add to it.</summary>
    public double BaseAbsence { get; set; }

    /// <summary>Propensity to be suspended, a rate multiplier around 1.</summary>
    public double Behaviour { get; set; }

    public bool PartTimeTimetable { get; set; }

    public bool PermanentlyExcluded { get; set; }

    public int SuspensionSessionsThisYear { get; set; }

    /// <summary>Free school meal eligibility periods.</summary>
    public List<(DateOnly From, DateOnly? To)> FsmPeriods { get; } = [];

    /// <summary>Attendance this term so far, by code.</summary>
    public Dictionary<string, int> TermMarks { get; } = new(StringComparer.Ordinal);

    public bool FsmEligibleOn(DateOnly date) => FsmPeriods.Any(p => p.From <= date && (p.To is null || p.To.Value >= date));
}

/// <summary>A looked-after child's current placement.</summary>
public sealed class CareState
{
    public DateOnly? EpisodeStart { get; set; }

    public string LegalStatus { get; set; } = "C2";

    public string Placement { get; set; } = "U4";

    public Property? PlacementAddress { get; set; }

    public Unit? Carers { get; set; }

    public bool InCare { get; set; }

    public int Episodes { get; set; }
}

/// <summary>A peer group that offends together: an association, not an accusation.</summary>
public sealed class PeerNetwork
{
    public required int Id { get; init; }

    public string TruthId => FormattableString.Invariant($"N{Id:D5}");

    public required Locality Locality { get; init; }

    /// <summary>Expected group incidents per month.</summary>
    public required double Activity { get; init; }

    public List<NetworkMembership> Memberships { get; } = [];

    public IEnumerable<Person> MembersOn(DateOnly date) =>
        Memberships.Where(m => m.From <= date && (m.To is null || m.To.Value > date) && m.Person.IsAliveOn(date)).Select(m => m.Person);
}

public sealed class NetworkMembership
{
    public required Person Person { get; init; }

    public required string Role { get; init; }

    public required DateOnly From { get; init; }

    public DateOnly? To { get; set; }
}
