using System.Globalization;
using System.Text.Json;
using ExcelDataReader;
using Hearth.Core.Ingestion;

namespace Hearth.Services.Ingestion.Readers;

/// <summary>
/// An Excel workbook with ExcelDataReader, which streams rows. The declared sheet (or the first), with the header on
/// the declared row and title rows above it skipped. Dates become ISO text; whole numbers lose their ".0". A damaged or
/// truncated workbook is refused with an error.
/// </summary>
public sealed class XlsxFeedReader : FeedReader
{
    private readonly FeedDefinition _definition;
    private readonly FileStream _stream;

    public XlsxFeedReader(FeedDefinition definition, string path)
    {
        _definition = definition;
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
    }

    public override long Position => _stream.Position;

    public override long Length => _stream.Length;

    public override IEnumerable<SourceRow> Rows()
    {
        IExcelDataReader excel;
        try
        {
            _ = CodePages.Windows1252;
            excel = ExcelReaderFactory.CreateReader(_stream, new ExcelReaderConfiguration { LeaveOpen = true });
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new FeedReadException($"The workbook for feed {_definition.Name} is damaged or not an .xlsx file ({ex.Message}). Ask the sender for a fresh copy.", ex);
        }

        using (excel)
        {
            var sheet = _definition.Format.Sheet;
            while (sheet is not null && !string.Equals(excel.Name, sheet, StringComparison.OrdinalIgnoreCase))
            {
                if (!Guarded(excel.NextResult))
                {
                    throw new FeedReadException($"The workbook for feed {_definition.Name} has no sheet called '{sheet}'.");
                }
            }

            for (var row = 1; row < _definition.Format.HeaderRow; row++)
            {
                if (!Guarded(excel.Read))
                {
                    throw new FeedReadException($"Feed {_definition.Name} should have its header on row {_definition.Format.HeaderRow}, but the sheet ends before it.");
                }
            }

            if (!Guarded(excel.Read))
            {
                throw new FeedReadException($"The sheet for feed {_definition.Name} is empty: not even a header.");
            }

            var header = Enumerable.Range(0, excel.FieldCount).Select(i => Text(excel.GetValue(i))?.Trim() ?? string.Empty).ToArray();
            var width = header.Length;
            while (width > 0 && header[width - 1].Length == 0)
            {
                width--;
            }

            header = header[..width];
            CheckHeader(_definition, header);
            var index = FlatNode.Index(header);
            var rowNumber = (long)_definition.Format.HeaderRow;
            while (Guarded(excel.Read))
            {
                rowNumber++;
                var values = new string?[header.Length];
                var problems = new List<string>(1);
                var any = false;
                for (var i = 0; i < excel.FieldCount; i++)
                {
                    var value = Text(excel.GetValue(i));
                    if (value is null)
                    {
                        continue;
                    }

                    if (i < header.Length)
                    {
                        values[i] = value;
                        any = true;
                    }
                    else if (value.Trim().Length > 0 && !problems.Contains("too_many_fields"))
                    {
                        problems.Add("too_many_fields");
                        any = true;
                    }
                }

                if (!any)
                {
                    // An empty row in a spreadsheet is not a record.
                    continue;
                }

                var raw = JsonSerializer.Serialize(header.Zip(values).Where(p => p.Second is not null).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal));
                yield return new SourceRow(rowNumber, raw, new FlatNode(index, values), problems);
            }
        }
    }

    private T Guarded<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not FeedReadException)
        {
            throw new FeedReadException($"The workbook for feed {_definition.Name} is damaged part of the way through ({ex.Message}). Nothing from it was stored.", ex);
        }
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        DateTime d => d.TimeOfDay == TimeSpan.Zero ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : d.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
        double x when Math.Abs(x - Math.Round(x)) < 1e-9 && Math.Abs(x) < 1e15 => ((long)Math.Round(x)).ToString(CultureInfo.InvariantCulture),
        double x => x.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    protected override void Dispose(bool disposing) => _stream.Dispose();
}
