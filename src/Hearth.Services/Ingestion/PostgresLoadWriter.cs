using System.Data.Common;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Hearth.Services.Ingestion;

/// <summary>
/// PostgreSQL: binary COPY of buffered rows into every table, inside the load's one transaction. Record ids come from
/// the records sequence in blocks, so people and events can name their record in the same COPY. Retired versions go
/// through a temporary table and one set-based update per table.
/// </summary>
internal sealed class PostgresLoadWriter : LoadWriter
{
    private const int BatchSize = 20_000;
    private const int IdBlock = 1_000; // the sequence's increment, set by migration 0003

    private readonly NpgsqlConnection _connection;
    private readonly List<RecordVersion> _versions = new(BatchSize);
    private readonly List<QuarantineRow> _quarantine = [];
    private readonly List<long> _retired = [];
    private long _retiredLoadId;
    private long _nextId;
    private long _lastId;

    private PostgresLoadWriter(NpgsqlConnection connection, NpgsqlTransaction transaction)
        : base(connection, transaction)
    {
        _connection = connection;
    }

    public static PostgresLoadWriter Create(DbConnection connection)
    {
        var npgsql = (NpgsqlConnection)connection;
        return new PostgresLoadWriter(npgsql, npgsql.BeginTransaction());
    }

    public override long NextRecordId()
    {
        if (_nextId == _lastId)
        {
            // A block of ids: the sequence steps by IdBlock (migration 0003), so one nextval is the last id of a block no
            // other load can be given. Unused ids are simply gaps.
            _lastId = Connection.ExecuteScalar<long>("SELECT nextval('records_id_seq')", transaction: Transaction);
            _nextId = _lastId - IdBlock;
        }

        return ++_nextId;
    }

    public override void Retire(long recordId, long loadId)
    {
        // Retired versions must leave the current index before their new versions arrive, so flush those first.
        if (_versions.Count > 0)
        {
            Flush();
        }

        _retired.Add(recordId);
        _retiredLoadId = loadId;
        if (_retired.Count >= BatchSize)
        {
            FlushRetired();
        }
    }

    public override void Add(RecordVersion version)
    {
        if (_retired.Count > 0)
        {
            FlushRetired();
        }

        _versions.Add(version);
        if (_versions.Count >= BatchSize)
        {
            Flush();
        }
    }

    public override void Quarantine(QuarantineRow row)
    {
        _quarantine.Add(row);
        if (_quarantine.Count >= BatchSize)
        {
            Copy(StoreTables.Quarantine, _quarantine);
            _quarantine.Clear();
        }
    }

    public override void Flush()
    {
        FlushRetired();
        if (_versions.Count > 0)
        {
            Copy(StoreTables.Records, _versions);
            Copy(StoreTables.Persons, _versions.SelectMany(v => v.Canonical.Persons, (v, p) => (v, p)));
            Copy(StoreTables.Events, _versions.SelectMany(v => v.Canonical.Events, (v, e) => (v, e)));
            Copy(StoreTables.Relationships, _versions.SelectMany(v => v.Canonical.Relationships, (v, r) => (v, r)));
            Upsert(StoreTables.Properties, "uprn", _versions.Where(v => v.Canonical.Property is not null).Select(v => (v, v.Canonical.Property!)));
            Upsert(StoreTables.Schools, "urn", _versions.Where(v => v.Canonical.School is not null).Select(v => (v, v.Canonical.School!)));
            _versions.Clear();
        }

        if (_quarantine.Count > 0)
        {
            Copy(StoreTables.Quarantine, _quarantine);
            _quarantine.Clear();
        }
    }

