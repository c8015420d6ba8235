using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Hearth.Core.Audit;
using Hearth.Services.Access;
using Hearth.Services.Persistence;

namespace Hearth.Services.Audit;

/// <summary>What happened, to be written to the audit with who, when and from where.</summary>
/// <param name="Action">The kind of act (see <see cref="AuditActions"/>).</param>
/// <param name="TargetKind">person, family, user, review, audit, or empty.</param>
/// <param name="TargetId">Which one.</param>
/// <param name="Reason">Why, where one was asked.</param>
/// <param name="Detail">Anything else (search terms, filters, the decision), serialised as JSON.</param>
public sealed record AuditEvent(string Action, string TargetKind = "", string TargetId = "", string Reason = "", object? Detail = null);

/// <summary>The actions the audit records.</summary>
public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string CodeFailed = "sign-in-code-failed";
    public const string LockedOut = "locked-out";
    public const string RecoveryCodeUsed = "recovery-code-used";
    public const string AuthenticatorEnrolled = "authenticator-enrolled";
    public const string SignOut = "sign-out";
    public const string Search = "search";
    public const string ViewPerson = "view-person";
    public const string ViewFamily = "view-family";
    public const string ViewMatch = "view-match-explanation";
    public const string ViewReview = "view-review-item";
    public const string DecideMatch = "decide-match";
    public const string BreakGlass = "break-glass";
    public const string ReviewBreakGlass = "review-break-glass";
    public const string AddExclusion = "add-exclusion";
    public const string RevokeExclusion = "revoke-exclusion";
    public const string SetFlag = "set-sensitive-flag";
    public const string SearchAudit = "search-audit";
    public const string ViewAggregates = "view-aggregates";
    public const string Export = "export";
    public const string CreateUser = "create-user";
}

/// <summary>One stored audit entry, for the audit search screen.</summary>
public sealed record AuditEntry(long Id, string At, string Actor, string Action, string TargetKind, string TargetId, string Address, string Reason, string Detail);

/// <summary>Search the audit: who looked at this person, what did this user look at.</summary>
public sealed record AuditSearchQuery(AccessContext Access)
{
    public string? Actor { get; init; }

    public string? TargetKind { get; init; }

    public string? TargetId { get; init; }

    public string? Action { get; init; }

    public int Limit { get; init; } = 200;
}

/// <summary>
/// The append-only, hash-chained audit log. An entry is appended inside the transaction of the act it records
/// (<see cref="Begin"/>), so an act and its record commit together or not at all. After each commit the newest
/// (sequence, hash) is written to a file outside the database, the chain's head, which <see cref="Verify"/> checks.
/// See docs/adr/0012-audit-chain.md.
/// </summary>
public sealed class AuditLog(StoreLocation store, TimeProvider time, AuditHead head)
{
    private const long ChainLock = 7461726801;
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public StoreLocation Store => store;

    public TimeProvider Time => time;

