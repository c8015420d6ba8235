using Hearth.Services.Persistence;
using Npgsql;

namespace Hearth.TestCommon;

/// <summary>
/// A real, empty store for one test or test class: a SQLite file in a temporary folder, or a new PostgreSQL database
/// on the test server. Disposing it deletes it, so no test depends on another's data.
/// </summary>
public sealed class TestStore : IDisposable
{
    private readonly string? _database;
    private readonly string? _directory;

    private TestStore(StoreLocation location, string? database, string? directory)
    {
        Location = location;
        _database = database;
        _directory = directory;
    }

    public StoreLocation Location { get; }

    public StoreProvider Provider => Location.Provider;

    public static TestStore Create(StoreProvider provider)
    {
        if (provider == StoreProvider.Sqlite)
        {
            var directory = Path.Combine(Path.GetTempPath(), "hearth-store-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            return new TestStore(StoreLocation.Parse(Path.Combine(directory, "hearth.db")), null, directory);
        }

        TestEnvironment.Require(
            TestEnvironment.PostgresConnectionString is not null,
            "PostgreSQL",
            "Set HEARTH_TEST_POSTGRES to a connection string (for example Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres); .ci/run does this.");
        var admin = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresConnectionString);
        var database = "hearth_test_" + Guid.NewGuid().ToString("N")[..12];
        using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE {database}";
            command.ExecuteNonQuery();
        }

        admin.Database = database;
        return new TestStore(StoreLocation.Parse(admin.ConnectionString), database, null);
    }

    public void Dispose()
    {
        if (_directory is not null && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        if (_database is not null)
        {
            NpgsqlConnection.ClearAllPools();
            using var connection = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)";
            command.ExecuteNonQuery();
        }
    }
}
