using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Hearth.Services.Persistence;

public enum StoreProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Where the store is: a SQLite file (the embedded default) or a PostgreSQL database. Every command that touches the
/// store takes <c>--store</c>: a file path, or a PostgreSQL connection string (<c>Host=...;Database=...</c>).
/// </summary>
public sealed record StoreLocation
{
    /// <summary>The embedded default: data/hearth.db under the current folder.</summary>
    public const string DefaultPath = "data/hearth.db";

    private StoreLocation(StoreProvider provider, string connectionString, string display)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Display = display;
    }

    public StoreProvider Provider { get; }

    /// <summary>SQLite's page cache per connection, in KiB: large for the batch jobs, which hold one connection each.</summary>
    public int PageCacheKib { get; private init; } = 262_144;

    /// <summary>
    /// Whether a SQLite commit checkpoints the write-ahead log itself once it passes 1,000 pages (SQLite's default).
    /// Off for a pooled store, whose server checkpoints in the background instead (<see cref="Checkpoint"/>): the portal
    /// writes each batch of audit entries for many waiting requests, and a checkpoint inside that commit held them all.
    /// </summary>
    public bool AutoCheckpoint { get; private init; } = true;

    /// <summary>Copies what it can of SQLite's write-ahead log into the database without waiting for readers; nothing on PostgreSQL.</summary>
    public void Checkpoint()
    {
        if (Provider != StoreProvider.Sqlite)
        {
            return;
        }

        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// The same store for a server with many short requests. On SQLite, connections are pooled (opening one and
    /// reading the schema was a third of a person view's CPU) with a smaller page cache each, since a pool holds many
    /// and the operating system caches the file anyway. On PostgreSQL (pooled already), statements used again and
    /// again are prepared once per connection: planning the scope filter's subqueries took longer than running them.
    /// </summary>
    public StoreLocation Pooled() => Provider == StoreProvider.Sqlite
        ? new StoreLocation(Provider, new SqliteConnectionStringBuilder(ConnectionString) { Pooling = true }.ConnectionString, Display) { PageCacheKib = 16_384, AutoCheckpoint = false, Unpooled = Unpooled }
        : new StoreLocation(Provider, new NpgsqlConnectionStringBuilder(ConnectionString) { MaxAutoPrepare = 64 }.ConnectionString, Display) { Unpooled = Unpooled };

    /// <summary>The store as the batch jobs open it (one connection each, a large page cache), for a server that also runs one.</summary>
    public StoreLocation Unpooled
    {
        get => _unpooled ?? this;
        private init => _unpooled = value;
    }

    private readonly StoreLocation? _unpooled;

    public string ConnectionString { get; }

    /// <summary>The location without any password, for messages and logs.</summary>
    public string Display { get; }

    public static StoreLocation Parse(string? store)
    {
        if (string.IsNullOrWhiteSpace(store))
        {
            store = DefaultPath;
        }

        if (store.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || store.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("Give PostgreSQL as a connection string (Host=...;Port=...;Database=...;Username=...), not a URL.", nameof(store));
        }

        if (store.Contains("Host=", StringComparison.OrdinalIgnoreCase) || store.Contains("Server=", StringComparison.OrdinalIgnoreCase))
        {
            var builder = new NpgsqlConnectionStringBuilder(store);
            var display = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
            // Loads send large batches; the default command timeout of 30 s is too short for a city.
            builder.CommandTimeout = Math.Max(builder.CommandTimeout, 600);
            return new StoreLocation(StoreProvider.Postgres, builder.ConnectionString, display);
        }

        var path = Path.GetFullPath(store);
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var sqlite = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 600 };
        return new StoreLocation(StoreProvider.Sqlite, sqlite.ConnectionString, "SQLite " + path);
    }

    /// <summary>Opens a connection, configured for Hearth (SQLite: write-ahead log, foreign keys on).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();
    private static readonly object ConfiguredMarker = new();

    public DbConnection Open()
    {
        DbConnection connection = Provider == StoreProvider.Sqlite ? new SqliteConnection(ConnectionString) : new NpgsqlConnection(ConnectionString);
        try
        {
            Configure(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return connection;
    }

    private void Configure(DbConnection connection)
    {
        connection.Open();
        // The settings belong to SQLite's own connection, which a pool (see Pooled) keeps open and hands out again: set
        // them once per physical connection.
        if (connection is SqliteConnection sqlite && sqlite.Handle is { } handle && !Configured.TryGetValue(handle, out _))
        {
            using var pragma = connection.CreateCommand();
            // WAL lets readers (the portal) read while a load writes; NORMAL sync is safe with WAL and much faster.
            pragma.CommandText = $"PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 60000; PRAGMA cache_size = -{PageCacheKib}; PRAGMA temp_store = MEMORY;{(AutoCheckpoint ? "" : " PRAGMA wal_autocheckpoint = 0;")}";
            pragma.ExecuteNonQuery();
            Configured.AddOrUpdate(handle, ConfiguredMarker);
        }
    }

    public override string ToString() => Display;
}
