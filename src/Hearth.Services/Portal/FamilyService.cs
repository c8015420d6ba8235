using System.Globalization;
using Dapper;
using Hearth.Services.Access;
using Hearth.Services.Audit;

namespace Hearth.Services.Portal;

public sealed record FamilyQuery(AccessContext Access, long GroupId);

public sealed record FamilyChronologyEntry(string Date, string Feed, string FeedTitle, string EventType, long GoldenId, string Name);

public sealed record FamilyView(long GroupId, string Layer, IReadOnlyList<FamilyMember> Members, int MembersOutOfScope, IReadOnlyList<FamilyChronologyEntry> Chronology);

/// <summary>
/// The family view, once issue 5's groups exist: the members the user may see, their roles, and their combined
/// chronology. A family the user is excluded from, or none of whose members they may see, is not found.
/// </summary>
public sealed class FamilyService(AuditLog audit, StoreFeatures features)
{
    public bool Available => features.HasGroups;

    public FamilyView? View(FamilyQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Access.Demand(Permission.ViewFamily);
        if (!features.HasGroups)
        {
            return null;
        }

        using var unit = audit.Begin();
        var view = Read(unit, query);
        unit.Append(query.Access, new AuditEvent(AuditActions.ViewFamily, "family", query.GroupId.ToString(CultureInfo.InvariantCulture),
            Detail: new { found = view is not null, members = view?.Members.Select(m => m.GoldenId).ToArray() }));
        unit.Commit();
        return view;
    }

    private FamilyView? Read(AuditedTransaction unit, FamilyQuery query)
    {
        var group = unit.Connection.QueryFirstOrDefault<(long Id, string Layer)?>("SELECT id, layer FROM groups WHERE id = @GroupId AND retired_run_id IS NULL", new { query.GroupId }, unit.Transaction);
        if (group is not { } g)
        {
            return null;
        }

        var (scope, parameters) = ScopeFilter.For(query.Access, features, "r.id", unit.Now);
        parameters.Add("GroupId", g.Id);
        var excluded = unit.Connection.ExecuteScalar<long>($"SELECT CASE WHEN {ScopeFilter.FamilyExclusion("@GroupId")} THEN 0 ELSE 1 END", parameters, unit.Transaction) == 1;
        if (excluded)
        {
            return null;
        }

        var members = unit.Connection.Query<(long Id, string? Forename, string? Surname, string? Dob, string? Role)>(
            $"SELECT DISTINCT r.id, r.forename, r.surname, r.date_of_birth, gm.role FROM group_members gm JOIN golden_records r ON r.id = gm.golden_id WHERE gm.group_id = @GroupId AND gm.to_date IS NULL AND {scope} ORDER BY r.date_of_birth",
            parameters, unit.Transaction).Select(m => new FamilyMember(m.Id, $"{m.Forename} {m.Surname}".Trim(), m.Dob, m.Role)).ToList();
        if (members.Count == 0)
        {
            return null;
        }

        var all = unit.Connection.ExecuteScalar<long>("SELECT COUNT(DISTINCT golden_id) FROM group_members WHERE group_id = @GroupId AND to_date IS NULL", new { GroupId = g.Id }, unit.Transaction);
        var titles = PersonService.FeedTitles(unit.Connection, unit.Transaction);
        var names = members.ToDictionary(m => m.GoldenId, m => m.Name);
        var fullFeeds = AccessPolicy.FullChronologyFeeds(query.Access.Role);
        var ids = string.Join(',', members.Select(m => m.GoldenId.ToString(CultureInfo.InvariantCulture)));
        var chronology = unit.Connection.Query<(long Golden, string Feed, string Type, string Date)>(
            $"""
            SELECT gm.golden_id, e.feed, e.event_type, e.event_date FROM golden_members gm JOIN person_records p ON p.id = gm.person_record_id
            JOIN events e ON e.record_id = p.record_id AND e.person_slot = p.slot
            WHERE gm.golden_id IN ({ids}) AND e.is_current = TRUE ORDER BY e.event_date DESC, e.id DESC
            """, transaction: unit.Transaction)
            .Where(e => fullFeeds is null || fullFeeds.Contains(e.Feed)).Take(500)
            .Select(e => new FamilyChronologyEntry(e.Date, e.Feed, titles.GetValueOrDefault(e.Feed, e.Feed), e.Type, e.Golden, names[e.Golden])).ToList();
        return new FamilyView(g.Id, g.Layer, members, (int)(all - members.Count), chronology);
    }
}
