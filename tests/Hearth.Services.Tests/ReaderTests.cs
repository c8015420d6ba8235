using Dapper;
using Hearth.Services.Ingestion;
using Hearth.Services.Persistence;
using Hearth.TestCommon;
using Microsoft.Data.Sqlite;

namespace Hearth.Services.Tests;

/// <summary>
/// The readers the city's feeds do not exercise: a SQL query over a database (SQLite and PostgreSQL sources) and JSON
/// documents holding an array of records (top-level, streamed, and nested).
/// </summary>
public sealed class ReaderTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();
    private readonly FixedTime _time = FixedTime.At(2026, 10, 1);
    private readonly string _variable = "HEARTH_TEST_SOURCE_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    private string Definitions => Path.Combine(_folder.Path, "definitions");

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void Database_SqliteSource_LoadsEveryRowAndAgainChangesNothing(StoreProvider provider)
    {
        using var store = TestStore.Create(provider);
        var source = Path.Combine(_folder.Path, "source.db");
        using (var connection = new SqliteConnection($"Data Source={source}"))
        {
            connection.Open();
            connection.Execute("CREATE TABLE pupils (id TEXT, forename TEXT, surname TEXT, dob TEXT, nhs TEXT)");
            connection.Execute("INSERT INTO pupils VALUES ('P1', 'Amira', 'Khan', '2012-05-04', '9434765919'), ('P2', 'Jack', 'O''Brien', '2010-12-11', NULL), ('P3', 'Zoë', 'Nowak', '2014-02-01', NULL)");
        }

        Environment.SetEnvironmentVariable(_variable, $"Data Source={source};Mode=ReadOnly");
        WriteDatabaseFeed("sqlite", "SELECT id AS \"Id\", forename AS \"Forename\", surname AS \"Surname\", dob AS \"DOB\", nhs AS \"NHS\" FROM pupils ORDER BY id");

        var first = Run(store);
        first.Status.ShouldBe(LoadStatus.Completed, first.Error);
        first.Read.ShouldBe(3);
        first.Loaded.ShouldBe(3);
        using (var connection = store.Location.Open())
        {
            connection.ExecuteScalar<string>("SELECT nhs_number FROM person_records WHERE local_id = 'P1'").ShouldBe("9434765919");
            connection.ExecuteScalar<string>("SELECT date_of_birth FROM person_records WHERE local_id = 'P3'").ShouldBe("2014-02-01");
        }

        // A query has no file to compare, so it is read again; every row is found unchanged and nothing new is stored.
        var records = StoreSnapshot.Of(store.Location).Tables["records"];
        var again = Run(store);
        again.Unchanged.ShouldBe(3);
        again.New.ShouldBe(0);
        StoreSnapshot.Of(store.Location).Tables["records"].ShouldBe(records);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void Database_PostgresSource_LoadsEveryRow(StoreProvider provider)
    {
        using var store = TestStore.Create(provider);
        using var source = TestStore.Create(StoreProvider.Postgres);
        using (var connection = source.Location.Open())
        {
            connection.Execute("CREATE TABLE pupils (id TEXT, forename TEXT, surname TEXT, dob DATE, nhs TEXT)");
            connection.Execute("INSERT INTO pupils VALUES ('P1', 'Amira', 'Khan', '2012-05-04', '9434765919'), ('P2', 'Jack', 'O''Brien', '2010-12-11', NULL)");
        }

        Environment.SetEnvironmentVariable(_variable, source.Location.ConnectionString);
        WriteDatabaseFeed("postgres", "SELECT id AS \"Id\", forename AS \"Forename\", surname AS \"Surname\", dob AS \"DOB\", nhs AS \"NHS\" FROM pupils ORDER BY id");

        var result = Run(store);

        result.Status.ShouldBe(LoadStatus.Completed, result.Error);
        result.Loaded.ShouldBe(2);
        using var check = store.Location.Open();
        check.ExecuteScalar<string>("SELECT date_of_birth FROM person_records WHERE local_id = 'P1'").ShouldBe("2012-05-04");
    }

    [Fact]
    public void Database_VariableNotSet_IsAClearErrorAndChangesNothing()
    {
        using var store = TestStore.Create(StoreProvider.Sqlite);
        WriteDatabaseFeed("sqlite", "SELECT 1");

        var result = Run(store);

        result.Status.ShouldBe(LoadStatus.Failed);
        (result.Error ?? string.Empty).ShouldContain(_variable);
        using var connection = store.Location.Open();
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM records").ShouldBe(0);
    }

    [Fact]
    public void Database_QueryFails_IsAClearError()
    {
        using var store = TestStore.Create(StoreProvider.Sqlite);
        Environment.SetEnvironmentVariable(_variable, $"Data Source={Path.Combine(_folder.Path, "empty.db")}");
        WriteDatabaseFeed("sqlite", "SELECT * FROM no_such_table");

        var result = Run(store);

        result.Status.ShouldBe(LoadStatus.Failed);
        (result.Error ?? string.Empty).ShouldContain("no_such_table");
    }

    [Theory]
    [InlineData("$", """[ { "Id": "P1", "Surname": "Khan" }, { "Id": "P2", "Surname": "Lee" }, { "Id": "P3", "Surname": "Nowak" } ]""")]
    [InlineData("$.data.pupils", """{ "meta": { "count": 3 }, "data": { "pupils": [ { "Id": "P1", "Surname": "Khan" }, { "Id": "P2", "Surname": "Lee" }, { "Id": "P3", "Surname": "Nowak" } ] } }""")]
    public void Json_ArrayOfRecords_LoadsEveryRecord(string recordPath, string json)
    {
        using var store = TestStore.Create(StoreProvider.Sqlite);
        File.WriteAllText(Path.Combine(_folder.Path, "pupils.json"), json);
        WriteFeed("pupils_json", $$"""{ "type": "json", "record_path": "{{recordPath}}" }""", "pupils.json");

        var result = Run(store);

        result.Status.ShouldBe(LoadStatus.Completed, result.Error);
        result.Read.ShouldBe(3);
        result.Loaded.ShouldBe(3);
    }

    [Theory]
    [InlineData("$", """[ { "Id": "P1", "Surname": "Khan" }, { "Id": "P2", "Surname": """)]
    [InlineData("$.data.pupils", """{ "data": { "people": [] } }""")]
    public void Json_MalformedOrMissingArray_IsAClearErrorAndStoresNothing(string recordPath, string json)
    {
        using var store = TestStore.Create(StoreProvider.Sqlite);
        File.WriteAllText(Path.Combine(_folder.Path, "pupils.json"), json);
        WriteFeed("pupils_json", $$"""{ "type": "json", "record_path": "{{recordPath}}" }""", "pupils.json");

        var result = Run(store);

        result.Status.ShouldBe(LoadStatus.Failed);
        result.Error.ShouldNotBeNullOrWhiteSpace();
        using var connection = store.Location.Open();
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM records").ShouldBe(0);
    }

    [Fact]
    public void Json_ItemThatIsNotAnObject_IsQuarantined()
    {
        using var store = TestStore.Create(StoreProvider.Sqlite);
        File.WriteAllText(Path.Combine(_folder.Path, "pupils.json"), """[ { "Id": "P1", "Surname": "Khan" }, "not a record", { "Id": "P3", "Surname": "Nowak" } ]""");
        WriteFeed("pupils_json", """{ "type": "json", "record_path": "$" }""", "pupils.json");

        var result = Run(store);

        result.Status.ShouldBe(LoadStatus.Completed, result.Error);
        result.Loaded.ShouldBe(2);
        result.Quarantined.ShouldBe(1);
        result.QuarantineReasons.Keys.ShouldContain("invalid_json");
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_variable, null);
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private FeedLoadResult Run(TestStore store) =>
        new IngestService(store.Location, _time).Ingest(new IngestCommand(_folder.Path, Definitions), null, TestContext.Current.CancellationToken).Feeds.Single();

    private void WriteDatabaseFeed(string provider, string query) =>
        WriteFeed(
            "pupils_db",
            $$"""{ "type": "database", "provider": "{{provider}}", "connection_variable": "{{_variable}}", "query": {{System.Text.Json.JsonSerializer.Serialize(query)}} }""",
            file: null);

    private void WriteFeed(string name, string format, string? file)
    {
        Directory.CreateDirectory(Definitions);
        File.WriteAllText(Path.Combine(Definitions, name + ".json"), $$"""
            {
              "name": "{{name}}", "system": "Test school system", "lawful_basis": { "article6": "public_task" }, "trust_rank": 20,
              "format": {{format}},
              "key": ["Id"],
              "persons": [{ "slot": "pupil", "local_id": "Id", "name": { "forename": "Forename", "surname": "Surname" },
                            "date_of_birth": { "field": "DOB", "formats": ["yyyy-MM-dd"] }, "nhs_number": "NHS" }],
              "validation": [{ "rule": "required", "fields": ["Id", "Surname"], "severity": "blocking" }]
            }
            """);
        var entry = file is null ? $$"""{ "name": "{{name}}" }""" : $$"""{ "name": "{{name}}", "file": "{{file}}" }""";
        File.WriteAllText(Path.Combine(_folder.Path, "manifest.json"), $$"""{ "feeds": [ {{entry}} ] }""");
    }
}
