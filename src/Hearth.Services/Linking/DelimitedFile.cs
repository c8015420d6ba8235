using CsvHelper;

namespace Hearth.Services.Linking;

/// <summary>One data row of a delimited file.</summary>
/// <param name="Line">The line it starts on (the header is line 1).</param>
/// <param name="Values">Its fields in header order, trimmed; null past the end of a short row.</param>
/// <param name="FieldCountProblem"><c>too_many_fields</c> or <c>too_few_fields</c> when the row does not fit the header, else null.</param>
/// <param name="InvalidEncoding">A field held bytes that are not UTF-8.</param>
internal sealed record DelimitedRow(long Line, string?[] Values, string? FieldCountProblem, bool InvalidEncoding);

/// <summary>
/// An analyst's delimited file, read a row at a time: the separator detected from the first lines (comma, semicolon,
/// tab or pipe) unless given, a UTF-8 byte order mark honoured, CRLF or LF line ends, RFC 4180 quoting, and spaces
/// round each value removed, so that FEBRL's ", " separators read as commas.
/// </summary>
internal sealed class DelimitedFile : IDisposable
{
    private readonly FileStream _stream;
    private readonly CsvReader _csv;

    private DelimitedFile(string path, FileStream stream, CsvReader csv, string[] header)
    {
        Path = path;
        _stream = stream;
        _csv = csv;
        Header = header;
    }

    public string Path { get; }

    /// <summary>The header's column names, trimmed.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>The separator in use.</summary>
    public char Separator => _csv.Separator;

    /// <summary>How far through the file the reader is, in bytes.</summary>
    public long Position => _stream.Position;

    public long Length => _stream.Length;

    /// <summary>Opens a file and reads its header.</summary>
    /// <exception cref="ArgumentException">The file does not exist, is empty, or has no readable header.</exception>
    public static DelimitedFile Open(string path, char? separator)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new ArgumentException($"The file {path} does not exist.");
        }

        if (file.Length == 0)
        {
            throw new ArgumentException($"The file {path} is empty: it has no header row.");
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        CsvReader? csv = null;
        try
        {
            var options = CsvReaderOptions.Default with
            {
                Separator = separator,
                HasHeader = true,
                SkipEmptyLines = true,
                TrimWhitespace = true,
                FieldCountMismatch = CsvFieldCountHandling.Allow,
                TrackLineNumbers = true,
            };
            csv = CsvReader.Create(stream, options, leaveOpen: true);
            csv.ReadHeader();
            var header = csv.Headers.Select(h => h.Trim()).ToArray();
            if (header.Length == 0 || header.All(string.IsNullOrEmpty))
            {
                throw new ArgumentException($"The file {path} has no header row.");
            }

            var duplicates = header.Where(h => h.Length > 0).GroupBy(h => h, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            if (duplicates.Count > 0)
            {
                throw new ArgumentException($"The header of {path} names {string.Join(", ", duplicates)} more than once, so its columns cannot be told apart.");
            }

            return new DelimitedFile(path, stream, csv, header);
        }
        catch (CsvFormatException ex)
        {
            csv?.Dispose();
            stream.Dispose();
            throw new ArgumentException($"The header of {path} cannot be read: {ex.Message}", ex);
        }
        catch
        {
            csv?.Dispose();
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The data rows, streamed.</summary>
    /// <exception cref="ArgumentException">The file is damaged past a row (an unterminated quote); the message says where.</exception>
    public IEnumerable<DelimitedRow> Rows()
    {
        var width = Header.Count;
        while (true)
        {
            try
            {
                if (!_csv.Read())
                {
                    yield break;
                }
            }
            catch (CsvFormatException ex)
            {
                throw new ArgumentException($"{Path} cannot be read past record {_csv.RowNumber + 1}: {ex.Message}", ex);
            }

            var count = _csv.FieldCount;
            var values = new string?[width];
            var invalid = false;
            for (var i = 0; i < Math.Min(count, width); i++)
            {
                var value = _csv.GetString(i).Trim();
                values[i] = value;
                invalid |= value.Contains('\uFFFD', StringComparison.Ordinal);
            }

            var problem = count == width ? null : count > width ? "too_many_fields" : "too_few_fields";
            yield return new DelimitedRow(_csv.LineNumber, values, problem, invalid);
        }
    }

    public void Dispose()
    {
        _csv.Dispose();
        _stream.Dispose();
    }
}
