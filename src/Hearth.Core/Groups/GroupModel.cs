namespace Hearth.Core.Groups;

/// <summary>What the grouping engines need to know of a person: their golden id, date of birth and date of death.</summary>
public sealed record PersonFacts(long Id, DateOnly? DateOfBirth, DateOnly? DiedOn)
{
    /// <summary>Age in whole years on <paramref name="on"/>, or null without a date of birth.</summary>
    public int? AgeOn(DateOnly on)
    {
        if (DateOfBirth is not { } dob)
        {
            return null;
        }

        var age = on.Year - dob.Year;
        return on < dob.AddYears(age) ? age - 1 : age;
    }
}

/// <summary>
/// Evidence that two people are linked: a relationship a source recorded (mother_of, sibling_of, partner_of), or
/// co-involvement the engine derived (the same police incident, the same benefit claim). Directed where the type is
/// (Left is the mother of Right); symmetric types are stored with Left &lt; Right.
/// </summary>
/// <param name="Left">Golden id.</param>
/// <param name="Right">Golden id.</param>
/// <param name="Type">The normalised link type.</param>
/// <param name="Feed">The feed the evidence came from.</param>
/// <param name="From">When the link started, where known.</param>
/// <param name="To">When it ended, where known.</param>
/// <param name="Confidence">How far the link is believed, 0 to 1: a relationship a source recorded between two slots of one record is high; a co-involvement is what it is.</param>
/// <param name="Evidence">A human-readable reference: the record, the incident or claim reference.</param>
public sealed record PersonLink(long Left, long Right, string Type, string Feed, DateOnly? From, DateOnly? To, double Confidence, string Evidence);

/// <summary>A member of a proposed group.</summary>
/// <param name="PersonId">Golden id.</param>
/// <param name="Role">Parent, StepParent, Carer, Child, Adult, Member, core …</param>
/// <param name="From">When the membership started, where known.</param>
/// <param name="To">When it ended (a past resident of a household); null while current.</param>
public sealed record GroupMember(long PersonId, string Role, DateOnly? From = null, DateOnly? To = null);

/// <summary>An edge inside a group with the evidence behind it, so that anyone can see why two people are linked.</summary>
public sealed record GroupEdge(long Left, long Right, double Weight, IReadOnlyList<string> Evidence);

/// <summary>A group an engine proposes, before it is given a stable id.</summary>
/// <param name="Layer">The configured layer (household, family, extended_family, association, or a deployment's own).</param>
/// <param name="Key">A natural key where the layer has one (a household's UPRN); matching previous groups by it keeps ids stable.</param>
/// <param name="Members">Members, current and past.</param>
/// <param name="Edges">The evidence edges that hold the group together.</param>
/// <param name="Uprn">The property, for a household.</param>
public sealed record ProposedGroup(string Layer, string? Key, IReadOnlyList<GroupMember> Members, IReadOnlyList<GroupEdge> Edges, long? Uprn = null)
{
    /// <summary>The golden ids of the current members, ascending.</summary>
    public IReadOnlyList<long> CurrentMembers() => [.. Members.Where(m => m.To is null).Select(m => m.PersonId).Distinct().Order()];
}