    private void FlushRetired()
    {
        if (_retired.Count == 0)
        {
            return;
        }

        Connection.Execute("CREATE TEMP TABLE IF NOT EXISTS hearth_retired (id BIGINT PRIMARY KEY) ON COMMIT DROP", transaction: Transaction);
        Connection.Execute("TRUNCATE hearth_retired", transaction: Transaction);
        using (var importer = _connection.BeginBinaryImport("COPY hearth_retired (id) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var id in _retired)
            {
                importer.StartRow();
                importer.Write(id, NpgsqlDbType.Bigint);
            }

            importer.Complete();
        }

        Connection.Execute(
            """
            UPDATE records SET retired_load_id = @load WHERE id IN (SELECT id FROM hearth_retired);
            UPDATE person_records SET is_current = false WHERE record_id IN (SELECT id FROM hearth_retired);
            UPDATE events SET is_current = false WHERE record_id IN (SELECT id FROM hearth_retired);
            UPDATE relationships SET is_current = false WHERE record_id IN (SELECT id FROM hearth_retired);
            DELETE FROM properties WHERE record_id IN (SELECT id FROM hearth_retired);
            DELETE FROM schools WHERE record_id IN (SELECT id FROM hearth_retired);
            """,
            new { load = _retiredLoadId },
            Transaction);
        _retired.Clear();
    }

    private void Copy<T>(StoreTable<T> table, IEnumerable<T> items, string? into = null)
    {
        using var importer = _connection.BeginBinaryImport($"COPY {into ?? table.Name} ({table.ColumnList}) FROM STDIN (FORMAT BINARY)");
        var row = new CopyRow(importer, table.Columns);
        foreach (var item in items)
        {
            importer.StartRow();
            row.Start();
            table.Write(row, item);
        }

        importer.Complete();
    }

    private void Upsert<T>(StoreTable<T> table, string keyColumn, IEnumerable<T> items)
    {
        var list = items.ToList();
        if (list.Count == 0)
        {
            return;
        }

        // A gazetteer or establishments list may repeat a key; the later row wins, as in the source.
        var staging = "hearth_staging_" + table.Name;
        Connection.Execute($"CREATE TEMP TABLE IF NOT EXISTS {staging} (LIKE {table.Name} INCLUDING DEFAULTS) ON COMMIT DROP; TRUNCATE {staging};", transaction: Transaction);
        Copy(table, list, into: staging);
        var names = table.ColumnList;
        var updates = string.Join(", ", table.Columns.Where(c => c.Name != keyColumn).Select(c => $"{c.Name} = excluded.{c.Name}"));
        Connection.Execute(
            $"INSERT INTO {table.Name} ({names}) SELECT DISTINCT ON ({keyColumn}) {names} FROM {staging} ORDER BY {keyColumn}, record_id DESC ON CONFLICT ({keyColumn}) DO UPDATE SET {updates}",
            transaction: Transaction);
    }

    /// <summary>One binary COPY row, written value by value in the table's column types.</summary>
    private sealed class CopyRow(NpgsqlBinaryImporter importer, IReadOnlyList<(string Name, NpgsqlDbType Type)> columns) : IRowSink
    {
        private int _column;

        public void Start() => _column = 0;

        public void Text(string? value)
        {
            _column++;
            if (value is null)
            {
                importer.WriteNull();
                return;
            }

            // PostgreSQL text cannot hold NUL; a NUL in a source row becomes U+FFFD rather than failing the load.
            importer.Write(value.Contains('\0', StringComparison.Ordinal) ? value.Replace('\0', '\uFFFD') : value, NpgsqlDbType.Text);
        }

        public void Integer(long? value)
        {
            var type = columns[_column++].Type;
            if (value is not { } number)
            {
                importer.WriteNull();
            }
            else if (type == NpgsqlDbType.Integer)
            {
                importer.Write(checked((int)number), NpgsqlDbType.Integer);
            }
            else
            {
                importer.Write(number, NpgsqlDbType.Bigint);
            }
        }

        public void Boolean(bool value)
        {
            _column++;
            importer.Write(value, NpgsqlDbType.Boolean);
        }
    }
}
