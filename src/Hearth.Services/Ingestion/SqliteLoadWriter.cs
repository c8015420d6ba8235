using System.Data.Common;
using Dapper;

namespace Hearth.Services.Ingestion;

/// <summary>
/// SQLite: one immediate transaction (it takes the write lock at once, so the load cannot deadlock halfway), and
/// prepared statements reused for every row, which SQLite runs at hundreds of thousands of rows a second.
/// </summary>
internal sealed class SqliteLoadWriter : LoadWriter
{
    private readonly Dictionary<string, SqliteStatement> _inserts = new(StringComparer.Ordinal);
    private long _nextId;

    private SqliteLoadWriter(DbConnection connection, DbTransaction transaction)
        : base(connection, transaction)
    {
        _nextId = connection.ExecuteScalar<long?>("SELECT MAX(id) FROM records", transaction: transaction) ?? 0;
    }

    public static SqliteLoadWriter Create(DbConnection connection)
    {
        // BEGIN IMMEDIATE: take the write lock now, not at the first write, so two loads queue instead of failing midway.
        var transaction = ((Microsoft.Data.Sqlite.SqliteConnection)connection).BeginTransaction(deferred: false);
        return new SqliteLoadWriter(connection, transaction);
    }

    public override long NextRecordId() => ++_nextId;

    public override void Retire(long recordId, long loadId)
    {
        var parameters = new { recordId, loadId };
        Connection.Execute("UPDATE records SET retired_load_id = @loadId WHERE id = @recordId", parameters, Transaction);
        Connection.Execute("UPDATE person_records SET is_current = 0 WHERE record_id = @recordId", parameters, Transaction);
        Connection.Execute("UPDATE events SET is_current = 0 WHERE record_id = @recordId", parameters, Transaction);
        Connection.Execute("UPDATE relationships SET is_current = 0 WHERE record_id = @recordId", parameters, Transaction);
        Connection.Execute("DELETE FROM properties WHERE record_id = @recordId", parameters, Transaction);
        Connection.Execute("DELETE FROM schools WHERE record_id = @recordId", parameters, Transaction);
    }

    public override void Add(RecordVersion version)
    {
        Insert(StoreTables.Records, version);
        foreach (var person in version.Canonical.Persons)
        {
            Insert(StoreTables.Persons, (version, person));
        }

        foreach (var e in version.Canonical.Events)
        {
            Insert(StoreTables.Events, (version, e));
        }

        foreach (var r in version.Canonical.Relationships)
        {
            Insert(StoreTables.Relationships, (version, r));
        }

        if (version.Canonical.Property is { } property)
        {
            Insert(StoreTables.Properties, (version, property), replace: true);
        }

        if (version.Canonical.School is { } school)
        {
            Insert(StoreTables.Schools, (version, school), replace: true);
        }
    }

    public override void Quarantine(QuarantineRow row) => Insert(StoreTables.Quarantine, row);

    public override void Flush()
    {
    }

    protected override void Dispose(bool disposing)
    {
        foreach (var statement in _inserts.Values)
        {
            statement.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Insert<T>(StoreTable<T> table, T item, bool replace = false)
    {
        if (!_inserts.TryGetValue(table.Name, out var statement))
        {
            var parameters = string.Join(", ", table.Columns.Select(_ => "?"));
            // A gazetteer or establishments list may repeat a UPRN or URN; the later row wins, as in the source.
            statement = new SqliteStatement(
                (Microsoft.Data.Sqlite.SqliteConnection)Connection,
                $"INSERT {(replace ? "OR REPLACE " : string.Empty)}INTO {table.Name} ({table.ColumnList}) VALUES ({parameters})");
            _inserts[table.Name] = statement;
        }

        table.Write(statement, item);
        statement.Run();
    }
}
