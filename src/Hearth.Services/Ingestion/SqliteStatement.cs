using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Hearth.Services.Ingestion;

/// <summary>
/// A prepared INSERT run through SQLite's own API, binding parameters by position. Microsoft.Data.Sqlite looks every
/// parameter up by name on every execution, which was over half the time of a SQLite load; a bulk load binds the same
/// columns millions of times, so it talks to SQLite directly. The statement runs on the connection's open transaction.
/// Bind a row's values in column order (as an <see cref="IRowSink"/>), then <see cref="Run"/>.
/// </summary>
internal sealed class SqliteStatement : IRowSink, IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;
    private int _next = 1;

    public SqliteStatement(SqliteConnection connection, string sql)
    {
        _database = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        Check(raw.sqlite3_prepare_v2(_database, sql, out _statement), sql);
    }

    public void Text(string? value) => Check(value is null ? raw.sqlite3_bind_null(_statement, _next++) : raw.sqlite3_bind_text(_statement, _next++, value), "bind");

    public void Integer(long? value) => Check(value is { } number ? raw.sqlite3_bind_int64(_statement, _next++, number) : raw.sqlite3_bind_null(_statement, _next++), "bind");

    public void Boolean(bool value) => Check(raw.sqlite3_bind_int64(_statement, _next++, value ? 1 : 0), "bind");

    /// <summary>Runs the statement with the values bound, and gets ready for the next row.</summary>
    public void Run()
    {
        _next = 1;
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
