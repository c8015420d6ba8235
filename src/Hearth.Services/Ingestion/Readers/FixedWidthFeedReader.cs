using Hearth.Core.Ingestion;

namespace Hearth.Services.Ingestion.Readers;

/// <summary>
/// Fixed-width records cut at the definition's widths. A line of the wrong length, a line far too long, or one with
/// bytes that are not valid in the encoding is quarantined with the reason; blank lines are skipped.
/// </summary>
public sealed class FixedWidthFeedReader : FeedReader
{
    private readonly FeedDefinition _definition;
    private readonly FileStream _stream;

    public FixedWidthFeedReader(FeedDefinition definition, string path)
    {
        _definition = definition;
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
    }

    public override long Position => _stream.Position;

    public override long Length => _stream.Length;

    public override IEnumerable<SourceRow> Rows()
    {
        var columns = _definition.Format.Columns!;
        var width = columns.Sum(c => c.Width);
        var index = FlatNode.Index([.. columns.Select(c => c.Name)]);
        using var text = new StreamReader(_stream, EncodingOf(_definition), detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true);
        var lines = new LineReader(text, Math.Max(width * 2, _definition.Format.MaxRecordCharacters));
        while (lines.Next(out var tooLong) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var problems = new List<string>(1);
            if (tooLong)
            {
                problems.Add("record_too_long");
            }
            else if (line.Length != width)
            {
                problems.Add("wrong_record_length");
            }

            if (HasReplacementCharacter(line))
            {
                problems.Add(InvalidEncoding);
            }

            var values = new string?[columns.Count];
            var offset = 0;
            for (var i = 0; i < columns.Count && offset < line.Length; i++)
            {
                var take = Math.Min(columns[i].Width, line.Length - offset);
                values[i] = line.Substring(offset, take);
                offset += columns[i].Width;
            }

            yield return new SourceRow(lines.LineNumber, tooLong ? line[..Math.Min(line.Length, 4096)] : line, new FlatNode(index, values), problems);
        }
    }

    protected override void Dispose(bool disposing) => _stream.Dispose();
}
