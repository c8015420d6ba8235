using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Hearth.Services.Ingestion;

/// <summary>
/// A prepared INSERT run through SQLite's own API, binding parameters by position. Microsoft.Data.Sqlite looks every
/// parameter up by name on every execution, which was over half the time of a SQLite load; a bulk load binds the same
/// columns millions of times, so it talks to SQLite directly. The statement runs on the connection's open transaction.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;

    public SqliteStatement(SqliteConnection connection, string sql)
    {
        _database = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        var rc = raw.sqlite3_prepare_v2(_database, sql, out _statement);
        Check(rc, sql);
    }

    /// <summary>Binds the values, in column order, and runs the statement once.</summary>
    public void Execute(object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var rc = values[i] switch
            {
                null => raw.sqlite3_bind_null(_statement, i + 1),
                string text => raw.sqlite3_bind_text(_statement, i + 1, text),
                long number => raw.sqlite3_bind_int64(_statement, i + 1, number),
                int number => raw.sqlite3_bind_int64(_statement, i + 1, number),
                bool flag => raw.sqlite3_bind_int64(_statement, i + 1, flag ? 1 : 0),
                var other => throw new ArgumentException($"Cannot bind a {other.GetType().Name} to SQLite.", nameof(values)),
            };
            Check(rc, "bind");
        }

        var step = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (step != raw.SQLITE_DONE)
        {
            Check(step, "insert");
        }
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc, string what)
    {
        if (rc != raw.SQLITE_OK && rc != raw.SQLITE_DONE)
        {
            throw new SqliteException($"SQLite error {rc} in {what}: {raw.sqlite3_errmsg(_database).utf8_to_string()}", rc);
        }
    }
}
