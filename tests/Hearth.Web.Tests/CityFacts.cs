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

    public static (string Sql, object? Parameters) Audit(string action, string actor) =>
        ("SELECT COUNT(*) FROM audit_log WHERE action = @action AND actor = @actor", new { action, actor });

    public static long Count(StoreLocation store, string sql, object? parameters = null)
    {
        using var connection = store.Open();
        return connection.ExecuteScalar<long>(sql, parameters);
    }
}
