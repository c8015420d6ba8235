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
}
