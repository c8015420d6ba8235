namespace Hearth.Core.Rules;

/// <summary>
/// A test of a subject at the evaluation date. Exactly one property is given: a combination (all, any, not), a measure
/// of the subject's events over a time window (count, rate, sum), a fact about the subject (age, attribute), for a
/// family the members for whom a condition holds (members), or, in an override, the rules that fired (fired).
/// </summary>
public sealed record Condition
{
    /// <summary>Holds when every one of these holds.</summary>
    public IReadOnlyList<Condition>? All { get; init; }

    /// <summary>Holds when at least one of these holds (every one that holds is given as a reason).</summary>
    public IReadOnlyList<Condition>? Any { get; init; }

    /// <summary>Holds when this does not.</summary>
    public Condition? Not { get; init; }

    /// <summary>The number of matching events in the window, compared with a threshold.</summary>
    public EventCount? Count { get; init; }

    /// <summary>One attribute's total over another's across the matching events in the window (for example present over sessions_possible), compared with a threshold.</summary>
    public EventRate? Rate { get; init; }

    /// <summary>An attribute's total across the matching events in the window (for example sessions of suspension), compared with a threshold.</summary>
    public EventSum? Sum { get; init; }

    /// <summary>The subject's age in whole years at the evaluation date, compared with a threshold; false when the date of birth is not known.</summary>
    public Comparison? Age { get; init; }

    /// <summary>One of the subject's own attributes (for example sex) is one of the values given.</summary>
    public AttributeIn? Attribute { get; init; }

    /// <summary>Only in an override: some of the rules fired (any, or those named), optionally with at least a weight.</summary>
    public FiredRules? Fired { get; init; }

    /// <summary>Only in a family rule set: the number of the family's members (with one of the roles given) for whom a condition holds, compared with a threshold.</summary>
    public MemberCount? Members { get; init; }
}

/// <summary>A count of a family's members: those with one of the roles, for whom the condition holds, tested on each member as a person.</summary>
public sealed record MemberCount
{
    /// <summary>The roles that count (for example Child, or Parent, StepParent and Carer); none means every member.</summary>
    public IReadOnlyList<string>? Roles { get; init; }

    /// <summary>The condition tested on each member, as if the member were the subject (their age, their events); none means every member with the role counts.</summary>
    public Condition? When { get; init; }

    /// <summary>The threshold the number of members is compared with; by default at least one.</summary>
    public Comparison? Is { get; init; }
}

/// <summary>A numeric threshold; every bound given must hold.</summary>
public sealed record Comparison
{
    /// <summary>Less than.</summary>
    public double? Lt { get; init; }

    /// <summary>Less than or equal to.</summary>
    public double? Le { get; init; }

    /// <summary>Greater than.</summary>
    public double? Gt { get; init; }

    /// <summary>Greater than or equal to.</summary>
    public double? Ge { get; init; }

    /// <summary>Equal to.</summary>
    public double? Eq { get; init; }
}

/// <summary>Which of the subject's events a measure counts.</summary>
public abstract record EventSelection
{
    /// <summary>The event types to count, for example exclusion; one or more.</summary>
    public required IReadOnlyList<string> Events { get; init; }

    /// <summary>Only events from this feed, when given.</summary>
    public string? Feed { get; init; }

    /// <summary>Only events whose attribute has one of the values given, for each attribute named (for example category: [SUSP]).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Where { get; init; }

    /// <summary>Only events whose attribute, a list separated by ; or , (for example an early help assessment's needs "FIN; HLTH"), includes one of the values given, for each attribute named.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? WhereIncludes { get; init; }

    /// <summary>Only events that have a value for each of these attributes (for example co_defendants).</summary>
    public IReadOnlyList<string>? Has { get; init; }

    /// <summary>Only events whose attribute, read as a number, meets the threshold, for each attribute named (for example gravity_score: {ge: 5}).</summary>
    public IReadOnlyDictionary<string, Comparison>? WhereNumber { get; init; }

    /// <summary>The look-back from the evaluation date. None means all of the subject's history up to the evaluation date.</summary>
    public Window? Window { get; init; }
}

/// <summary>A count of events.</summary>
public sealed record EventCount : EventSelection
{
    /// <summary>The threshold the count is compared with; by default at least one.</summary>
    public Comparison? Is { get; init; }
}

/// <summary>A rate: the total of one attribute over the total of another across the events.</summary>
public sealed record EventRate : EventSelection
{
    /// <summary>The attribute summed above the line, for example present.</summary>
    public required string Numerator { get; init; }

    /// <summary>The attribute summed below the line, for example sessions_possible. With no total above zero the rate is unknown and the condition does not hold.</summary>
    public required string Denominator { get; init; }

    /// <summary>The threshold the rate (0 to 1 for a proportion) is compared with.</summary>
    public required Comparison Is { get; init; }
}

/// <summary>The total of an attribute across the events.</summary>
public sealed record EventSum : EventSelection
{
    /// <summary>The attribute summed; values that are not numbers are left out.</summary>
    public required string Attribute { get; init; }

    /// <summary>The threshold the total is compared with.</summary>
    public required Comparison Is { get; init; }
}

/// <summary>
/// A look-back window ending at the evaluation date: days, calendar months or school terms (exactly one). A term window
/// covers the term the evaluation date falls in and the ones before it, and places an event by its academic_year and
/// term attributes when it has them (attendance returns), otherwise by its date.
/// </summary>
public sealed record Window
{
    /// <summary>The last this many days.</summary>
    public int? Days { get; init; }

    /// <summary>The last this many calendar months.</summary>
    public int? Months { get; init; }

    /// <summary>The last this many school terms (autumn from 1 September, spring from 1 January, summer from 1 April), the current one included.</summary>
    public int? Terms { get; init; }

    /// <summary>Count events whose period overlaps the window (an event with no end date is still open), such as a plan open during it, rather than events that started in it.</summary>
    public bool Overlapping { get; init; }
}

/// <summary>A subject attribute test.</summary>
public sealed record AttributeIn
{
    /// <summary>The attribute, for example sex.</summary>
    public required string Name { get; init; }

    /// <summary>The values that make the condition hold.</summary>
    public required IReadOnlyList<string> In { get; init; }
}

/// <summary>A test of the rules that fired, for overrides.</summary>
public sealed record FiredRules
{
    /// <summary>The rule ids to look at; none means every rule.</summary>
    public IReadOnlyList<string>? Rules { get; init; }

    /// <summary>Only rules with at least this weight count (for example 3, a high indicator).</summary>
    public double? MinWeight { get; init; }
}
