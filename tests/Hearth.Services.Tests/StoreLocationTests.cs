using Dapper;
using Hearth.Services.Persistence;

namespace Hearth.Services.Tests;

public class StoreLocationTests
{
    [Fact]
    public void Parse_Nothing_IsTheEmbeddedDefault()
    {
        var location = StoreLocation.Parse(null);
        location.Provider.ShouldBe(StoreProvider.Sqlite);
        location.Display.ShouldEndWith(Path.Combine("data", "hearth.db"));
    }

    [Fact]
    public void Parse_FilePath_IsSqlite() =>
        StoreLocation.Parse(Path.Combine(Path.GetTempPath(), "x", "city.db")).Provider.ShouldBe(StoreProvider.Sqlite);

    [Fact]
    public void Parse_ConnectionString_IsPostgresAndHidesThePassword()
    {
        var location = StoreLocation.Parse("Host=127.0.0.1;Port=5432;Database=hearth;Username=u;Password=secret");
        location.Provider.ShouldBe(StoreProvider.Postgres);
        location.Display.ShouldBe("PostgreSQL 127.0.0.1:5432/hearth");
        location.Display.ShouldNotContain("secret");
    }

    [Fact]
    public void Parse_Url_IsRefusedWithAnExplanation() =>
        Should.Throw<ArgumentException>(() => StoreLocation.Parse("postgres://u:p@host/db")).Message.ShouldContain("connection string");

    [Fact]
    public void Pooled_Sqlite_ReusesConnectionsWithHearthsSettings_AndUnpooledIsTheBatchJobsStore()
    {
        var file = Path.Combine(Path.GetTempPath(), "hearth-pool-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            var batch = StoreLocation.Parse(file);
            var portal = batch.Pooled();
            portal.ConnectionString.ShouldContain("Pooling=True");
            portal.Unpooled.ShouldBe(batch);
            batch.Unpooled.ShouldBe(batch);
            (portal.PageCacheKib, batch.PageCacheKib).ShouldBe((16_384, 262_144));
            // The second open comes from the pool, where the settings were made once: they must still hold.
            for (var i = 0; i < 2; i++)
            {
                using var connection = portal.Open();
                connection.ExecuteScalar<long>("PRAGMA foreign_keys").ShouldBe(1);
                connection.ExecuteScalar<long>("PRAGMA cache_size").ShouldBe(-16_384);
                connection.ExecuteScalar<string>("PRAGMA journal_mode").ShouldBe("wal");
            }

            using var unpooled = batch.Open();
            unpooled.ExecuteScalar<long>("PRAGMA cache_size").ShouldBe(-262_144);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [Fact]
    public void Pooled_Postgres_PreparesRepeatedStatements_AndUnpooledIsTheBatchJobsStore()
    {
        var location = StoreLocation.Parse("Host=127.0.0.1;Database=hearth;Username=u");
        var pooled = location.Pooled();
        new Npgsql.NpgsqlConnectionStringBuilder(pooled.ConnectionString).MaxAutoPrepare.ShouldBe(64);
        pooled.Unpooled.ShouldBe(location);
        pooled.Display.ShouldBe(location.Display);
    }
}
