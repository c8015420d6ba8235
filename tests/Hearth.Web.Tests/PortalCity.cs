using Hearth.Services.Persistence;
using Hearth.TestCommon;
using Hearth.Web.Infrastructure;
using Npgsql;

[assembly: AssemblyFixture(typeof(Hearth.Web.Tests.PortalCity))]

namespace Hearth.Web.Tests;

/// <summary>
/// A small demo city (2,500 people, seed 31), generated, ingested and matched once per test assembly into a template
/// store for each provider. Each portal a test starts gets its own copy: a copied SQLite file, or a PostgreSQL
/// database created from the template, so that no test sees another's users, audit or decisions.
/// </summary>
public sealed class PortalCity : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);

    private readonly Lock _lock = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hearth-web-city-" + Guid.NewGuid().ToString("N"));
    private string? _sqliteTemplate;
    private string? _postgresTemplate;

    public string CityFolder => Path.Combine(_folder, "city");

    /// <summary>A fresh copy of the matched city in a new store of the provider.</summary>
    public CityStore NewStore(StoreProvider provider)
    {
        lock (_lock)
        {
            if (provider == StoreProvider.Sqlite)
            {
                if (_sqliteTemplate is null)
                {
                    var path = Path.Combine(_folder, "template.db");
                    var store = StoreLocation.Parse(path);
                    DemoSetup.BuildCity(store, new FixedTime(Now), 2_500, 31, CityFolder, null);
                    using (var connection = store.Open())
                    {
                        using var checkpoint = connection.CreateCommand();
                        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                        checkpoint.ExecuteNonQuery();
                    }

                    _sqliteTemplate = path;
                }

                var directory = Path.Combine(_folder, "store-" + Guid.NewGuid().ToString("N"));
                Directory.CreateDirectory(directory);
                var copy = Path.Combine(directory, "hearth.db");
                File.Copy(_sqliteTemplate, copy);
                return new CityStore(StoreLocation.Parse(copy), directory, null);
            }

            TestEnvironment.Require(TestEnvironment.PostgresConnectionString is not null, "PostgreSQL",
                "Set HEARTH_TEST_POSTGRES to a connection string (for example Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres); .ci/run does this.");
            if (_postgresTemplate is null)
            {
                var name = "hearth_test_tpl_" + Guid.NewGuid().ToString("N")[..10];
                Admin($"CREATE DATABASE {name}");
                var builder = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresConnectionString) { Database = name };
                DemoSetup.BuildCity(StoreLocation.Parse(builder.ConnectionString), new FixedTime(Now), 2_500, 31, CityFolder, null);
                NpgsqlConnection.ClearAllPools();
                _postgresTemplate = name;
            }

            var database = "hearth_test_" + Guid.NewGuid().ToString("N")[..12];
            Admin($"CREATE DATABASE {database} TEMPLATE {_postgresTemplate}");
            var location = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresConnectionString) { Database = database };
            var headDirectory = Path.Combine(_folder, database);
            Directory.CreateDirectory(headDirectory);
            return new CityStore(StoreLocation.Parse(location.ConnectionString), headDirectory, database);
        }
    }

    internal static void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        if (_postgresTemplate is not null)
        {
            NpgsqlConnection.ClearAllPools();
            Admin($"DROP DATABASE IF EXISTS {_postgresTemplate} WITH (FORCE)");
        }

        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}

/// <summary>One test's store: its location, a folder for the files beside it (audit head, demo users).</summary>
public sealed class CityStore(StoreLocation location, string folder, string? database) : IDisposable
{
    public StoreLocation Location => location;

    public string Folder => folder;

    public void Dispose()
    {
        if (database is not null)
        {
            NpgsqlConnection.ClearAllPools();
            PortalCity.Admin($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
