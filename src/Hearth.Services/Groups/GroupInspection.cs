using System.Globalization;
using System.Text.Json;
using Dapper;
using Hearth.Services.Access;
using Hearth.Services.Audit;

namespace Hearth.Services.Groups;

/// <summary>A person as the groups see them.</summary>
public sealed record PersonInGroups(long GoldenId, string Name, string? DateOfBirth, IReadOnlyList<ResidenceRow> Residences, IReadOnlyList<MembershipRow> Groups, IReadOnlyList<LinkRow> Links);

/// <summary>A period at a property, with the evidence for it.</summary>
public sealed record ResidenceRow(long Uprn, string? Address, string From, string? To, bool IsCurrent, IReadOnlyList<string> Evidence);

/// <summary>A membership of a group, current or past.</summary>
public sealed record MembershipRow(long GroupId, string Layer, string Role, string? From, string? To);

/// <summary>A link from one person to another and the evidence behind it.</summary>
public sealed record LinkRow(long OtherId, string OtherName, string Type, string Direction, string Feed, string? From, string? To, double Confidence, IReadOnlyList<string> Evidence);

/// <summary>A member of a group, as listed by <c>hearth show family</c>.</summary>
public sealed record GroupMemberRow(long GoldenId, string Name, string? DateOfBirth, string Role, string? From, string? To);

/// <summary>An evidence edge inside a group.</summary>
public sealed record GroupEdgeRow(long Left, long Right, double Weight, IReadOnlyList<string> Evidence);

/// <summary>A change to a group's membership.</summary>
public sealed record GroupChangeRow(long RunId, string AsOf, string Change, long? GoldenId, string? Role);

/// <summary>A group with its members, the evidence edges that hold it together, the links between its members and its history.</summary>
public sealed record GroupDetail(long Id, string Layer, string Kind, long? Uprn, string? RetiredInRun, IReadOnlyList<GroupMemberRow> Members, IReadOnlyList<GroupEdgeRow> Edges, IReadOnlyList<LinkRow> LinksBetweenMembers, IReadOnlyList<GroupChangeRow> Changes);

/// <summary>
/// Reads a person's or a group's groups with the evidence behind every link, for <c>hearth show</c>. Every look is
/// audited, in the same transaction as the read, because it shows people's data. It reads without need-to-know scope
/// (the links of a person reach people anyone else may not see), so only an administrator may use it; the portal's
/// family view (Portal/FamilyService) applies scope.
/// </summary>
public sealed class GroupInspection(AuditLog audit)
{
    public PersonInGroups? Person(AccessContext access, long goldenId)
    {
        ArgumentNullException.ThrowIfNull(access);
        DemandAdministrator(access, Permission.ViewPerson);
        using var unit = audit.Begin();
        var c = unit.Connection;
        var t = unit.Transaction;
        var person = c.QueryFirstOrDefault<(long Id, string? Forename, string? Surname, string? Dob)?>(
            "SELECT id, forename, surname, date_of_birth FROM golden_records WHERE id = @goldenId AND retired_run_id IS NULL", new { goldenId }, t);
        PersonInGroups? result = null;
        if (person is { } p)
        {
            var residences = c.Query<(long Uprn, string From, string? To, bool IsCurrent, string Evidence, string? Address)>(
                "SELECT r.uprn, r.from_date, r.to_date, r.is_current, r.evidence, " + AddressOf("r.uprn") + " FROM residences r WHERE r.golden_id = @goldenId ORDER BY r.from_date", new { goldenId }, t)
                .Select(r => new ResidenceRow(r.Uprn, r.Address, r.From, r.To, r.IsCurrent, Strings(r.Evidence))).ToList();
            var groups = c.Query<(long Id, string Layer, string Role, string? From, string? To)>(
                "SELECT g.id, g.layer, gm.role, gm.from_date, gm.to_date FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE gm.golden_id = @goldenId ORDER BY gm.to_date IS NOT NULL, g.layer, g.id, gm.from_date",
                new { goldenId }, t).Select(g => new MembershipRow(g.Id, g.Layer, g.Role, g.From, g.To)).ToList();
            result = new PersonInGroups(p.Id, Name(p.Forename, p.Surname), p.Dob, residences, groups, Links(unit, [goldenId], goldenId));
        }

        unit.Append(access, new AuditEvent(AuditActions.ViewPerson, "person", goldenId.ToString(CultureInfo.InvariantCulture), Detail: new { view = "groups", found = result is not null }));
        unit.Commit();
        return result;
    }

