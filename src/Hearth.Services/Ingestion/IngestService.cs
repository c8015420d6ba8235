using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Hearth.Core.Addresses;
using Hearth.Core.Ingestion;
using Hearth.Services.Ingestion.Readers;
using Hearth.Services.Persistence;

namespace Hearth.Services.Ingestion;

/// <summary>What to ingest: a manifest (or a folder holding one), with the definitions to read it by.</summary>
public sealed record IngestCommand(string Path, string DefinitionsDirectory)
{
    /// <summary>Only these feeds (all when empty).</summary>
    public IReadOnlyList<string> Feeds { get; init; } = [];

    /// <summary>Accept a full extract with no records, removing every current record of the feed.</summary>
    public bool AllowEmpty { get; init; }
}

/// <summary>How a feed's load ended.</summary>
public enum LoadStatus
{
    /// <summary>Loaded and committed.</summary>
    Completed,

    /// <summary>The same file was already loaded with the same definition; nothing changed.</summary>
    Unchanged,

    /// <summary>The file could not be loaded; nothing changed and the reason is given.</summary>
    Failed,
}

/// <summary>The outcome of one feed's load, with every row accounted for: read = loaded + quarantined.</summary>
public sealed record FeedLoadResult
{
    public required string Feed { get; init; }

    public required string File { get; init; }

    public required LoadStatus Status { get; init; }

    public long? LoadId { get; init; }

    public long Read { get; init; }

    public long Loaded { get; init; }

    public long Quarantined { get; init; }

    public long New { get; init; }

    public long Changed { get; init; }

    public long Unchanged { get; init; }

    public long Removed { get; init; }

    public IReadOnlyDictionary<string, long> QuarantineReasons { get; init; } = new Dictionary<string, long>(StringComparer.Ordinal);

    public string? Error { get; init; }

    public double Seconds { get; init; }
}

public sealed record IngestResult(string Store, IReadOnlyList<FeedLoadResult> Feeds)
{
    public bool Succeeded => Feeds.All(f => f.Status != LoadStatus.Failed);

    public long RowsRead => Feeds.Sum(f => f.Read);
}

/// <summary>Progress of a load, for the command line.</summary>
public sealed record IngestProgress(string Feed, long Rows, long Position, long Length);

/// <summary>
/// Loads feeds into the store. Each feed's load is one transaction: unchanged files change nothing, a changed extract
/// applies only the difference by key (new, changed and removed records, keeping every earlier version), bad rows go
/// to quarantine with their reasons, and a failed or killed load leaves the store exactly as it was.
/// </summary>
public sealed class IngestService(StoreLocation store, TimeProvider time)
{
    private AddressMatcher? _addresses;

    public IngestResult Ingest(IngestCommand command, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Migrator.Upgrade(store, time);
        var definitions = FeedCatalogue.LoadDefinitions(command.DefinitionsDirectory);
        var files = FeedCatalogue.FromManifest(command.Path, definitions, command.Feeds);
        var unknown = command.Feeds.Where(f => files.All(file => file.Definition.Name != f)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"The manifest lists no feed called {string.Join(", ", unknown)}.", nameof(command));
        }

