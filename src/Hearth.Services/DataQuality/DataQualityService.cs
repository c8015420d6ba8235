using Dapper;
using Hearth.Services.Persistence;

namespace Hearth.Services.DataQuality;

/// <summary>Which feeds to report on, and how many loads of history to show.</summary>
public sealed record DataQualityQuery(IReadOnlyList<string> Feeds, int Loads = 10);

public sealed record DataQualityReport(string Store, IReadOnlyList<FeedQuality> Feeds);

/// <summary>One feed's data quality: its last load, each attribute's completeness and validity, reasons, and the trend.</summary>
public sealed record FeedQuality
{
    public required string Feed { get; init; }

    public string? Title { get; init; }

    public required int TrustRank { get; init; }

    public required LoadSummary LastLoad { get; init; }

    public required IReadOnlyList<AttributeQuality> Attributes { get; init; }

    public required IReadOnlyDictionary<string, long> QuarantineReasons { get; init; }

    public required IReadOnlyDictionary<string, long> WarningReasons { get; init; }

    /// <summary>Earlier loads, newest first, for the trend.</summary>
    public required IReadOnlyList<LoadSummary> Trend { get; init; }
}

public sealed record LoadSummary(long Id, string File, string StartedAt, long Read, long Loaded, long Quarantined, long New, long Changed, long Unchanged, long Removed)
{
    public double QuarantineRate => Read == 0 ? 0 : (double)Quarantined / Read;
}

public sealed record AttributeQuality(string Attribute, long Total, long Present, long Valid)
{
    /// <summary>Share of records (or people in records) with a value.</summary>
    public double Completeness => Total == 0 ? 0 : (double)Present / Total;

    /// <summary>Share of present values that passed their checks.</summary>
    public double Validity => Present == 0 ? 0 : (double)Valid / Present;
}

/// <summary>Reports data quality per feed and per load, from what each load measured as it ran.</summary>
public sealed class DataQualityService(StoreLocation store, TimeProvider time)
{
    public DataQualityReport Report(DataQualityQuery query)
    {
        Migrator.Upgrade(store, time);
        using var connection = store.Open();
        var feeds = connection.Query<(string Name, string? Title, long TrustRank)>("SELECT name, title, trust_rank FROM feeds ORDER BY name")
            .Where(f => query.Feeds.Count == 0 || query.Feeds.Contains(f.Name, StringComparer.Ordinal))
            .ToList();
        var unknown = query.Feeds.Where(f => feeds.All(x => x.Name != f)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"The store has no feed called {string.Join(", ", unknown)}.", nameof(query));
        }

        var report = new List<FeedQuality>();
        foreach (var (name, title, trustRank) in feeds)
        {
            var loads = connection.Query<LoadSummary>(
                $"""
                SELECT id AS Id, file_name AS File, started_at AS StartedAt, rows_read AS Read, rows_loaded AS Loaded, rows_quarantined AS Quarantined,
                       rows_new AS New, rows_changed AS Changed, rows_unchanged AS Unchanged, rows_removed AS Removed
                FROM loads WHERE feed = @name AND status = 'completed' ORDER BY id DESC LIMIT {Math.Max(1, query.Loads)}
                """,
                new { name }).ToList();
            if (loads.Count == 0)
            {
                continue;
            }

            var last = loads[0];
            var attributes = connection.Query<AttributeQuality>(
                "SELECT attribute AS Attribute, total AS Total, present AS Present, valid AS Valid FROM dq_attributes WHERE load_id = @Id ORDER BY attribute", new { last.Id }).ToList();
            var reasons = connection.Query<(string Kind, string Reason, long Count)>(
                "SELECT kind, reason, count FROM dq_reasons WHERE load_id = @Id ORDER BY count DESC, reason", new { last.Id }).ToList();
            report.Add(new FeedQuality
            {
                Feed = name,
                Title = title,
                TrustRank = (int)trustRank,
                LastLoad = last,
                Attributes = attributes,
                QuarantineReasons = reasons.Where(r => r.Kind == "quarantine").ToDictionary(r => r.Reason, r => r.Count, StringComparer.Ordinal),
                WarningReasons = reasons.Where(r => r.Kind == "warning").ToDictionary(r => r.Reason, r => r.Count, StringComparer.Ordinal),
                Trend = loads,
            });
        }

        return new DataQualityReport(store.Display, report);
    }
}