    public GroupDetail? Group(AccessContext access, long groupId)
    {
        ArgumentNullException.ThrowIfNull(access);
        DemandAdministrator(access, Permission.ViewFamily);
        using var unit = audit.Begin();
        var c = unit.Connection;
        var t = unit.Transaction;
        var group = c.QueryFirstOrDefault<(long Id, string Layer, string Kind, long? Uprn, long? Retired)?>(
            "SELECT id, layer, kind, uprn, retired_run_id FROM groups WHERE id = @groupId", new { groupId }, t);
        GroupDetail? result = null;
        if (group is { } g)
        {
            var members = c.Query<(long Id, string? Forename, string? Surname, string? Dob, string Role, string? From, string? To)>(
                "SELECT gm.golden_id, r.forename, r.surname, r.date_of_birth, gm.role, gm.from_date, gm.to_date FROM group_members gm LEFT JOIN golden_records r ON r.id = gm.golden_id WHERE gm.group_id = @groupId ORDER BY gm.to_date IS NOT NULL, r.date_of_birth, gm.golden_id, gm.from_date",
                new { groupId }, t).Select(m => new GroupMemberRow(m.Id, Name(m.Forename, m.Surname), m.Dob, m.Role, m.From, m.To)).ToList();
            var edges = c.Query<(long Left, long Right, double Weight, string Evidence)>(
                "SELECT left_golden_id, right_golden_id, weight, evidence FROM group_edges WHERE group_id = @groupId ORDER BY left_golden_id, right_golden_id", new { groupId }, t)
                .Select(e => new GroupEdgeRow(e.Left, e.Right, e.Weight, Strings(e.Evidence))).ToList();
            var changes = c.Query<(long Run, string AsOf, string Change, long? Golden, string? Role)>(
                "SELECT ch.run_id, r.as_of, ch.change, ch.golden_id, ch.role FROM group_changes ch JOIN group_runs r ON r.id = ch.run_id WHERE ch.group_id = @groupId ORDER BY ch.id", new { groupId }, t)
                .Select(ch => new GroupChangeRow(ch.Run, ch.AsOf, ch.Change, ch.Golden, ch.Role)).ToList();
            var current = members.Where(m => m.To is null).Select(m => m.GoldenId).Distinct().ToList();
            result = new GroupDetail(g.Id, g.Layer, g.Kind, g.Uprn, g.Retired?.ToString(CultureInfo.InvariantCulture), members, edges, Links(unit, current, null), changes);
        }

        unit.Append(access, new AuditEvent(AuditActions.ViewFamily, "family", groupId.ToString(CultureInfo.InvariantCulture), Detail: new { found = result is not null, members = result?.Members.Select(m => m.GoldenId).Distinct().ToArray() }));
        unit.Commit();
        return result;
    }

    /// <summary>Links of <paramref name="people"/>: with everyone when <paramref name="from"/> is one person, or only among them.</summary>
    private static List<LinkRow> Links(AuditedTransaction unit, List<long> people, long? from)
    {
        if (people.Count == 0)
        {
            return [];
        }

        var ids = string.Join(',', people.Select(p => p.ToString(CultureInfo.InvariantCulture)));
        var among = from is null ? $" AND l.left_golden_id IN ({ids}) AND l.right_golden_id IN ({ids})" : $" AND (l.left_golden_id IN ({ids}) OR l.right_golden_id IN ({ids}))";
        var rows = unit.Connection.Query<(long Left, long Right, string Type, string Feed, string? From, string? To, double Confidence, string Evidence)>(
            "SELECT l.left_golden_id, l.right_golden_id, l.link_type, l.feed, l.from_date, l.to_date, l.confidence, l.evidence FROM person_links l WHERE 1 = 1" + among + " ORDER BY l.left_golden_id, l.right_golden_id, l.link_type",
            transaction: unit.Transaction).ToList();
        var others = rows.SelectMany(r => new[] { r.Left, r.Right }).Distinct().ToList();
        var names = others.Count == 0 ? [] : unit.Connection.Query<(long Id, string? Forename, string? Surname)>(
            $"SELECT id, forename, surname FROM golden_records WHERE id IN ({string.Join(',', others.Select(o => o.ToString(CultureInfo.InvariantCulture)))})", transaction: unit.Transaction)
            .ToDictionary(n => n.Id, n => Name(n.Forename, n.Surname));
        return [.. rows.Select(r =>
        {
            var (other, direction) = from is { } self ? (r.Left == self ? (r.Right, "to") : (r.Left, "from")) : (r.Right, $"{r.Left} to");
            return new LinkRow(other, names.GetValueOrDefault(other, "?"), r.Type, direction, r.Feed, r.From, r.To, r.Confidence, Strings(r.Evidence));
        })];
    }

    private static void DemandAdministrator(AccessContext access, Permission permission)
    {
        access.Demand(permission);
        if (access.Role != Role.Administrator)
        {
            throw new UnauthorizedAccessException("Showing groups with all their evidence reads without need-to-know scope, so only an administrator may; use the portal's family view.");
        }
    }

    private static string AddressOf(string uprn) =>
        $"(SELECT TRIM(COALESCE(pr.sub_building || ' ', '') || COALESCE(pr.primary_object || ' ', '') || COALESCE(pr.street, '') || ', ' || pr.postcode) FROM properties pr WHERE pr.uprn = {uprn})";

    private static string Name(string? forename, string? surname) => $"{forename} {surname}".Trim();

    private static string[] Strings(string json) => JsonSerializer.Deserialize<string[]>(json) ?? [];
}