        var results = new List<FeedLoadResult>(files.Count);
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!file.Definition.IsReference && _addresses is null)
            {
                _addresses = LoadAddressMatcher();
            }

            results.Add(Load(file, command.AllowEmpty, progress, cancellationToken));
            if (file.Definition.IsReference)
            {
                // The gazetteer may have changed: rebuild the matcher before the next feed that needs it.
                _addresses = null;
            }
        }

        return new IngestResult(store.Display, results);
    }

    /// <summary>Loads one feed file in one transaction.</summary>
    public FeedLoadResult Load(FeedFile file, bool allowEmpty = false, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var definition = file.Definition;
        var feed = definition.Name;
        try
        {
            var (fileHash, fileBytes) = definition.Format.Type == FormatType.Database ? (Guid.NewGuid().ToString("N"), 0L) : HashFile(file.Path, definition);
            using var writer = LoadWriter.Begin(store);
            var now = time.GetUtcNow();
            writer.UpsertFeed(definition, file.DefinitionHash, now);
            if (writer.LastCompletedLoad(feed) is { } last && last.FileHash == fileHash && last.DefinitionHash == file.DefinitionHash)
            {
                return new FeedLoadResult { Feed = feed, File = file.Path, Status = LoadStatus.Unchanged, LoadId = last.Id, Seconds = stopwatch.Elapsed.TotalSeconds };
            }

            var loadId = writer.StartLoad(feed, Path.GetFileName(file.Path), fileHash, fileBytes, file.DefinitionHash, now);
            var current = writer.Current(feed);
            var mapper = new RecordMapper(definition, _addresses ?? LoadAddressMatcher(), DateOnly.FromDateTime(time.GetLocalNow().Date));
            var tally = new QualityTally();
            var seen = new HashSet<string>(current.Count, StringComparer.Ordinal);
            long read = 0, loaded = 0, quarantined = 0, added = 0, changed = 0, unchanged = 0, removed = 0;

            using (var reader = FeedReader.Open(definition, file.Path))
            {
                foreach (var row in reader.Rows())
                {
                    read++;
                    if (read % 10_000 == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        progress?.Report(new IngestProgress(feed, read, reader.Position, reader.Length));
                    }

                    var mapped = mapper.Map(row, tally);
                    IReadOnlyList<RecordIssue> issues = mapped.Issues;

                    // A key is seen even when its row is quarantined, so that a bad row never retires the good version
                    // the store already holds: nothing stored is lost because a new extract is broken.
                    var firstOfKey = mapped.Key is null || seen.Add(mapped.Key);
                    var duplicate = !firstOfKey && !mapped.Quarantined;
                    if (duplicate)
                    {
                        issues = [.. issues, new RecordIssue("duplicate_key", string.Join('|', definition.Key), Severity.Blocking, $"Another row in this file has the key {mapped.Key}; the first one was loaded.")];
                    }

                    if (mapped.Quarantined || duplicate)
                    {
                        quarantined++;
                        tally.Count(issues, quarantined: true);
                        writer.Quarantine(new QuarantineRow(loadId, feed, row.RowNumber, mapped.Key, row.Raw, issues));
                        continue;
                    }

                    loaded++;
                    tally.Count(issues, quarantined: false);
                    var hash = RowHash(file.DefinitionHash, row.Raw);
                    var version = 1;
                    if (current.TryGetValue(mapped.Key!, out var existing))
                    {
                        if (existing.Hash == hash)
                        {
                            unchanged++;
                            continue;
                        }

                        writer.Retire(existing.Id, loadId);
                        version = existing.Version + 1;
                        changed++;
                    }
                    else
                    {
                        added++;
                    }

                    var warnings = issues.Count == 0 ? null : JsonSerializer.Serialize(issues.Select(i => i.Reason));
                    writer.Add(new RecordVersion(writer.NextRecordId(), feed, mapped.Key!, version, hash, loadId, row.RowNumber, row.Raw, warnings, mapped.Record));
                }

                progress?.Report(new IngestProgress(feed, read, reader.Length, reader.Length));
            }

            if (definition.Extract == ExtractKind.Full)
            {
                if (read == 0 && current.Count > 0 && !allowEmpty)
                {
                    throw new FeedReadException($"The extract for feed {feed} has no records, but the store holds {current.Count}. Hearth will not remove them all; load with --allow-empty if the source really is empty.");
                }

                foreach (var (key, record) in current)
                {
                    if (!seen.Contains(key))
                    {
                        writer.Retire(record.Id, loadId);
                        removed++;
                    }
                }
            }

            if (read != loaded + quarantined)
            {
                throw new InvalidOperationException($"Feed {feed}: {read} rows read but {loaded} loaded and {quarantined} quarantined. This is a bug in Hearth; nothing was stored.");
            }

            var counts = new LoadCounts(read, loaded, quarantined, added, changed, unchanged, removed);
            writer.Finish(loadId, feed, counts, tally, time.GetUtcNow());
            return new FeedLoadResult
            {
                Feed = feed,
                File = file.Path,
                Status = LoadStatus.Completed,
                LoadId = loadId,
                Read = read,
                Loaded = loaded,
                Quarantined = quarantined,
                New = added,
                Changed = changed,
                Unchanged = unchanged,
                Removed = removed,
                QuarantineReasons = new Dictionary<string, long>(tally.QuarantineReasons, StringComparer.Ordinal),
                Seconds = stopwatch.Elapsed.TotalSeconds,
            };
        }
        catch (Exception ex) when (ex is FeedReadException or IOException or UnauthorizedAccessException or InvalidFeedDefinitionException)
        {
            return new FeedLoadResult { Feed = feed, File = file.Path, Status = LoadStatus.Failed, Error = ex.Message, Seconds = stopwatch.Elapsed.TotalSeconds };
        }
    }

    private AddressMatcher LoadAddressMatcher()
    {
        using var connection = store.Open();
        var entries = connection.Query<GazetteerEntry>(
            "SELECT uprn AS Uprn, parent_uprn AS ParentUprn, sub_building AS SubBuilding, primary_object AS \"Primary\", street AS Street, postcode AS Postcode FROM properties");
        return new AddressMatcher(entries);
    }

    /// <summary>A row's identity for change detection: its raw content under this version of the definition.</summary>
    private static string RowHash(string definitionHash, string raw)
    {
        Span<byte> hash = stackalloc byte[32];
        var bytes = Encoding.UTF8.GetBytes(definitionHash + "\n" + raw);
        SHA256.HashData(bytes, hash);
        return Convert.ToHexString(hash[..16]);
    }

    private static (string Hash, long Bytes) HashFile(string path, FeedDefinition definition)
    {
        if (!File.Exists(path))
        {
            throw new FeedReadException($"The file {path} for feed {definition.Name} does not exist.");
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return (Convert.ToHexString(SHA256.HashData(stream)), stream.Length);
    }
}
