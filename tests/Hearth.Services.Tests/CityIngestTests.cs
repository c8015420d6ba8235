using Dapper;
using Hearth.Services.Ingestion;
using Hearth.Services.Persistence;
using Hearth.TestCommon;

namespace Hearth.Services.Tests;

/// <summary>
/// Every feed of the synthetic city, through the committed definitions, on both stores: nothing fails, every row is
/// accounted for, only true duplicates are quarantined, and the people each feed yields are exactly the people the
/// generator put in it (the truth's source records, by feed, record key and slot).
/// </summary>
public class CityIngestTests(CityFixture city)
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void Ingest_WholeCity_LoadsEveryFeedAndAccountsForEveryRow(StoreProvider provider)
    {
        using var store = TestStore.Create(provider);

        var result = new IngestService(store.Location, FixedTime.At(2026, 10, 1))
            .Ingest(new IngestCommand(city.Feeds, Repository.FeedDefinitions), null, TestContext.Current.CancellationToken);

        var manifestFeeds = Directory.GetFiles(Repository.FeedDefinitions, "*.json").Count(f => !f.EndsWith(".schema.json", StringComparison.Ordinal));
        result.Feeds.Count.ShouldBe(manifestFeeds, "every feed of the city should have a definition and be in the manifest");
        result.Feeds.Where(f => f.Status != LoadStatus.Completed).Select(f => $"{f.Feed}: {f.Status} {f.Error}").ShouldBeEmpty();
        foreach (var feed in result.Feeds)
        {
            feed.Read.ShouldBe(feed.Loaded + feed.Quarantined, feed.Feed);
            feed.Read.ShouldBeGreaterThan(0, feed.Feed);
            // The city's feeds carry exact duplicate rows and nothing else a definition should refuse.
            feed.QuarantineReasons.Keys.ShouldAllBe(reason => reason.StartsWith("duplicate_key:", StringComparison.Ordinal), feed.Feed);
        }

        using var connection = store.Location.Open();
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM records WHERE retired_load_id IS NULL").ShouldBe(result.Feeds.Sum(f => f.Loaded));
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM quarantine").ShouldBe(result.Feeds.Sum(f => f.Quarantined));

        var loaded = connection.Query<(string Feed, string Key, string Slot)>(
                "SELECT r.feed, r.record_key, p.slot FROM person_records p JOIN records r ON r.id = p.record_id WHERE p.is_current")
            .Select(p => $"{p.Feed}|{p.Key}|{p.Slot}")
            .ToHashSet(StringComparer.Ordinal);
        var truth = File.ReadLines(Path.Combine(city.Truth, "source_records.csv")).Skip(1)
            .Select(line => line.Split(','))
            .Select(f => $"{f[0]}|{f[1]}|{f[2]}")
            .ToHashSet(StringComparer.Ordinal);

        var missing = truth.Except(loaded, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var extra = loaded.Except(truth, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        missing.ShouldBeEmpty($"{missing.Count} people the feeds hold were not loaded, for example {string.Join("; ", missing.Take(5))}");
        extra.ShouldBeEmpty($"{extra.Count} people were loaded that the feeds do not hold, for example {string.Join("; ", extra.Take(5))}");
    }
}
