using Dapper;
using Hearth.Services.Persistence;

namespace Hearth.Services.Access;

/// <summary>
/// Need-to-know as SQL: the predicate on a golden id that says whether the user may see that person. Every query the
/// portal runs for a person, a family, a search or a review item goes through it, so a person out of scope is simply
/// not found, exactly as a person who does not exist. Exclusions are ANDed last, so they beat every grant.
/// </summary>
public static class ScopeFilter
{
    /// <summary>The predicate for <paramref name="goldenId"/> (a column or expression), and its parameters.</summary>
    public static (string Sql, DynamicParameters Parameters) For(AccessContext access, StoreFeatures features, string goldenId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(features);
        var parameters = new DynamicParameters();
        parameters.Add("ScopeUser", access.UserId);
        parameters.Add("ScopeNow", Timestamps.Format(now));
        if (!access.Can(Permission.ViewPerson))
        {
            return ("1 = 0", parameters);
        }

        var grants = new List<string>();
        if (access.Role == Role.Administrator)
        {
            grants.Add("1 = 1");
        }
        else
        {
            var json = (string key) => features.Provider == StoreProvider.Sqlite ? $"json_extract(sc_e.attributes, '$.{key}')" : $"(sc_e.attributes::json ->> '{key}')";
            grants.Add($"{goldenId} IN (SELECT CAST(s.value AS BIGINT) FROM user_scopes s WHERE s.user_id = @ScopeUser AND s.kind = '{ScopeKinds.Person}')");
            grants.Add(FeedGrant("school_census", json("la_estab"), ScopeKinds.School, goldenId));
            grants.Add(FeedGrant("early_years_funding", json("provider_urn"), ScopeKinds.Setting, goldenId));
            if (features.HasGroups)
            {
                // A family on a caseload covers the people in it now: not those who have left it (a parent who moved out, a
                // child adopted), and not a retired group. Only families and households can be on a caseload; a peer
                // network or an extended family is far wider than anyone's need to know.
                grants.Add(
                    $"{goldenId} IN (SELECT gm.golden_id FROM group_members gm JOIN groups sc_g ON sc_g.id = gm.group_id AND sc_g.retired_run_id IS NULL AND sc_g.kind IN ('family', 'household') "
                    + $"JOIN user_scopes s ON s.kind = '{ScopeKinds.Family}' AND CAST(s.value AS BIGINT) = gm.group_id WHERE s.user_id = @ScopeUser AND gm.to_date IS NULL)");
            }
        }

        // Break-glass grants a person for an hour; exclusions below still beat it.
        grants.Add($"{goldenId} IN (SELECT b.golden_id FROM break_glass b WHERE b.user_id = @ScopeUser AND b.expires_at > @ScopeNow)");
        var exclusions = $"{goldenId} NOT IN (SELECT x.target_id FROM access_exclusions x WHERE x.user_id = @ScopeUser AND x.target_kind = 'person' AND x.revoked_at IS NULL)";
        if (features.HasGroups)
        {
            // An exclusion from a family holds for everyone who was ever in it: an exclusion is there because the user is
            // too close to that family, and that does not end when someone moves out.
            exclusions += $" AND {goldenId} NOT IN (SELECT gm.golden_id FROM group_members gm JOIN access_exclusions x ON x.target_kind = 'family' AND x.target_id = gm.group_id WHERE x.user_id = @ScopeUser AND x.revoked_at IS NULL)";
        }

        return ($"(({string.Join(" OR ", grants)}) AND {exclusions})", parameters);
    }

    /// <summary>A family is in scope when the user is not excluded from it and may see at least one of its members.</summary>
    public static string FamilyExclusion(string groupId) =>
        $"{groupId} NOT IN (SELECT x.target_id FROM access_exclusions x WHERE x.user_id = @ScopeUser AND x.target_kind = 'family' AND x.revoked_at IS NULL)";

    private static string FeedGrant(string feed, string jsonValue, string kind, string goldenId) =>
        $"""
        EXISTS (SELECT 1 FROM golden_members sc_gm JOIN person_records sc_p ON sc_p.id = sc_gm.person_record_id
            JOIN events sc_e ON sc_e.record_id = sc_p.record_id AND sc_e.person_slot = sc_p.slot
            WHERE sc_gm.golden_id = {goldenId} AND sc_e.feed = '{feed}' AND sc_e.is_current = TRUE
              AND {jsonValue} IN (SELECT s.value FROM user_scopes s WHERE s.user_id = @ScopeUser AND s.kind = '{kind}'))
        """;
}

/// <summary>
/// Which optional tables the store has: households and families (issue 5's groups and group_members) and scores
/// (issue 6). The portal's family and score sections light up when they exist; nothing else changes.
/// </summary>
public sealed record StoreFeatures(StoreProvider Provider, bool HasGroups, bool HasScores)
{
    public static StoreFeatures Probe(StoreLocation store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var connection = store.Open();
        var sql = store.Provider == StoreProvider.Sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('groups', 'group_members', 'scores')"
            : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ('groups', 'group_members', 'scores')";
        var tables = connection.Query<string>(sql).ToHashSet(StringComparer.Ordinal);
        return new StoreFeatures(store.Provider, tables.Contains("groups") && tables.Contains("group_members"), tables.Contains("scores"));
    }
}
