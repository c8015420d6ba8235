using System.Text;
using CsvHelper;
using ExcelDataReader;

namespace Hearth.Synth.Tests;

/// <summary>Reads feeds with the ordinary readers a council's analyst would use, in the encoding the manifest declares.</summary>
public static class FeedReaders
{
    static FeedReaders()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static Encoding EncodingOf(ManifestFeed feed) => feed.Encoding switch
    {
        "utf-8" or "utf-8-bom" => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
        "windows-1252" => Encoding.GetEncoding(1252),
        "ascii" => Encoding.GetEncoding("us-ascii", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
        _ => throw new ArgumentException(feed.Encoding),
    };

    /// <summary>Every row of a delimited feed as a dictionary, read by CsvHelper in strict mode (every record must have every field).</summary>
    public static List<Dictionary<string, string>> Delimited(string path, ManifestFeed feed, out string[] header)
    {
        var options = CsvReaderOptions.Default with
        {
            Separator = feed.Delimiter![0],
            Encoding = EncodingOf(feed),
            HasHeader = true,
            SkipEmptyLines = true,
            TrimWhitespace = false,
            FieldCountMismatch = CsvFieldCountHandling.Throw,
            MalformedData = CsvMalformedDataHandling.Throw,
        };
        return ReadWithHeader(path, options, out header);
    }

    /// <summary>Reads every record of a file with a header row into dictionaries keyed by column name.</summary>
    public static List<Dictionary<string, string>> ReadWithHeader(string path, CsvReaderOptions options, out string[] header)
    {
        using var csv = CsvReader.Create(File.OpenRead(path), options, leaveOpen: false);
        csv.ReadHeader();
        header = [.. csv.Headers];
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            var row = new Dictionary<string, string>(header.Length, StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                row[header[i]] = csv.GetString(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Every record of a fixed-width feed, read by CsvHelper's fixed-width mode at the manifest's widths.</summary>
    public static List<Dictionary<string, string>> FixedWidth(string path, ManifestFeed feed)
    {
        var width = feed.Columns.Sum(c => c.Width);
        foreach (var line in File.ReadLines(path, EncodingOf(feed)))
        {
            if (line.Length != 0 && line.Length != width)
            {
                throw new InvalidDataException($"{feed.Name} has a record of {line.Length} characters, expected {width}.");
            }
        }

        var options = CsvReaderOptions.Default with
        {
            Mode = CsvMode.FixedWidth,
            FieldWidths = [.. feed.Columns.Select(c => c.Width)],
            Encoding = EncodingOf(feed),
            HasHeader = false,
            SkipEmptyLines = true,
        };
        using var csv = CsvReader.Create(File.OpenRead(path), options, leaveOpen: false);
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < feed.Columns.Count; i++)
            {
                row[feed.Columns[i].Name] = csv.GetString(i).Trim();
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Every data row of an xlsx feed as ExcelDataReader sees it, with the header on the declared row.</summary>
    public static List<Dictionary<string, object?>> Xlsx(string path, ManifestFeed feed, out string[] header)
    {
        using var stream = File.OpenRead(path);
        using var reader = ExcelReaderFactory.CreateReader(stream);
        reader.Name.ShouldBe(feed.Sheet);
        for (var i = 1; i < feed.HeaderRow; i++)
        {
            reader.Read().ShouldBeTrue();
        }

        reader.Read().ShouldBeTrue();
        header = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i)?.ToString() ?? string.Empty).ToArray();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                row[header[i]] = i < reader.FieldCount ? reader.GetValue(i) : null;
            }

            if (row.Values.Any(v => v is not null))
            {
                rows.Add(row);
            }
        }

        return rows;
    }
}

/// <summary>Reads the truth files (plain UTF-8 CSV) with CsvHelper.</summary>
public static class TruthTable
{
    public static List<Dictionary<string, string>> Read(string path) =>
        FeedReaders.ReadWithHeader(path, CsvReaderOptions.Default with { Separator = ',', HasHeader = true, FieldCountMismatch = CsvFieldCountHandling.Throw, TrimWhitespace = false }, out _);
}
