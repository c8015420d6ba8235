using Dapper;
using Hearth.Services.Persistence;

namespace Hearth.Web.Tests;

/// <summary>
/// Facts about the test city read straight from the store, independently of the portal's own scope code, so that the
/// tests can say who should and should not be visible to each demo user.
/// </summary>
public static class CityFacts
{
    private static string Json(StoreLocation store, string key) =>
        store.Provider == StoreProvider.Sqlite ? $"json_extract(e.attributes, '$.{key}')" : $"(e.attributes::json ->> '{key}')";

    public static long[] Scope(StoreLocation store, string userName, string kind)
    {
        using var connection = store.Open();
        return [.. connection.Query<string>("SELECT s.value FROM user_scopes s JOIN users u ON u.id = s.user_id WHERE u.user_name = @userName AND s.kind = @kind", new { userName, kind })
            .Select(long.Parse)];
    }

    public static string[] ScopeValues(StoreLocation store, string userName, string kind)
    {
        using var connection = store.Open();
        return [.. connection.Query<string>("SELECT s.value FROM user_scopes s JOIN users u ON u.id = s.user_id WHERE u.user_name = @userName AND s.kind = @kind", new { userName, kind })];
    }

    /// <summary>Golden ids with a current event of the feed whose attribute is one of the values.</summary>
    public static long[] WithEvent(StoreLocation store, string feed, string attribute, string[] values)
    {
        using var connection = store.Open();
        return [.. connection.Query<long>(
            $"""
            SELECT DISTINCT gm.golden_id FROM golden_members gm JOIN person_records p ON p.id = gm.person_record_id
            JOIN events e ON e.record_id = p.record_id AND e.person_slot = p.slot
            WHERE e.feed = @feed AND e.is_current = TRUE AND {Json(store, attribute)} IN ({(values.Length == 0 ? "NULL" : string.Join(',', values.Select(v => "'" + v.Replace("'", "''", StringComparison.Ordinal) + "'")))}) ORDER BY gm.golden_id
            """, new { feed })];
    }

    public static long[] Excluded(StoreLocation store, string userName)
    {
        using var connection = store.Open();
        return [.. connection.Query<long>("SELECT x.target_id FROM access_exclusions x JOIN users u ON u.id = x.user_id WHERE u.user_name = @userName AND x.revoked_at IS NULL", new { userName })];
    }

    public static long[] Flagged(StoreLocation store)
    {
        using var connection = store.Open();
        return [.. connection.Query<long>("SELECT golden_id FROM sensitive_flags WHERE removed_at IS NULL")];
    }

    public static long[] AllPeople(StoreLocation store)
    {
        using var connection = store.Open();
        return [.. connection.Query<long>("SELECT id FROM golden_records WHERE retired_run_id IS NULL ORDER BY id")];
    }

    public static long FirstReviewItem(StoreLocation store)
    {
        using var connection = store.Open();
        return connection.ExecuteScalar<long>("SELECT MIN(id) FROM match_review WHERE run_id = (SELECT MAX(id) FROM match_runs)");
    }

    /// <summary>Who each demo user may see, by the rules written out here rather than by the portal's predicate.</summary>
    public static HashSet<long> Visible(StoreLocation store, string userName) => userName switch
    {
        "admin" => [.. AllPeople(store)],
        "analyst" => [],
        "head.teacher" => [.. WithEvent(store, "school_census", "la_estab", ScopeValues(store, userName, "school")).Except(Excluded(store, userName))],
        "early.years" => [.. WithEvent(store, "early_years_funding", "provider_urn", ScopeValues(store, userName, "setting")).Except(Excluded(store, userName))],
        _ => [.. Scope(store, userName, "person").Except(Excluded(store, userName))],
    };

    /// <summary>A current group of a kind with at least <paramref name="size"/> current members the user does not see already.</summary>
    public static (long GroupId, long[] Members) GroupOutOfScope(StoreLocation store, string kind, HashSet<long> visible, int size)
    {
        using var connection = store.Open();
        var members = connection.Query<(long GroupId, long GoldenId)>(
            "SELECT gm.group_id, gm.golden_id FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE g.kind = @kind AND g.retired_run_id IS NULL AND gm.to_date IS NULL ORDER BY gm.group_id, gm.golden_id",
            new { kind }).ToList();
        foreach (var group in members.GroupBy(m => m.GroupId))
        {
            var ids = group.Select(m => m.GoldenId).Distinct().ToArray();
            if (ids.Length >= size && !ids.Any(visible.Contains))
            {
                return (group.Key, ids);
            }
        }

        throw new InvalidOperationException($"The test city has no {kind} group of {size} or more current members out of the user's scope.");
    }

    /// <summary>Ends a membership as a later grouping run does when someone leaves: the row keeps its history, with the date and run it ended.</summary>
    public static void EndMembership(StoreLocation store, long groupId, long goldenId)
    {
        using var connection = store.Open();
        connection.Execute(
            "UPDATE group_members SET to_date = '2026-06-30', to_run_id = from_run_id WHERE group_id = @groupId AND golden_id = @goldenId AND to_date IS NULL",
            new { groupId, goldenId }).ShouldBeGreaterThan(0);
    }

    public static void GrantFamilyScope(StoreLocation store, string userName, params long[] groupIds)
    {
        using var connection = store.Open();
        foreach (var groupId in groupIds)
        {
            connection.Execute(
                "INSERT INTO user_scopes (user_id, kind, value, granted_by, granted_at) SELECT id, 'family', @value, 'test', '2026-01-01T00:00:00Z' FROM users WHERE user_name = @userName",
                new { userName, value = groupId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }
    }

    public static (string Sql, object? Parameters) Audit(string action, string actor) =>
        ("SELECT COUNT(*) FROM audit_log WHERE action = @action AND actor = @actor", new { action, actor });

    public static long Count(StoreLocation store, string sql, object? parameters = null)
    {
        using var connection = store.Open();
        return connection.ExecuteScalar<long>(sql, parameters);
    }
}
