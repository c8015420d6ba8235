using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace Hearth.Services.Persistence;

/// <summary>One schema change: a numbered SQL script per provider.</summary>
public sealed record Migration(int Version, string Name, string Sql)
{
    public string Checksum => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))))[..16];
}

/// <summary>
/// Creates or upgrades the store's schema: numbered SQL scripts per provider (embedded in this assembly), applied in
/// order, each in its own transaction, and recorded in <c>schema_migrations</c>. An upgrade never drops data; a script
/// that was applied and then edited is refused. See docs/adr/0006.
/// </summary>
public static class Migrator
{
    /// <summary>
    /// Numbers taken by a migration being written on another branch, which a later-numbered one may be merged ahead of:
    /// for example 0008 (groups) was reserved while 0009 (rules) was written beside it. Take a number out once its
    /// migration is in. None is reserved now.
    /// </summary>
    private static readonly HashSet<int> Reserved = [];

    /// <summary>The migrations for a provider, in order.</summary>
    public static IReadOnlyList<Migration> For(StoreProvider provider)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var prefix = "Hearth.Services.Migrations." + (provider == StoreProvider.Sqlite ? "sqlite" : "postgres") + ".";
        var migrations = new List<Migration>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)))
        {
            var file = name[prefix.Length..^4];
            var underscore = file.IndexOf('_', StringComparison.Ordinal);
            var version = int.Parse(file[..underscore], NumberStyles.None, CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(version, file[(underscore + 1)..], reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        var expected = 1;
        foreach (var migration in migrations)
        {
            while (migration.Version != expected && Reserved.Contains(expected))
            {
                expected++;
            }

            if (migration.Version != expected)
            {
                throw new InvalidOperationException($"Migrations must be numbered 1, 2, 3 with no gaps; found {migration.Version} where {expected} was expected.");
            }

            expected++;
        }

        return migrations;
    }

    /// <summary>Applies every migration the store has not had yet; returns the versions applied.</summary>
    public static IReadOnlyList<int> Upgrade(StoreLocation store, TimeProvider time, int? upTo = null)
    {
        using var connection = store.Open();
        if (store.Provider == StoreProvider.Postgres)
        {
            // One upgrader at a time, across processes.
            connection.Execute("SELECT pg_advisory_lock(7461726800)");
        }

        try
        {
            connection.Execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)");
            var applied = connection.Query<(long Version, string Name, string Checksum)>("SELECT version, name, checksum FROM schema_migrations ORDER BY version")
                .ToDictionary(m => (int)m.Version);
            var migrations = For(store.Provider);
            var newlyApplied = new List<int>();
            foreach (var migration in migrations.Where(m => upTo is null || m.Version <= upTo))
            {
                if (applied.TryGetValue(migration.Version, out var done))
                {
                    if (done.Checksum != migration.Checksum)
                    {
                        throw new InvalidOperationException(
                            $"Migration {migration.Version} ({migration.Name}) was changed after it was applied to {store.Display}. Never edit an applied migration; add a new one.");
                    }

                    continue;
                }

                using var transaction = connection.BeginTransaction();
                connection.Execute(migration.Sql, transaction: transaction);
                connection.Execute(
                    "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (@Version, @Name, @Checksum, @AppliedAt)",
                    new { migration.Version, migration.Name, migration.Checksum, AppliedAt = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) },
                    transaction);
                transaction.Commit();
                newlyApplied.Add(migration.Version);
            }

            var latest = migrations.Count == 0 ? 0 : migrations[^1].Version;
            var storeVersion = applied.Keys.DefaultIfEmpty(0).Max();
            if (storeVersion > latest)
            {
                throw new InvalidOperationException($"{store.Display} has schema version {storeVersion}, newer than this Hearth ({latest}). Upgrade Hearth before using this store.");
            }

            return newlyApplied;
        }
        finally
        {
            if (store.Provider == StoreProvider.Postgres)
            {
                connection.Execute("SELECT pg_advisory_unlock(7461726800)");
            }
        }
    }

    /// <summary>The highest migration applied to the store (0 for a new store).</summary>
    public static int CurrentVersion(DbConnection connection)
    {
        try
        {
            return connection.ExecuteScalar<int?>("SELECT MAX(version) FROM schema_migrations") ?? 0;
        }
        catch (DbException)
        {
            return 0;
        }
    }
}
