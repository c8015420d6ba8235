using Dapper;
using Hearth.Services.Persistence;
using Hearth.TestCommon;

namespace Hearth.Services.Tests;

public class MigrationTests
{
    private readonly FixedTime _time = FixedTime.At(2026, 10, 1);

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void Upgrade_NewStore_AppliesEveryMigrationOnce(StoreProvider provider)
    {
        using var store = TestStore.Create(provider);
        var applied = Migrator.Upgrade(store.Location, _time);
        applied.ShouldBe(Migrator.For(provider).Select(m => m.Version).ToList());
        Migrator.Upgrade(store.Location, _time).ShouldBeEmpty();
    }

    /// <summary>A store made by an earlier Hearth, holding data, is upgraded in place and keeps every row.</summary>
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void Upgrade_StoreWithData_KeepsEveryRow(StoreProvider provider)
    {
        using var store = TestStore.Create(provider);
        Migrator.Upgrade(store.Location, _time, upTo: 1);
        using (var connection = store.Location.Open())
        {
            connection.Execute("INSERT INTO feeds (name, system, trust_rank, extract_kind, lawful_basis, definition_hash, updated_at) VALUES ('f', 's', 10, 'full', '{}', 'h', 't')");
            connection.Execute("INSERT INTO loads (feed, file_name, file_hash, file_bytes, definition_hash, started_at, status) VALUES ('f', 'f.csv', 'x', 1, 'h', 't', 'completed')");
            connection.Execute("INSERT INTO records (id, feed, record_key, version, row_hash, load_id, row_number, raw) VALUES (1, 'f', 'k', 1, 'r', 1, 2, 'raw row')");
            connection.Execute($"INSERT INTO person_records (record_id, feed, slot, is_current, surname, nhs_number) VALUES (1, 'f', 'person', {(provider == StoreProvider.Postgres ? "true" : "1")}, 'Khan', '9434765919')");
        }

        var before = StoreSnapshot.Of(store.Location);
        Migrator.Upgrade(store.Location, _time).ShouldBe(Migrator.For(provider).Select(m => m.Version).Skip(1));

        var after = StoreSnapshot.Of(store.Location);
        foreach (var table in new[] { "feeds", "loads", "records", "person_records" })
        {
            after.Tables[table].ShouldBe(before.Tables[table], $"{table} changed during the upgrade");
        }

        using var check = store.Location.Open();
        Migrator.CurrentVersion(check).ShouldBe(Migrator.For(provider)[^1].Version);
        check.ExecuteScalar<string>("SELECT surname FROM person_records WHERE nhs_number = '9434765919'").ShouldBe("Khan");
        if (provider == StoreProvider.Postgres)
        {
            // The next block of record ids (the 1,000 ids up to the value nextval returns) lies above the record already stored.
            (check.ExecuteScalar<long>("SELECT nextval('records_id_seq')") - 999).ShouldBe(2);
        }
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void Upgrade_AppliedMigrationEdited_IsRefused(StoreProvider provider)
    {
        using var store = TestStore.Create(provider);
        Migrator.Upgrade(store.Location, _time);
        using (var connection = store.Location.Open())
        {
            connection.Execute("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");
        }

        Should.Throw<InvalidOperationException>(() => Migrator.Upgrade(store.Location, _time)).Message.ShouldContain("changed after it was applied");
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void Upgrade_StoreFromNewerHearth_IsRefused(StoreProvider provider)
    {
        using var store = TestStore.Create(provider);
        Migrator.Upgrade(store.Location, _time);
        using (var connection = store.Location.Open())
        {
            connection.Execute("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (999, 'future', 'x', 't')");
        }

        Should.Throw<InvalidOperationException>(() => Migrator.Upgrade(store.Location, _time)).Message.ShouldContain("newer than this Hearth");
    }

    [Fact]
    public void Migrations_AreNumberedWithoutGaps_AndTheSameForBothProviders()
    {
        var sqlite = Migrator.For(StoreProvider.Sqlite).Select(m => (m.Version, m.Name)).ToList();
        var postgres = Migrator.For(StoreProvider.Postgres).Select(m => (m.Version, m.Name)).ToList();
        sqlite.ShouldNotBeEmpty();
        postgres.ShouldBe(sqlite);
    }
}
