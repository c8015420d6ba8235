using System.Text;
using System.Text.Json;
using Hearth.Core.Ingestion;

namespace Hearth.Services.Ingestion.Readers;

/// <summary>
/// JSON Lines: one JSON object per line, read a line at a time. A line that is not a JSON object, is far too long, or
/// holds bytes that are not valid UTF-8 is quarantined with the reason.
/// </summary>
public sealed class JsonLinesFeedReader : FeedReader
{
    private readonly FeedDefinition _definition;
    private readonly FileStream _stream;

    public JsonLinesFeedReader(FeedDefinition definition, string path)
    {
        _definition = definition;
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
    }

    public override long Position => _stream.Position;

    public override long Length => _stream.Length;

    public override IEnumerable<SourceRow> Rows()
    {
        using var text = new StreamReader(_stream, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        var lines = new LineReader(text, _definition.Format.MaxRecordCharacters);
        var empty = new JsonNode(JsonDocument.Parse("{}").RootElement.Clone());
        while (lines.Next(out var tooLong) is { } line)
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (tooLong)
            {
                yield return new SourceRow(lines.LineNumber, line[..Math.Min(line.Length, 4096)], empty, ["record_too_long"]);
                continue;
            }

            if (HasReplacementCharacter(line))
            {
                yield return new SourceRow(lines.LineNumber, line, empty, [InvalidEncoding]);
                continue;
            }

            JsonElement element;
            try
            {
                using var document = JsonDocument.Parse(line);
                element = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                element = default;
            }

            yield return element.ValueKind == JsonValueKind.Object
                ? new SourceRow(lines.LineNumber, line, new JsonNode(element))
                : new SourceRow(lines.LineNumber, line, empty, ["invalid_json"]);
        }
    }

    protected override void Dispose(bool disposing) => _stream.Dispose();
}

/// <summary>
/// A JSON document holding an array of records. With record path <c>$</c> (a top-level array) the array is streamed,
/// one record at a time; a nested path (<c>$.items</c>) reads the whole document first. Malformed JSON stops the load.
/// </summary>
public sealed class JsonFeedReader : FeedReader
{
    private readonly FeedDefinition _definition;
    private readonly FileStream _stream;

    public JsonFeedReader(FeedDefinition definition, string path)
    {
        _definition = definition;
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
    }

    public override long Position => _stream.Position;

    public override long Length => _stream.Length;

    public override IEnumerable<SourceRow> Rows()
    {
        var path = _definition.Format.RecordPath ?? "$";
        IEnumerable<JsonElement> records = path == "$" ? Streamed() : Nested(path);
        long number = 0;
        using var enumerator = records.GetEnumerator();
        while (true)
        {
            try
            {
                if (!enumerator.MoveNext())
                {
                    yield break;
                }
            }
            catch (JsonException ex)
            {
                throw new FeedReadException($"The JSON for feed {_definition.Name} is malformed near record {number + 1} ({ex.Message}). Nothing from it was stored.", ex);
            }

            number++;
            var element = enumerator.Current;
            yield return element.ValueKind == JsonValueKind.Object
                ? new SourceRow(number, element.GetRawText(), new JsonNode(element))
                : new SourceRow(number, element.GetRawText(), new JsonNode(JsonDocument.Parse("{}").RootElement.Clone()), ["invalid_json"]);
        }
    }

    private static readonly JsonSerializerOptions StreamOptions = new() { MaxDepth = 64 };

    private IEnumerable<JsonElement> Streamed() =>
        JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(_stream, StreamOptions).ToBlockingEnumerable();

    private IEnumerable<JsonElement> Nested(string path)
    {
        using var document = JsonDocument.Parse(_stream, new JsonDocumentOptions { MaxDepth = 64 });
        var current = document.RootElement;
        foreach (var part in path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
            {
                throw new FeedReadException($"The JSON for feed {_definition.Name} has nothing at {path}.");
            }
        }

        if (current.ValueKind != JsonValueKind.Array)
        {
            throw new FeedReadException($"The JSON for feed {_definition.Name} has no array of records at {path}.");
        }

        foreach (var item in current.EnumerateArray())
        {
            yield return item.Clone();
        }
    }

    protected override void Dispose(bool disposing) => _stream.Dispose();
}
