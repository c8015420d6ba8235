namespace Hearth.Core.Rules;

/// <summary>One event of a subject as the store holds it, with the evidence id (the events row id) a reason points at.</summary>
public sealed record SubjectEvent(long Id, string Feed, string Type, DateOnly Date, DateOnly? EndDate, IReadOnlyDictionary<string, string> Attributes);

/// <summary>
/// What a rule set sees of a subject: its own attributes (date of birth, sex and so on) and its events. The events are
/// indexed by type once, so that every rule set evaluated on the snapshot reads only the types it asks for.
/// </summary>
public sealed class Subject
{
    private static readonly IReadOnlyList<SubjectEvent> None = [];
    private readonly Dictionary<string, List<SubjectEvent>> _byType = new(StringComparer.Ordinal);

    /// <summary>Creates a snapshot of a subject from its attributes and events, and for a family its members.</summary>
    public Subject(long id, DateOnly? dateOfBirth, IReadOnlyDictionary<string, string> attributes, IEnumerable<SubjectEvent> events, IReadOnlyList<SubjectMember>? members = null)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(events);
        Id = id;
        DateOfBirth = dateOfBirth;
        Attributes = attributes;
        Members = members ?? [];
        foreach (var e in events)
        {
            if (!_byType.TryGetValue(e.Type, out var list))
            {
                _byType[e.Type] = list = [];
            }

            list.Add(e);
        }
    }

    /// <summary>
    /// A family as a rule set sees it: its members, each a person subject with their role, and every member's events as
    /// its own, so that a count over the family counts an event of any member.
    /// </summary>
    public static Subject Family(long id, IReadOnlyDictionary<string, string> attributes, IReadOnlyList<SubjectMember> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        return new Subject(id, null, attributes, members.SelectMany(m => m.Person.AllEvents), members);
    }

    /// <summary>The subject's id (a golden record id for a person, a group id for a family).</summary>
    public long Id { get; }

    /// <summary>The date of birth, when known.</summary>
    public DateOnly? DateOfBirth { get; }

    /// <summary>The subject's own attributes, for example sex.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; }

    /// <summary>A family's members (none for a person).</summary>
    public IReadOnlyList<SubjectMember> Members { get; }

    /// <summary>Every event of the subject.</summary>
    public IEnumerable<SubjectEvent> AllEvents => _byType.Values.SelectMany(list => list);

    /// <summary>The subject's events of one type.</summary>
    public IReadOnlyList<SubjectEvent> EventsOf(string type) => _byType.TryGetValue(type, out var list) ? list : None;

    /// <summary>Age in whole years on a date, or null without a date of birth.</summary>
    public int? AgeOn(DateOnly date)
    {
        if (DateOfBirth is not { } dob)
        {
            return null;
        }

        var age = date.Year - dob.Year;
        if (date.Month < dob.Month || (date.Month == dob.Month && date.Day < dob.Day))
        {
            age--;
        }

        return age;
    }
}

/// <summary>A member of a family subject: the person as a subject of their own, and their role in the family (Parent, Child, ...).</summary>
public sealed record SubjectMember(Subject Person, string Role);

/// <summary>An event a reason rests on.</summary>
public sealed record Evidence(long EventId, string Feed, string EventType, DateOnly Date);

/// <summary>Why a score is what it is: a rule or an override that fired, what was measured and the events it rests on.</summary>
/// <param name="Kind">rule or override.</param>
/// <param name="Id">The rule's or override's id.</param>
/// <param name="Indicator">The indicator the rule measures (the id for an override).</param>
/// <param name="Description">The rule's description.</param>
/// <param name="Weight">The rule's weight (0 for an override).</param>
/// <param name="Counted">False when a higher level of the same indicator also fired and counted instead.</param>
/// <param name="Facts">What was measured, for each condition that held, for example "attendance_term present / sessions_possible over the last 3 terms = 0.612 (&lt; 0.9)".</param>
/// <param name="Evidence">The events the facts rest on.</param>
public sealed record ScoreReason(string Kind, string Id, string Indicator, string Description, double Weight, bool Counted, IReadOnlyList<string> Facts, IReadOnlyList<Evidence> Evidence);

/// <summary>A rule set's answer for one subject at one date.</summary>
public sealed record RuleSetScore(string RuleSet, string Version, double Score, string Band, IReadOnlyList<ScoreReason> Reasons);
