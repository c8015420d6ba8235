using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Hearth.Core.Ingestion;
using Hearth.Services.Persistence;

namespace Hearth.Services.Ingestion;

/// <summary>The version and hash of a record as the store holds it now.</summary>
internal readonly record struct CurrentRecord(long Id, string Hash, int Version);

/// <summary>The last completed load of a feed, which decides whether a file is unchanged.</summary>
internal sealed record LastLoad(long Id, string FileHash, string DefinitionHash);

/// <summary>The counts a load ends with.</summary>
internal sealed record LoadCounts(long Read, long Loaded, long Quarantined, long New, long Changed, long Unchanged, long Removed);

/// <summary>
/// Writes one feed load inside one transaction: a killed or failed load leaves the store exactly as it was. Providers
/// differ only in how rows reach the database (prepared statements for SQLite, binary COPY for PostgreSQL).
/// </summary>
internal abstract class LoadWriter : IDisposable
{
    private bool _committed;

    protected LoadWriter(DbConnection connection, DbTransaction transaction)
    {
        Connection = connection;
        Transaction = transaction;
    }

    protected DbConnection Connection { get; }

    protected DbTransaction Transaction { get; }

    public static LoadWriter Begin(StoreLocation store)
    {
        var connection = store.Open();
        try
        {
            return store.Provider == StoreProvider.Sqlite ? SqliteLoadWriter.Create(connection) : PostgresLoadWriter.Create(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void UpsertFeed(FeedDefinition definition, string definitionHash, DateTimeOffset now)
    {
        Connection.Execute(
            """
            INSERT INTO feeds (name, title, system, trust_rank, extract_kind, lawful_basis, definition_hash, updated_at)
            VALUES (@Name, @Title, @System, @TrustRank, @Extract, @LawfulBasis, @Hash, @Now)
            ON CONFLICT (name) DO UPDATE SET title = excluded.title, system = excluded.system, trust_rank = excluded.trust_rank,
                extract_kind = excluded.extract_kind, lawful_basis = excluded.lawful_basis, definition_hash = excluded.definition_hash, updated_at = excluded.updated_at
            """,
            new
            {
                definition.Name,
                definition.Title,
                definition.System,
                definition.TrustRank,
                Extract = definition.Extract.ToString().ToLowerInvariant(),
                LawfulBasis = JsonSerializer.Serialize(definition.LawfulBasis, FeedDefinition.JsonOptions),
                Hash = definitionHash,
                Now = Timestamp(now),
            },
            Transaction);
    }

    public LastLoad? LastCompletedLoad(string feed) =>
        Connection.QueryFirstOrDefault<LastLoad>(
            "SELECT id AS Id, file_hash AS FileHash, definition_hash AS DefinitionHash FROM loads WHERE feed = @feed AND status = 'completed' ORDER BY id DESC LIMIT 1",
            new { feed },
            Transaction);

    public long StartLoad(string feed, string fileName, string fileHash, long fileBytes, string definitionHash, DateTimeOffset now) =>
        Connection.ExecuteScalar<long>(
            """
            INSERT INTO loads (feed, file_name, file_hash, file_bytes, definition_hash, started_at, status)
            VALUES (@feed, @fileName, @fileHash, @fileBytes, @definitionHash, @now, 'running') RETURNING id
            """,
            new { feed, fileName, fileHash, fileBytes, definitionHash, now = Timestamp(now) },
            Transaction);

    public Dictionary<string, CurrentRecord> Current(string feed)
    {
        var current = new Dictionary<string, CurrentRecord>(StringComparer.Ordinal);
        using var reader = Connection.ExecuteReader(
            "SELECT record_key, id, row_hash, version FROM records WHERE feed = @feed AND retired_load_id IS NULL",
            new { feed },
            Transaction);
        while (reader.Read())
        {
            current[reader.GetString(0)] = new CurrentRecord(reader.GetInt64(1), reader.GetString(2), reader.GetInt32(3));
        }

        return current;
    }

    /// <summary>An id for a new record version, unique in the store.</summary>
    public abstract long NextRecordId();

    /// <summary>Marks a version as no longer current (changed or removed), with everything it held.</summary>
    public abstract void Retire(long recordId, long loadId);

    public abstract void Add(RecordVersion version);

    public abstract void Quarantine(QuarantineRow row);

    /// <summary>Sends whatever is buffered.</summary>
    public abstract void Flush();

    public void Finish(long loadId, string feed, LoadCounts counts, QualityTally tally, DateTimeOffset now)
    {
        Flush();
        foreach (var (attribute, c) in tally.Attributes)
        {
            Connection.Execute(
                "INSERT INTO dq_attributes (load_id, feed, attribute, total, present, valid) VALUES (@loadId, @feed, @attribute, @Total, @Present, @Valid)",
                new { loadId, feed, attribute, c.Total, c.Present, c.Valid },
                Transaction);
        }

        foreach (var (kind, reasons) in new[] { ("quarantine", tally.QuarantineReasons), ("warning", tally.WarningReasons) })
        {
            foreach (var (reason, count) in reasons)
            {
                Connection.Execute(
                    "INSERT INTO dq_reasons (load_id, feed, kind, reason, count) VALUES (@loadId, @feed, @kind, @reason, @count)",
                    new { loadId, feed, kind, reason, count },
                    Transaction);
            }
        }

        Connection.Execute(
            """
            UPDATE loads SET status = 'completed', finished_at = @now, rows_read = @Read, rows_loaded = @Loaded, rows_quarantined = @Quarantined,
                rows_new = @New, rows_changed = @Changed, rows_unchanged = @Unchanged, rows_removed = @Removed
            WHERE id = @loadId
            """,
            new { loadId, now = Timestamp(now), counts.Read, counts.Loaded, counts.Quarantined, counts.New, counts.Changed, counts.Unchanged, counts.Removed },
            Transaction);
        Transaction.Commit();
        _committed = true;
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!_committed)
        {
            // Anything not committed is rolled back: the store is as it was before the load.
            try
            {
                Transaction.Rollback();
            }
            catch (DbException)
            {
                // The connection is already broken; the server rolls back on its own.
            }
            catch (InvalidOperationException)
            {
                // Already completed.
            }
        }

        Transaction.Dispose();
        Connection.Dispose();
    }

    protected static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
