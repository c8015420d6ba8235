using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Hearth.Synth.Feeds;

/// <summary>Writes rows of one tabular feed file in its format.</summary>
public interface ITabularSink : IDisposable
{
    void WriteRow(object?[] values);

    void WriteBlankRow();
}

/// <summary>Formats typed values the way a feed's source system writes them.</summary>
public static class FeedValues
{
    public static string Format(object? value, FeedDescriptor feed) => value switch
    {
        null => string.Empty,
        string s => s,
        DateOnly d => d.ToString(feed.DateFormat ?? "yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString(feed.DateTimeFormat ?? "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        decimal m => m.ToString("0.00", CultureInfo.InvariantCulture),
        double x => x.ToString("0.##", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    public static Encoding EncodingOf(FeedDescriptor feed) => feed.Encoding switch
    {
        "utf-8" => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        "utf-8-bom" => new UTF8Encoding(encoderShouldEmitUTF8Identifier: true),
        "windows-1252" => TextFolding.Windows1252,
        "ascii" => Encoding.ASCII,
        _ => throw new ArgumentException($"Unknown encoding '{feed.Encoding}'.", nameof(feed)),
    };

    /// <summary>
    /// Upper case as an old system stores it: folded to the feed's encoding first, because .NET's invariant casing
    /// leaves the Turkish dotless ı alone (Yıldız would become YıLDıZ, not YILDIZ).
    /// </summary>
    public static string Upper(string text, FeedDescriptor feed) => Fold(text, feed).ToUpperInvariant();

    /// <summary>Text as the feed's encoding can carry it: old systems fold what they cannot store.</summary>
    public static string Fold(string text, FeedDescriptor feed) => feed.Encoding switch
    {
        "windows-1252" => TextFolding.ToWindows1252(text),
        "ascii" => TextFolding.ToAscii(text),
        _ => text,
    };
}

/// <summary>Delimited text: comma, tab, pipe or semicolon, quoted as RFC 4180 says, CRLF line ends.</summary>
public sealed class DelimitedSink : ITabularSink
{
    private readonly StreamWriter _writer;
    private readonly FeedDescriptor _feed;
    private readonly char _delimiter;
    private readonly bool _quoteAll;

    public DelimitedSink(string path, FeedDescriptor feed, bool quoteAll = false)
    {
        _feed = feed;
        _delimiter = feed.Delimiter is { Length: 1 } d ? d[0] : throw new ArgumentException("A delimited feed needs a one-character delimiter.", nameof(feed));
        _quoteAll = quoteAll;
        _writer = new StreamWriter(path, append: false, FeedValues.EncodingOf(feed), bufferSize: 1 << 16) { NewLine = "\r\n" };
        WriteRow(feed.Columns!.Select(c => (object?)c.Name).ToArray());
    }

    public void WriteRow(object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                _writer.Write(_delimiter);
            }

            var text = FeedValues.Fold(FeedValues.Format(values[i], _feed), _feed);
            if (_quoteAll || NeedsQuotes(text))
            {
                _writer.Write('"');
                _writer.Write(text.Replace("\"", "\"\"", StringComparison.Ordinal));
                _writer.Write('"');
            }
            else
            {
                _writer.Write(text);
            }
        }

        _writer.WriteLine();
    }

    public void WriteBlankRow() => _writer.WriteLine();

    public void Dispose() => _writer.Dispose();

    private bool NeedsQuotes(string text) =>
        text.Contains(_delimiter, StringComparison.Ordinal) || text.Contains('"', StringComparison.Ordinal) ||
        text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal);
}

/// <summary>Fixed-width records: each column padded or cut to its width, no header, CRLF line ends.</summary>
public sealed class FixedWidthSink : ITabularSink
{
    private readonly StreamWriter _writer;
    private readonly FeedDescriptor _feed;
    private readonly int[] _widths;
    private readonly bool[] _rightAligned;

    public FixedWidthSink(string path, FeedDescriptor feed)
    {
        _feed = feed;
        _widths = feed.Columns!.Select(c => c.Width).ToArray();
        if (_widths.Any(w => w <= 0))
        {
            throw new ArgumentException("Every fixed-width column needs a width.", nameof(feed));
        }

        _rightAligned = feed.Columns!.Select(c => c.Kind == ColumnKind.Number).ToArray();
        _writer = new StreamWriter(path, append: false, FeedValues.EncodingOf(feed), bufferSize: 1 << 16) { NewLine = "\r\n" };
    }

    public void WriteRow(object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var text = FeedValues.Fold(FeedValues.Format(values[i], _feed), _feed)
                .Replace('\r', ' ').Replace('\n', ' ');
            var width = _widths[i];
            if (text.Length > width)
            {
                // Legacy extracts cut long values rather than fail: a long name loses its tail.
                text = text[..width];
            }

            _writer.Write(_rightAligned[i] ? text.PadLeft(width, text.Length == 0 ? ' ' : '0') : text.PadRight(width));
        }

        _writer.WriteLine();
    }

    public void WriteBlankRow() => _writer.WriteLine();

    public void Dispose() => _writer.Dispose();
}