    /// <summary>
    /// Opens a connection and a transaction for an audited act. On SQLite the transaction takes the write lock at
    /// once (BEGIN IMMEDIATE), because a read transaction that later writes can fail when another writer got in first.
    /// </summary>
    public AuditedTransaction Begin()
    {
        var connection = store.Open();
        try
        {
            var transaction = connection.BeginTransaction();
            return new AuditedTransaction(this, connection, transaction);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a consistent snapshot for reading what a view will show, without the write lock (a deferred transaction on
    /// SQLite, repeatable read on PostgreSQL), so that many people can look at once. Nothing can be appended to it: the
    /// caller reads, then records the view with <see cref="Record(AccessContext, AuditEvent)"/>, and shows nothing
    /// unless that commits. Changes still use <see cref="Begin"/>, so a change and its entry commit together.
    /// </summary>
    public AuditedTransaction BeginRead()
    {
        var connection = store.Open();
        try
        {
            var transaction = connection is Microsoft.Data.Sqlite.SqliteConnection sqlite
                ? sqlite.BeginTransaction(deferred: true)
                : connection.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
            return new AuditedTransaction(this, connection, transaction) { ReadOnly = true };
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Records an act that has no transaction of its own (views, searches, sign-in events), and returns once the entry
    /// has committed. Entries recorded at the same moment by other requests are written in the same transaction (group
    /// commit): the first caller in writes everything waiting, in arrival order, while the others wait for it. The
    /// chain is serial, so without this each entry paid the lock and its round trips alone. If the transaction fails,
    /// every entry in it fails and so does every caller: nothing is shown that is not recorded.
    /// </summary>
    public long Record(AccessContext actor, AuditEvent audit)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var mine = new PendingEntry(actor, audit);
        Monitor.Enter(_pendingGate);
        try
        {
            _pending.Add(mine);
            while (!mine.Done)
            {
                if (_writing)
                {
                    Monitor.Wait(_pendingGate);
                    continue;
                }

                // This caller writes the batch: its own entry and every one waiting.
                _writing = true;
                var batch = _pending;
                _pending = [];
                Monitor.Exit(_pendingGate);
                try
                {
                    Write(batch);
                }
                finally
                {
                    Monitor.Enter(_pendingGate);
                    _writing = false;
                    Monitor.PulseAll(_pendingGate);
                }
            }
        }
        finally
        {
            Monitor.Exit(_pendingGate);
        }

        mine.Error?.Throw();
        return mine.Sequence;
    }

    private readonly object _pendingGate = new();
    private List<PendingEntry> _pending = [];
    private bool _writing;

    private void Write(List<PendingEntry> batch)
    {
        try
        {
            using var unit = Begin();
            foreach (var entry in batch)
            {
                entry.Sequence = unit.Append(entry.Actor, entry.Audit);
            }

            unit.Commit();
        }
        catch (Exception ex)
        {
            var error = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex);
            foreach (var entry in batch)
            {
                entry.Error = error;
            }
        }
        finally
        {
            foreach (var entry in batch)
            {
                entry.Done = true;
            }
        }
    }

    private sealed class PendingEntry(AccessContext actor, AuditEvent audit)
    {
        public AccessContext Actor { get; } = actor;

        public AuditEvent Audit { get; } = audit;

        public long Sequence { get; set; }

        public System.Runtime.ExceptionServices.ExceptionDispatchInfo? Error { get; set; }

        public bool Done { get; set; }
    }

    /// <summary>Records an act by someone not signed in (a failed sign-in names the user name that was tried).</summary>
    public long Record(string actor, string address, AuditEvent audit) =>
        Record(new AccessContext("", actor, Role.Analyst, address), audit);

    internal (long Sequence, string Hash) Append(DbConnection connection, DbTransaction transaction, string actor, string address, AuditEvent audit)
    {
        if (store.Provider == StoreProvider.Postgres)
        {
            // One appender at a time, until this transaction ends, so that sequences have no gaps and each entry
            // follows the one before it.
            connection.Execute("SELECT pg_advisory_xact_lock(@ChainLock)", new { ChainLock }, transaction);
        }

        var last = connection.QueryFirstOrDefault<(long Id, string Hash)?>("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", transaction: transaction);
        var record = new AuditRecord(
            (last?.Id ?? 0) + 1, Timestamps.Format(time.GetUtcNow()), actor, audit.Action, audit.TargetKind, audit.TargetId, address, audit.Reason,
            audit.Detail is null ? "{}" : audit.Detail as string ?? JsonSerializer.Serialize(audit.Detail, Json));
        var previous = last?.Hash ?? AuditChain.GenesisHash;
        var hash = AuditChain.Hash(previous, record);
        connection.Execute(
            "INSERT INTO audit_log (id, at, actor, action, target_kind, target_id, address, reason, detail, previous_hash, hash) VALUES (@Sequence, @At, @Actor, @Action, @TargetKind, @TargetId, @Address, @Reason, @Detail, @Previous, @Hash)",
            new { record.Sequence, record.At, record.Actor, record.Action, record.TargetKind, record.TargetId, record.Address, record.Reason, record.Detail, Previous = previous, Hash = hash },
            transaction);
        return (record.Sequence, hash);
    }

    internal void Committed(long sequence, string hash) => head.Advance(sequence, hash);

    public IReadOnlyList<AuditEntry> Search(AuditSearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Access.Demand(Permission.ViewAudit);
        using var unit = Begin();
        var conditions = new List<string>();
        var parameters = new DynamicParameters();
        if (query.Actor is { Length: > 0 } actor)
        {
            conditions.Add("actor = @Actor");
            parameters.Add("Actor", actor.Trim());
        }

        if (query.TargetId is { Length: > 0 } target)
        {
            conditions.Add("target_id = @TargetId");
            parameters.Add("TargetId", target.Trim());
            conditions.Add("target_kind = @TargetKind");
            parameters.Add("TargetKind", query.TargetKind is { Length: > 0 } kind ? kind : "person");
        }

        if (query.Action is { Length: > 0 } action)
        {
            conditions.Add("action = @Action");
            parameters.Add("Action", action);
        }

        parameters.Add("Limit", Math.Clamp(query.Limit, 1, 1000));
        var entries = unit.Connection.Query<AuditEntry>(
            $"SELECT id AS Id, at AS At, actor AS Actor, action AS Action, target_kind AS TargetKind, target_id AS TargetId, address AS Address, reason AS Reason, detail AS Detail FROM audit_log {(conditions.Count > 0 ? "WHERE " + string.Join(" AND ", conditions) : "")} ORDER BY id DESC LIMIT @Limit",
            parameters, unit.Transaction).ToList();
        unit.Append(query.Access, new AuditEvent(AuditActions.SearchAudit, Detail: new { query.Actor, query.TargetKind, query.TargetId, query.Action, results = entries.Count }));
        unit.Commit();
        return entries;
    }

    /// <summary>Checks every entry of the chain, in order, and the head written outside the database.</summary>
    public AuditVerification Verify()
    {
        Migrator.Upgrade(store, time);
        using var connection = store.Open();
        var rows = connection.Query<(long Id, string At, string Actor, string Action, string TargetKind, string TargetId, string Address, string Reason, string Detail, string Previous, string Hash)>(
            "SELECT id, at, actor, action, target_kind, target_id, address, reason, detail, previous_hash, hash FROM audit_log ORDER BY id", buffered: false);
        return AuditChain.Verify(
            rows.Select(r => new ChainedAuditRecord(new AuditRecord(r.Id, r.At, r.Actor, r.Action, r.TargetKind, r.TargetId, r.Address, r.Reason, r.Detail), r.Previous, r.Hash)),
            head.Read());
    }
}

/// <summary>A transaction whose act is audited: append the entry, then commit; the head is advanced after the commit.</summary>
public sealed class AuditedTransaction : IDisposable
{
    private readonly AuditLog _log;
    private (long Sequence, string Hash)? _appended;

    internal AuditedTransaction(AuditLog log, DbConnection connection, DbTransaction transaction)
    {
        _log = log;
        Connection = connection;
        Transaction = transaction;
        Now = log.Time.GetUtcNow();
    }

    public DbConnection Connection { get; }

    public DbTransaction Transaction { get; }

    /// <summary>The unit's moment, read once, so that every check in it (a break-glass grant's expiry) agrees.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>A snapshot from <see cref="AuditLog.BeginRead"/>: reads only, and nothing can be appended to it.</summary>
    public bool ReadOnly { get; init; }

    public long Append(AccessContext actor, AuditEvent audit)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (ReadOnly)
        {
            throw new InvalidOperationException("A read snapshot cannot hold an audit entry: record the view with AuditLog.Record once it has been read.");
        }

        _appended = _log.Append(Connection, Transaction, actor.UserName, actor.Address, audit);
        return _appended.Value.Sequence;
    }

    public void Commit()
    {
        Transaction.Commit();
        if (_appended is { } appended)
        {
            _log.Committed(appended.Sequence, appended.Hash);
        }
    }

    public void Dispose()
    {
        Transaction.Dispose();
        Connection.Dispose();
    }
}

/// <summary>
/// The chain's head outside the database: a small file holding the newest (sequence, hash). Someone who can rewrite
/// the database cannot also make this file agree without access to where it lives; in production it belongs on
/// storage the database's administrators cannot write (or is shipped to a log service).
/// </summary>
public sealed class AuditHead(string path)
{
    private readonly Lock _lock = new();
    private long _written = -1;

    public string Path => path;

    /// <summary>Where the head lives by default: beside a SQLite store, or under data/ for PostgreSQL.</summary>
    public static string DefaultFor(StoreLocation store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store.Provider == StoreProvider.Sqlite)
        {
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(store.ConnectionString).DataSource;
            return file + ".audit-head";
        }

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(store.ConnectionString);
        return System.IO.Path.GetFullPath(System.IO.Path.Combine("data", $"audit-head-{builder.Host}-{builder.Port}-{builder.Database}.txt"));
    }

    /// <summary>Moves the head forward (never back: two requests may commit in either order).</summary>
    public void Advance(long sequence, string hash)
    {
        lock (_lock)
        {
            if (_written < 0)
            {
                _written = Read()?.Sequence ?? 0;
            }

            if (sequence <= _written)
            {
                return;
            }

            var directory = System.IO.Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            var temporary = path + ".tmp";
            File.WriteAllText(temporary, sequence.ToString(CultureInfo.InvariantCulture) + " " + hash + "\n");
            File.Move(temporary, path, overwrite: true);
            _written = sequence;
        }
    }

    public (long Sequence, string Hash)? Read()
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var parts = File.ReadAllText(path).Trim().Split(' ');
        return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? (sequence, parts[1]) : throw new InvalidDataException($"{path} is not an audit head (sequence and hash).");
    }
}
