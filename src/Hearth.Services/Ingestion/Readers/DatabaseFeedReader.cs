using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Hearth.Core.Ingestion;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Hearth.Services.Ingestion.Readers;

/// <summary>
/// The rows of a SQL query over an ADO.NET connection to PostgreSQL or SQLite, streamed. The connection string comes
/// from the environment variable the definition names, never from the definition itself, so credentials stay out of
/// configuration files.
/// </summary>
public sealed class DatabaseFeedReader(FeedDefinition definition) : FeedReader
{
    private DbConnection? _connection;
    private long _rows;

    public override long Position => _rows;

    public override long Length => 0;

    public override IEnumerable<SourceRow> Rows()
    {
        var format = definition.Format;
        var connectionString = Environment.GetEnvironmentVariable(format.ConnectionVariable!);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new FeedReadException($"Feed {definition.Name} reads a database whose connection string should be in the environment variable {format.ConnectionVariable}, which is not set.");
        }

        _connection = format.Provider?.ToLowerInvariant() switch
        {
            "postgres" or "postgresql" => new NpgsqlConnection(connectionString),
            "sqlite" => new SqliteConnection(connectionString),
            _ => throw new FeedReadException($"Feed {definition.Name} names a database provider Hearth does not know: {format.Provider}. Use postgres or sqlite."),
        };

        // The command lives as long as its reader: disposing it closes the reader (SQLite does so at once).
        DbCommand command;
        DbDataReader reader;
        try
        {
            _connection.Open();
            command = _connection.CreateCommand();
            command.CommandText = format.Query;
            reader = command.ExecuteReader();
        }
        catch (DbException ex)
        {
            throw new FeedReadException($"The query for feed {definition.Name} failed: {ex.Message}", ex);
        }

        using (command)
        using (reader)
        {
            var header = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            CheckHeader(definition, header);
            var index = FlatNode.Index(header);
            while (reader.Read())
            {
                _rows++;
                var values = new string?[header.Length];
                for (var i = 0; i < header.Length; i++)
                {
                    values[i] = reader.IsDBNull(i) ? null : Text(reader.GetValue(i));
                }

                var raw = JsonSerializer.Serialize(header.Zip(values).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal));
                yield return new SourceRow(_rows, raw, new FlatNode(index, values));
            }
        }
    }

    private static string? Text(object value) => value switch
    {
        DateTime d => d.TimeOfDay == TimeSpan.Zero ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : d.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    protected override void Dispose(bool disposing) => _connection?.Dispose();
}