/// <summary>
/// A minimal, streaming SpreadsheetML (.xlsx) writer: one worksheet, inline strings, real date cells. Written by
/// hand over <see cref="ZipArchive"/> so that every zip entry has a fixed time and the file is byte-identical
/// between runs (the OpenXML SDK stamps entries with the current time).
/// </summary>
public sealed class XlsxSink : ITabularSink
{
    private const string SheetNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTime ExcelEpoch = new(1899, 12, 30, 0, 0, 0, DateTimeKind.Unspecified);

    private readonly ZipArchive _zip;
    private readonly Stream _sheetStream;
    private readonly XmlWriter _sheet;
    private readonly FeedDescriptor _feed;
    private int _row;

    public XlsxSink(string path, FeedDescriptor feed, IReadOnlyList<string> preamble)
    {
        _feed = feed;
        _zip = new ZipArchive(new FileStream(path, FileMode.Create, FileAccess.Write), ZipArchiveMode.Create, leaveOpen: false);
        _sheetStream = CreateEntry("xl/worksheets/sheet1.xml");
        _sheet = XmlWriter.Create(_sheetStream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), CloseOutput = false });
        _sheet.WriteStartDocument(standalone: true);
        _sheet.WriteStartElement("worksheet", SheetNs);
        _sheet.WriteStartElement("sheetData", SheetNs);
        foreach (var line in preamble)
        {
            WriteRow(line.Length == 0 ? [] : [line]);
        }

        WriteRow(feed.Columns!.Select(c => (object?)c.Name).ToArray());
    }

    public void WriteRow(object?[] values)
    {
        _row++;
        _sheet.WriteStartElement("row", SheetNs);
        _sheet.WriteAttributeString("r", _row.ToString(CultureInfo.InvariantCulture));
        for (var i = 0; i < values.Length; i++)
        {
            WriteCell(CellReference(i, _row), values[i]);
        }

        _sheet.WriteEndElement();
    }

    public void WriteBlankRow()
    {
        _row++;
        _sheet.WriteStartElement("row", SheetNs);
        _sheet.WriteAttributeString("r", _row.ToString(CultureInfo.InvariantCulture));
        _sheet.WriteEndElement();
    }

    public void Dispose()
    {
        _sheet.WriteEndElement();
        _sheet.WriteEndElement();
        _sheet.WriteEndDocument();
        _sheet.Dispose();
        _sheetStream.Dispose();

        WritePart("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
            """);
        WritePart("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """);
        WritePart("xl/workbook.xml", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="{SheetNs}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{System.Security.SecurityElement.Escape(_feed.Sheet ?? "Sheet1")}" sheetId="1" r:id="rId1"/></sheets></workbook>
            """);
        WritePart("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
            """);
        // Style 1 is a date (dd/mm/yyyy), style 2 a date and time.
        WritePart("xl/styles.xml", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="{SheetNs}"><numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="dd/mm/yyyy hh:mm"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>
            """);
        _zip.Dispose();
    }

    private void WriteCell(string reference, object? value)
    {
        switch (value)
        {
            case null:
                return;
            case DateOnly date:
                WriteNumberCell(reference, (date.ToDateTime(TimeOnly.MinValue) - ExcelEpoch).TotalDays, style: 1);
                return;
            case DateTime time:
                WriteNumberCell(reference, (time - ExcelEpoch).TotalDays, style: 2);
                return;
            case int or long or decimal or double:
                WriteNumberCell(reference, Convert.ToDouble(value, CultureInfo.InvariantCulture), style: 0);
                return;
        }

        var text = FeedValues.Format(value, _feed);
        if (text.Length == 0)
        {
            return;
        }

        _sheet.WriteStartElement("c", SheetNs);
        _sheet.WriteAttributeString("r", reference);
        _sheet.WriteAttributeString("t", "inlineStr");
        _sheet.WriteStartElement("is", SheetNs);
        _sheet.WriteStartElement("t", SheetNs);
        if (text[0] == ' ' || text[^1] == ' ')
        {
            _sheet.WriteAttributeString("xml", "space", null, "preserve");
        }

        _sheet.WriteString(text);
        _sheet.WriteEndElement();
        _sheet.WriteEndElement();
        _sheet.WriteEndElement();
    }

    private void WriteNumberCell(string reference, double number, int style)
    {
        _sheet.WriteStartElement("c", SheetNs);
        _sheet.WriteAttributeString("r", reference);
        if (style != 0)
        {
            _sheet.WriteAttributeString("s", style.ToString(CultureInfo.InvariantCulture));
        }

        _sheet.WriteElementString("v", SheetNs, number.ToString("R", CultureInfo.InvariantCulture));
        _sheet.WriteEndElement();
    }

    private static string CellReference(int column, int row)
    {
        var letters = string.Empty;
        var n = column + 1;
        while (n > 0)
        {
            var remainder = (n - 1) % 26;
            letters = (char)('A' + remainder) + letters;
            n = (n - 1) / 26;
        }

        return letters + row.ToString(CultureInfo.InvariantCulture);
    }

    private Stream CreateEntry(string name)
    {
        var entry = _zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = EntryTime;
        return entry.Open();
    }

    private void WritePart(string name, string content)
    {
        using var stream = CreateEntry(name);
        var bytes = new UTF8Encoding(false).GetBytes(content.Trim());
        stream.Write(bytes);
    }
}
