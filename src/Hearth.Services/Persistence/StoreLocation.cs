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
    public DbConnection Open()
    {
        DbConnection connection = Provider == StoreProvider.Sqlite ? new SqliteConnection(ConnectionString) : new NpgsqlConnection(ConnectionString);
        connection.Open();
        if (Provider == StoreProvider.Sqlite)
        {
            using var pragma = connection.CreateCommand();
            // WAL lets readers (the portal) read while a load writes; NORMAL sync is safe with WAL and much faster.
            pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 60000; PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;";
            pragma.ExecuteNonQuery();
        }

        return connection;
    }

    public override string ToString() => Display;
}
