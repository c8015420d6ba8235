using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Hearth.Core.Rules;
using Hearth.Services.Persistence;

namespace Hearth.Services.Rules;

/// <summary>The last finished scoring run, as a changed-only run needs it.</summary>
internal sealed record PreviousRun(long Id, string AsOf, string StartedAt, string RuleSets, long MaxEventId);

/// <summary>
/// Who a changed-only run (hearth score --changed) must score again: everyone whose answer could differ from the last
/// run's, and no one else. A person is in when an event of theirs arrived or changed (an id above the last run's
/// highest), was withdrawn by a later load, or has a date or end date that a window's edge passed on the way from the
/// last run's date to this one; when their golden record changed in a later match; or, when rules test age, when their
/// age did. A family is in when any member is, or a later grouping run changed it. Everything else would score exactly
/// as before, which the tests check against a full run.
/// </summary>
internal static class ScoreScope
{
    /// <summary>The people and families to score, or why the whole store must be scored instead.</summary>
    public static (HashSet<long> People, HashSet<long> Families)? Plan(
        DbConnection connection, DbTransaction transaction, StoreProvider provider, PreviousRun? previous, IReadOnlyList<CompiledRuleSet> sets, DateOnly asOf,
        IEnumerable<(long Id, string? DateOfBirth)> people, Func<long, IEnumerable<long>> familiesOf, out string? fullBecause)
    {
        fullBecause = null;
        if (previous is null)
        {
            fullBecause = "there is no earlier run to start from";
            return null;
        }

        var versions = JsonSerializer.Deserialize<Dictionary<string, string>>(previous.RuleSets) ?? [];
        if (sets.Any(s => !versions.TryGetValue(s.Name, out var version) || version != s.Version))
        {
            fullBecause = "a rule set is new or has a new version since the last run";
            return null;
        }

        var before = DateOnly.ParseExact(previous.AsOf, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (WindowShift.Between(sets.SelectMany(s => s.Windows), before, asOf) is not { } shift)
        {
            fullBecause = asOf < before ? "the scoring date is earlier than the last run's" : "a school term began since the last run's date, which moves every term window";
            return null;
        }

        // One pass over the events (no index serves every test, and an index on dates would slow every load): the owners
        // of events that arrived or changed, that a window's edge passed, or that a later load withdrew.
        var types = sets.SelectMany(s => s.EventTypes).Distinct(StringComparer.Ordinal).ToArray();
        var parameters = new DynamicParameters(new { Types = types, previous.MaxEventId, previous.StartedAt });
        var moved = new List<string> { "e.id > @MaxEventId" };
        foreach (var (span, i) in shift.EventDates.Select((span, i) => (span, i)))
        {
            moved.Add($"(e.event_date >= @From{i} AND e.event_date < @Until{i})");
            parameters.Add($"From{i}", Iso(span.From));
            parameters.Add($"Until{i}", Iso(span.Until));
        }

        foreach (var (span, i) in shift.EndDates.Select((span, i) => (span, i)))
        {
            moved.Add($"(e.end_date >= @EndFrom{i} AND e.end_date < @EndUntil{i})");
            parameters.Add($"EndFrom{i}", Iso(span.From));
            parameters.Add($"EndUntil{i}", Iso(span.Until));
        }

        // CROSS JOIN keeps SQLite from starting at golden_members; PostgreSQL plans it as the inner join it is.
        var affected = connection.Query<long>(
            $"""
            SELECT DISTINCT gm.golden_id FROM events e
            CROSS JOIN person_records p
            CROSS JOIN golden_members gm
            WHERE p.record_id = e.record_id AND p.slot = e.person_slot AND gm.person_record_id = p.id
              AND {(provider == StoreProvider.Postgres ? "e.event_type = ANY(@Types)" : "e.event_type IN @Types")}
              AND ((e.is_current = TRUE AND ({string.Join(" OR ", moved)}))
                OR (e.is_current = FALSE AND e.record_id IN (SELECT r.id FROM records r JOIN loads l ON l.id = r.retired_load_id WHERE l.started_at > @StartedAt)))
            """, parameters, transaction).ToHashSet();
        affected.UnionWith(connection.Query<long>(
            """
            SELECT id FROM golden_records WHERE created_run_id IN (SELECT id FROM match_runs WHERE started_at > @StartedAt)
                OR updated_run_id IN (SELECT id FROM match_runs WHERE started_at > @StartedAt)
                OR retired_run_id IN (SELECT id FROM match_runs WHERE started_at > @StartedAt)
            """,
            new { previous.StartedAt }, transaction));
        if (sets.Any(s => s.UsesAge))
        {
            foreach (var (id, dob) in people)
            {
                if (DateOnly.TryParseExact(dob, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && WindowShift.AgeChanges(date, before, asOf))
                {
                    affected.Add(id);
                }
            }
        }

        var families = connection.Query<long>(
            "SELECT DISTINCT group_id FROM group_changes WHERE run_id IN (SELECT id FROM group_runs WHERE started_at > @StartedAt)", new { previous.StartedAt }, transaction).ToHashSet();
        foreach (var person in affected)
        {
            families.UnionWith(familiesOf(person));
        }

        return (affected, families);
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
