using System.Text;
using CsvHelper;
using Hearth.Core.Ingestion;

namespace Hearth.Services.Ingestion.Readers;

/// <summary>
/// Delimited text with CsvHelper: any one-character delimiter, RFC 4180 quoting, the declared encoding (a UTF-8 byte
/// order mark is honoured), and a header on the declared row. A row with more or fewer fields than the header, or with
/// bytes that are not valid in the encoding, is quarantined with the reason. A record longer than the definition's
/// limit stops the load with an error (the reader cannot find where the next record starts).
/// </summary>
public sealed class CsvFeedReader : FeedReader
{
    private readonly FeedDefinition _definition;
    private readonly FileStream _stream;

    public CsvFeedReader(FeedDefinition definition, string path)
    {
        _definition = definition;
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
    }

    public override long Position => _stream.CanSeek ? _stream.Position : 0;

    public override long Length => _stream.Length;

    public override IEnumerable<SourceRow> Rows()
    {
        var format = _definition.Format;
        var encoding = EncodingOf(_definition);
        var reader = new StreamReader(_stream, encoding, detectEncodingFromByteOrderMarks: encoding is UTF8Encoding, bufferSize: 1 << 16, leaveOpen: true);
        long skipped = 0;
        for (var i = 1; i < format.HeaderRow; i++)
        {
            // Title rows above the header, as some exports have.
            if (reader.ReadLine() is null)
            {
                throw new FeedReadException($"Feed {_definition.Name} should have its header on row {format.HeaderRow}, but the file ends before it.");
            }

            skipped++;
        }

        var delimiter = format.Delimiter == "\\t" ? '\t' : format.Delimiter[0];
        var options = CsvReaderOptions.Default with
        {
            Separator = delimiter,
            HasHeader = true,
            SkipEmptyLines = true,
            TrimWhitespace = false,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MaxRecordSize = Math.Max(1024, format.MaxRecordCharacters) * 4,
            TrackLineNumbers = true,
        };

        using var csv = CsvReader.Create(reader, options, leaveOpen: false);
        string[] header;
        try
        {
            csv.ReadHeader();
            header = [.. csv.Headers.Select(h => h.Trim())];
        }
        catch (CsvFormatException ex)
        {
            throw new FeedReadException($"The header of feed {_definition.Name} cannot be read: {ex.Message}", ex);
        }

        if (header.Length == 0 || header.All(string.IsNullOrWhiteSpace))
        {
            throw new FeedReadException($"Feed {_definition.Name} has no header row.");
        }

        CheckHeader(_definition, header);
        var index = FlatNode.Index(header);
        while (true)
        {
            try
            {
                if (!csv.Read())
                {
                    yield break;
                }
            }
            catch (CsvFormatException ex)
            {
                throw new FeedReadException($"Feed {_definition.Name} cannot be read past record {csv.RowNumber + 1}: {ex.Message} Nothing from this file was stored.", ex);
            }

            var values = new string?[header.Length];
            var problems = new List<string>(1);
            var count = csv.FieldCount;
            for (var i = 0; i < Math.Min(count, header.Length); i++)
            {
                values[i] = csv.GetString(i);
            }

            if (count != header.Length)
            {
                problems.Add(count > header.Length ? "too_many_fields" : "too_few_fields");
            }

            var raw = Encoding.UTF8.GetString(csv.RawRecord);
            if (HasReplacementCharacter(raw))
            {
                problems.Add(InvalidEncoding);
            }

            yield return new SourceRow(csv.LineNumber + skipped, raw, new FlatNode(index, values), problems);
        }
    }

    protected override void Dispose(bool disposing) => _stream.Dispose();
}
