using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
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

    /// <summary>How many feeds to load at once (default: one for SQLite, one per core up to four for PostgreSQL).</summary>
    public int? Parallelism { get; init; }
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
    /// <summary>Wall-clock time of the whole ingest (feeds may load side by side, so this is less than their sum).</summary>
    public double Seconds { get; init; }

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
    // Batches of 1,000 rows mapped ahead of the writer: enough to keep both cores busy, little enough memory.
    private const int BatchesAhead = 8;

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

        var stopwatch = Stopwatch.StartNew();
        var results = new FeedLoadResult[files.Count];

        // Reference data first, one feed at a time: every other feed's addresses are matched against the gazetteer.
        for (var i = 0; i < files.Count && files[i].Definition.IsReference; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results[i] = Load(files[i], command.AllowEmpty, progress, cancellationToken);
            _addresses = null;
        }

        var others = Enumerable.Range(0, files.Count).Where(i => !files[i].Definition.IsReference).ToList();
        if (others.Count > 0)
        {
            _addresses ??= LoadAddressMatcher();
            LoadInParallel(files, others, results, command, progress, cancellationToken);
        }

        return new IngestResult(store.Display, results) { Seconds = stopwatch.Elapsed.TotalSeconds };
    }

    /// <summary>
    /// Loads feeds side by side, each in its own transaction on its own connection, biggest first so that the last to
    /// finish is a small one. PostgreSQL spreads them over its cores; SQLite has one writer, so it loads one at a time.
    /// Each load runs on its own thread (not the thread pool, which the loads' mapping work uses).
    /// </summary>
    private void LoadInParallel(IReadOnlyList<FeedFile> files, List<int> indices, FeedLoadResult[] results, IngestCommand command, IProgress<IngestProgress>? progress, CancellationToken cancellationToken)
    {
        var queue = new ConcurrentQueue<int>(indices.OrderByDescending(i => SizeOf(files[i])).ThenBy(i => i));
        var parallelism = Math.Clamp(command.Parallelism ?? DefaultParallelism(store), 1, indices.Count);
        var failures = new ConcurrentQueue<ExceptionDispatchInfo>();
        var workers = Enumerable.Range(0, parallelism).Select(n => new Thread(() =>
        {
            try
            {
                while (failures.IsEmpty && !cancellationToken.IsCancellationRequested && queue.TryDequeue(out var i))
                {
                    results[i] = Load(files[i], command.AllowEmpty, progress, cancellationToken);
                }
            }
#pragma warning disable CA1031 // Rethrown on the calling thread below.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures.Enqueue(ExceptionDispatchInfo.Capture(ex));
            }
        })
        { IsBackground = true, Name = $"hearth-load-{n}" }).ToList();

        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        if (failures.TryDequeue(out var failure))
        {
            failure.Throw();
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>SQLite allows one writer at a time; PostgreSQL takes one load per core, up to four.</summary>
    public static int DefaultParallelism(StoreLocation store) => store.Provider == StoreProvider.Sqlite ? 1 : Math.Clamp(Environment.ProcessorCount, 1, 4);

    private static long SizeOf(FeedFile file) => file.Definition.Format.Type == FormatType.Database || !File.Exists(file.Path) ? 0 : new FileInfo(file.Path).Length;

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

            using (var pipeline = new MappingPipeline(FeedReader.Open(definition, file.Path), mapper, file.DefinitionHash, BatchesAhead, cancellationToken))
            {
                foreach (var (rows, batchTally) in pipeline.Batches())
                {
                    tally.Add(batchTally);
                    foreach (var (row, mapped, hash, warnings) in rows)
                    {
                        read++;
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

                        writer.Add(new RecordVersion(writer.NextRecordId(), feed, mapped.Key!, version, hash, loadId, row.RowNumber, row.Raw, warnings, mapped.Record));
                    }

                    cancellationToken.ThrowIfCancellationRequested();
                    progress?.Report(new IngestProgress(feed, read, pipeline.BytesRead, pipeline.Length));
                }

                progress?.Report(new IngestProgress(feed, read, pipeline.Length, pipeline.Length));
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
