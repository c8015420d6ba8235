using System.Text;
using Dapper;
using Hearth.Services.Ingestion;
using Hearth.Services.Persistence;
using Hearth.TestCommon;

namespace Hearth.Services.Tests;

public class IngestTests(CityFixture city)
{
    private static readonly string[] PoliceAndReference = ["gazetteer", "schools", "police_incidents"];
    private readonly FixedTime _time = FixedTime.At(2026, 10, 1);

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void Ingest_Feeds_AccountsForEveryRow(StoreProvider provider)
    {
        using var store = TestStore.Create(provider);
        var result = Ingest(store, city.Feeds);

        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Feeds.Select(f => f.Error)));
        var police = result.Feeds.Single(f => f.Feed == "police_incidents");
        police.Status.ShouldBe(LoadStatus.Completed);
        police.Read.ShouldBe(police.Loaded + police.Quarantined);
        // Every non-blank data line of the file was read.
        police.Read.ShouldBe(File.ReadLines(Path.Combine(city.Feeds, "police_incidents.csv"), Encoding.Latin1).Skip(1).Count(l => l.Length > 0));
        police.QuarantineReasons.Keys.ShouldAllBe(reason => reason.StartsWith("duplicate_key", StringComparison.Ordinal));

        using var connection = store.Location.Open();
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM records WHERE feed = 'police_incidents' AND retired_load_id IS NULL").ShouldBe(police.Loaded);
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM quarantine WHERE feed = 'police_incidents'").ShouldBe(police.Quarantined);
        connection.ExecuteScalar<long>("SELECT rows_read FROM loads WHERE feed = 'police_incidents'").ShouldBe(police.Read);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void Ingest_SameFilesTwice_SecondChangesNothing(StoreProvider provider)
    {
        using var store = TestStore.Create(provider);
        Ingest(store, city.Feeds).Succeeded.ShouldBeTrue();
        var before = StoreSnapshot.Of(store.Location);

        var again = Ingest(store, city.Feeds);

        again.Feeds.ShouldAllBe(f => f.Status == LoadStatus.Unchanged);
        StoreSnapshot.Of(store.Location).ShouldEqual(before);
    }

    /// <summary>A new extract with rows removed, changed and added applies just those, and keeps the old versions.</summary>
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void Ingest_ChangedExtract_AppliesOnlyTheDifferenceAndKeepsHistory(StoreProvider provider)
    {
        using var store = TestStore.Create(provider);
        var feeds = city.CopyFeeds();
        Ingest(store, feeds).Succeeded.ShouldBeTrue();

        var path = Path.Combine(feeds, "police_incidents.csv");
        var encoding = FeedEncoding;
        var lines = File.ReadAllLines(path, encoding).Where(l => l.Length > 0).Distinct().ToList();
        var header = lines[0];
        var rows = lines.Skip(1).ToList();
        var removed = rows.Take(5).ToList();
        var changed = rows.Skip(5).Take(3).ToList();
        var kept = rows.Skip(8).ToList();
        var changedNow = changed.Select(r => r.Replace("\"No further action\"", "\"Charged\"", StringComparison.Ordinal).Replace(",No further action", ",Charged", StringComparison.Ordinal)).ToList();
        changedNow.ShouldNotBe(changed, "the test needs rows whose outcome it can change");
        var added = kept.Take(2).Select(r => "NEW" + r).ToList();
        File.WriteAllLines(path, [header, .. changedNow, .. kept, .. added], encoding);

        var result = Ingest(store, feeds).Feeds.Single(f => f.Feed == "police_incidents");

        result.Status.ShouldBe(LoadStatus.Completed);
        result.Removed.ShouldBe(5);
        result.Changed.ShouldBe(changed.Count(c => !changedNow.Contains(c)));
        result.New.ShouldBe(2);
        // Rows picked to change that had no outcome to change are, rightly, unchanged.
        result.Unchanged.ShouldBe(kept.Count + changed.Count(changedNow.Contains));

        using var connection = store.Location.Open();
        var current = provider == StoreProvider.Postgres ? "true" : "1";
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM records WHERE feed = 'police_incidents' AND version = 2 AND retired_load_id IS NULL").ShouldBe(result.Changed);
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM records WHERE feed = 'police_incidents' AND retired_load_id = @Id", new { Id = result.LoadId }).ShouldBe(result.Changed + result.Removed);
        // Every retired version is still there, with its raw row, and what it held is no longer current.
        connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM person_records p JOIN records r ON r.id = p.record_id WHERE r.retired_load_id IS NOT NULL AND p.is_current = {current}").ShouldBe(0);
        connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM person_records p JOIN records r ON r.id = p.record_id WHERE r.retired_load_id IS NULL AND p.is_current <> {current}").ShouldBe(0);
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM records WHERE feed = 'police_incidents' AND retired_load_id IS NOT NULL AND raw <> ''").ShouldBe(result.Changed + result.Removed);
    }

    /// <summary>A broken row in a new extract goes to quarantine; the good version the store holds stays current.</summary>
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void Ingest_BrokenRowForAStoredRecord_KeepsTheStoredVersion(StoreProvider provider)
    {
        using var store = TestStore.Create(provider);
        var feeds = city.CopyFeeds();
        Ingest(store, feeds).Succeeded.ShouldBeTrue();
        var path = Path.Combine(feeds, "police_incidents.csv");
        var lines = File.ReadAllLines(path, FeedEncoding).Where(l => l.Length > 0).ToList();
        var fields = lines[1].Split(',');
        var key = $"{fields[0]}|{fields[8]}|{fields[9]}";
        fields[1] = "not a date";
        lines[1] = string.Join(',', fields);
        File.WriteAllLines(path, lines, FeedEncoding);

        var result = Ingest(store, feeds).Feeds.Single(f => f.Feed == "police_incidents");

        result.Removed.ShouldBe(0);
        result.QuarantineReasons.Keys.ShouldContain("invalid_date:OccurrenceDateTime");
        using var connection = store.Location.Open();
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM records WHERE feed = 'police_incidents' AND record_key = @key AND retired_load_id IS NULL", new { key }).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void Ingest_People_AreStandardisedAndMatchedToTheGazetteer(StoreProvider provider)
    {
        using var store = TestStore.Create(provider);
        Ingest(store, city.Feeds).Succeeded.ShouldBeTrue();
        using var connection = store.Location.Open();
        var people = connection.Query<(string? SurnameKey, string? Dob, long? Uprn, string? Source)>(
            "SELECT surname_key, date_of_birth, uprn, uprn_source FROM person_records WHERE feed = 'police_incidents'").ToList();
        people.Count.ShouldBeGreaterThan(500);
        people.Where(p => p.SurnameKey is not null).ShouldAllBe(p => p.SurnameKey!.All(char.IsAsciiLetterUpper));
        people.Where(p => p.Dob is not null && !DateOnly.TryParseExact(p.Dob, "yyyy-MM-dd", out var _)).ShouldBeEmpty();
        (people.Count(p => p.Uprn is not null) / (double)people.Count).ShouldBeGreaterThan(0.95);
        people.Where(p => p.Uprn is not null).Select(p => p.Source).Distinct().ShouldBeSubsetOf(["high", "medium", "low"]);
    }

    /// <summary>
    /// Change detection compares row hashes across loads and across versions of Hearth, so their definition is fixed:
    /// the first 128 bits of SHA-256 over the definition's hash, a newline and the raw row, in UTF-8.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void Ingest_RowHash_IsTheDocumentedDigestOfDefinitionAndRawRow(StoreProvider provider)
    {
        using var store = TestStore.Create(provider);
        Ingest(store, city.Feeds).Succeeded.ShouldBeTrue();
        using var connection = store.Location.Open();
        var definitionHash = connection.ExecuteScalar<string>("SELECT definition_hash FROM feeds WHERE name = 'police_incidents'")!;
        var rows = connection.Query<(string Raw, string Hash)>("SELECT raw, row_hash FROM records WHERE feed = 'police_incidents'").ToList();

        rows.Count.ShouldBeGreaterThan(100);
        rows.ShouldContain(r => r.Raw.Any(c => c > 127), "the check should cover rows with characters beyond ASCII");
        foreach (var (raw, hash) in rows)
        {
            var expected = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(definitionHash + "\n" + raw))[..16]);
            hash.ShouldBe(expected, raw);
        }
    }

    private IngestResult Ingest(TestStore store, string feeds) =>
        new IngestService(store.Location, _time).Ingest(new IngestCommand(feeds, Repository.FeedDefinitions) { Feeds = PoliceAndReference }, null, TestContext.Current.CancellationToken);

    private static Encoding FeedEncoding
    {
        get
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding(1252);
        }
    }
}
