using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Hearth.Services.Persistence;

/// <summary>
/// Inserts many rows into one table in the store's fastest plain way: binary COPY on PostgreSQL, one prepared statement
/// on SQLite. Values are strings, longs, doubles, booleans or null. For the ingestion hot path see StoreTables; this is for the
/// tables a match run rewrites (hundreds of thousands of rows, not millions a minute).
/// </summary>
internal static class BulkInsert
{
    public static void Rows(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
    {
        var columnList = string.Join(", ", columns);
        if (connection is NpgsqlConnection postgres)
        {
            using var importer = postgres.BeginBinaryImport($"COPY {table} ({columnList}) FROM STDIN (FORMAT BINARY)");
            foreach (var row in rows)
            {
                importer.StartRow();
                foreach (var value in row)
                {
                    switch (value)
                    {
                        case null:
                            importer.WriteNull();
                            break;
                        case string text:
                            importer.Write(text, NpgsqlDbType.Text);
                            break;
                        case long number:
                            importer.Write(number, NpgsqlDbType.Bigint);
                            break;
                        case int number:
                            importer.Write((long)number, NpgsqlDbType.Bigint);
                            break;
                        case double real:
                            importer.Write(real, NpgsqlDbType.Double);
                            break;
                        case bool flag:
                            importer.Write(flag, NpgsqlDbType.Boolean);
                            break;
                        default:
                            throw new ArgumentException($"Cannot bulk insert a {value.GetType().Name} into {table}.", nameof(rows));
                    }
                }
            }

            importer.Complete();
            return;
        }

        using var command = ((SqliteConnection)connection).CreateCommand();
        command.Transaction = (SqliteTransaction)transaction;
        command.CommandText = $"INSERT INTO {table} ({columnList}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        var parameters = columns.Select((_, i) => command.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
        command.Prepare();
        foreach (var row in rows)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = row[i] ?? DBNull.Value;
            }

            command.ExecuteNonQuery();
        }
    }
}
