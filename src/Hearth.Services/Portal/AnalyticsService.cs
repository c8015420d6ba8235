using System.Globalization;
using Dapper;
using Hearth.Services.Access;
using Hearth.Services.Audit;

namespace Hearth.Services.Portal;

public sealed record AggregateQuery(AccessContext Access, DateOnly Today);

/// <summary>A count that may be suppressed: fewer than <see cref="AnalyticsService.SmallNumber"/> is shown as such, never exactly.</summary>
public sealed record Count(string Label, long Value)
{
    public string Display => Value == 0 ? "0" : Value < AnalyticsService.SmallNumber ? $"fewer than {AnalyticsService.SmallNumber}" : Value.ToString("N0", CultureInfo.InvariantCulture);
}

public sealed record Aggregates(long People, IReadOnlyList<Count> ByAgeBand, IReadOnlyList<Count> BySourceCount, IReadOnlyList<Count> EventsByFeed, long ReviewItems);

/// <summary>
/// Aggregates for analysts: counts only, with small numbers suppressed so that no count singles out a person. No
/// name, identifier or golden id leaves this service.
/// </summary>
public sealed class AnalyticsService(AuditLog audit)
{
    public const int SmallNumber = 5;

    private static readonly string[] SourceBands = ["1 record", "2 to 3 records", "4 to 10 records", "more than 10 records"];

    public Aggregates Aggregates(AggregateQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Access.Demand(Permission.ViewAggregates);
        using var unit = audit.Begin();
        var c = unit.Connection;
        var t = unit.Transaction;
        var births = c.Query<(string? Dob, long Members)>("SELECT date_of_birth, members FROM golden_records WHERE retired_run_id IS NULL", transaction: t).ToList();
        string Band(string? dob)
        {
            if (dob is not { Length: 10 } || !DateOnly.TryParseExact(dob, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return "Date of birth not known";
            }

            var age = query.Today.Year - d.Year - (query.Today.DayOfYear < d.DayOfYear ? 1 : 0);
            return age switch { < 5 => "0 to 4", < 11 => "5 to 10", < 16 => "11 to 15", < 18 => "16 to 17", < 25 => "18 to 24", < 65 => "25 to 64", _ => "65 and over" };
        }

        string[] bands = ["0 to 4", "5 to 10", "11 to 15", "16 to 17", "18 to 24", "25 to 64", "65 and over", "Date of birth not known"];
        var byBand = births.GroupBy(b => Band(b.Dob), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.LongCount(), StringComparer.Ordinal);
        var bySources = births.GroupBy(b => b.Members switch { 1 => "1 record", <= 3 => "2 to 3 records", <= 10 => "4 to 10 records", _ => "more than 10 records" }, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.LongCount(), StringComparer.Ordinal);
        var events = c.Query<(string Title, long Count)>(
            "SELECT COALESCE(f.title, e.feed), COUNT(*) FROM events e JOIN feeds f ON f.name = e.feed WHERE e.is_current = TRUE GROUP BY COALESCE(f.title, e.feed) ORDER BY 1", transaction: t)
            .Select(e => new Count(e.Title, e.Count)).ToList();
        var review = c.ExecuteScalar<long>("SELECT COUNT(*) FROM match_review WHERE run_id = (SELECT MAX(id) FROM match_runs WHERE finished_at IS NOT NULL)", transaction: t);
        unit.Append(query.Access, new AuditEvent(AuditActions.ViewAggregates));
        unit.Commit();
        return new Aggregates(
            births.Count,
            [.. bands.Select(b => new Count(b, byBand.GetValueOrDefault(b)))],
            [.. SourceBands.Select(b => new Count(b, bySources.GetValueOrDefault(b)))],
            events,
            review);
    }
}
