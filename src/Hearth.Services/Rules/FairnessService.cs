using System.Globalization;
using Dapper;
using Hearth.Core.Rules;
using Hearth.Services.Persistence;

namespace Hearth.Services.Rules;

/// <summary>Which stored scores the fairness report covers (default every person rule set), with its thresholds.</summary>
public sealed record FairnessQuery
{
    /// <summary>Only this rule set; default every rule set with stored person scores.</summary>
    public string? RuleSet { get; init; }

    public FairnessOptions Options { get; init; } = new();
}

/// <summary>
/// The fairness report over the stored scores, as at the date of the score run that last confirmed them. Scores of
/// golden records retired since that run are left out (<see cref="LeftOut"/>) until <c>hearth score</c> runs again.
/// </summary>
public sealed record FairnessResult(long RunId, DateOnly AsOf, long Scores, long LeftOut, FairnessReport Report);

/// <summary>
/// Reads the current person scores with each golden record's sex, ethnicity, SEN status (the latest school census
/// return on or before the run's date) and age band at that date, and hands them to <see cref="Fairness"/>. It streams
/// the scores and keeps only counts and one SEN code per child, so a 250,000-person city fits. It reads; it changes
/// nothing, and it shows no one's data: the report is counts, with small ones withheld.
/// </summary>
public sealed class FairnessService(StoreLocation store, TimeProvider time)
{
    /// <summary>The event and attribute that say a child's SEN provision: the school census's SENProvision (E, K or N).</summary>
    public const string SenEvent = "school_census_return";

    public const string SenAttribute = "sen_provision";

    public FairnessResult Report(FairnessQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        Migrator.Upgrade(store, time);
        using var connection = store.Open();
        var filter = query.RuleSet is null ? "" : " AND s.rule_set = @RuleSet";
        var scores = connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM scores s WHERE s.subject_type = 'person'{filter}", new { query.RuleSet });
        if (scores == 0)
        {
            var stored = connection.Query<string>("SELECT DISTINCT rule_set FROM scores WHERE subject_type = 'person' ORDER BY rule_set").ToList();
            throw stored.Count == 0
                ? new InvalidOperationException("There are no scores yet: run hearth score first.")
                : new ArgumentException($"There are no scores for the rule set '{query.RuleSet}'; the store has scores for {string.Join(", ", stored)}.");
        }

        // Every run stamps every current person score with its id, so the latest run referenced is the one they are as at.
        var run = connection.QuerySingle<(long Id, string AsOf)>(
            "SELECT id, as_of FROM score_runs WHERE id = (SELECT MAX(run_id) FROM scores WHERE subject_type = 'person')");
        var asOf = DateOnly.ParseExact(run.AsOf, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var asOfText = asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var sen = SenAt(connection, asOfText);

        var bands = query.Options.AgeBands;
        var dimensions = FairnessDimension.All(bands);
        long read = 0;
        var rows = connection.Query<(string RuleSet, string Band, long Id, string? Dob, string? Sex, string? Ethnicity)>(
            $"""
            SELECT s.rule_set, s.band, s.subject_id, g.date_of_birth, g.sex, g.ethnicity
            FROM scores s
            JOIN golden_records g ON g.id = s.subject_id
            WHERE s.subject_type = 'person' AND g.retired_run_id IS NULL{filter}
            """, new { query.RuleSet }, buffered: false);
        var subjects = rows.Select(r =>
        {
            read++;
            DateOnly? dob = DateOnly.TryParseExact(r.Dob, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
            return new FairnessSubject(r.RuleSet, r.Band,
            [
                FairnessDimension.SexOf(r.Sex),
                FairnessDimension.EthnicGroupOf(r.Ethnicity),
                FairnessDimension.EthnicityOf(r.Ethnicity),
                FairnessDimension.SenOf(sen.TryGetValue(r.Id, out var s) ? Codes[s.Support] : null),
                FairnessDimension.AgeBandOf(dob, asOf, bands),
            ]);
        });
        var report = Fairness.Compute(dimensions, subjects, query.Options);
        return new FairnessResult(run.Id, asOf, scores, scores - read, report);
    }

    /// <summary>
    /// Each golden record's SEN provision at its latest school census return on or before the date; of returns on the
    /// same day (a pupil on two schools' rolls) the one that says the most support. Only one code per child is kept.
    /// </summary>
    private Dictionary<long, (int Date, byte Support)> SenAt(System.Data.Common.DbConnection connection, string asOf)
    {
        var code = store.Provider == StoreProvider.Postgres
            ? $"(e.attributes::jsonb ->> '{SenAttribute}')"
            : $"json_extract(e.attributes, '$.{SenAttribute}')";
        // CROSS JOIN makes SQLite read the events once, in order, and look each census return's person up by index,
        // rather than walk every golden record's events (there is no index by event type: see migration 0004);
        // PostgreSQL plans it as the inner join it is.
        var latest = new Dictionary<long, (int Date, byte Support)>();
        var rows = connection.Query<(long GoldenId, string Date, string? Code)>(
            $"""
            SELECT gm.golden_id, e.event_date, {code}
            FROM events e
            CROSS JOIN person_records p
            CROSS JOIN golden_members gm
            WHERE e.event_type = @SenEvent AND e.is_current = TRUE AND e.event_date <= @asOf
              AND p.record_id = e.record_id AND p.slot = e.person_slot AND gm.person_record_id = p.id
            """, new { SenEvent, asOf }, buffered: false);
        foreach (var (id, text, value) in rows)
        {
            // Dates are yyyy-MM-dd, so their digits in order compare as the dates do.
            var date = int.Parse(text.Replace("-", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture);
            var support = Support(value);
            if (!latest.TryGetValue(id, out var seen) || date > seen.Date || (date == seen.Date && support > seen.Support))
            {
                latest[id] = (date, support);
            }
        }

        return latest;
    }

    // A census's SEN code by how much support it says, so that one byte per child is kept: none, N, K, E.
    private static readonly string?[] Codes = [null, "N", "K", "E"];

    private static byte Support(string? code) => code?.Trim().ToUpperInvariant() switch
    {
        "E" => 3,
        "K" => 2,
        "N" => 1,
        _ => 0,
    };
}
