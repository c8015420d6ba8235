using System.Text;
using Hearth.Core.Ingestion;

namespace Hearth.Services.Ingestion.Readers;

/// <summary>
/// A file (or query) that cannot be read as its definition says: missing, empty, damaged, of the wrong shape, or
/// hostile. The message says what is wrong in words a data officer can act on; the load stops and nothing is stored.
/// </summary>
public sealed class FeedReadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Reads a feed's records one at a time, so that a file larger than memory loads.</summary>
public abstract class FeedReader : IDisposable
{
    /// <summary>How far through the input the reader is, in bytes, for progress.</summary>
    public abstract long Position { get; }

    /// <summary>The input's size in bytes, or 0 when unknown.</summary>
    public abstract long Length { get; }

    public abstract IEnumerable<SourceRow> Rows();

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);

    /// <summary>Opens the right reader for the definition's format.</summary>
    public static FeedReader Open(FeedDefinition definition, string path)
    {
        var format = definition.Format;
        if (format.Type != FormatType.Database)
        {
            var file = new FileInfo(path);
            if (!file.Exists)
            {
                throw new FeedReadException($"The file {path} for feed {definition.Name} does not exist.");
            }

            if (file.Length == 0)
            {
                throw new FeedReadException($"The file {path} for feed {definition.Name} is empty: not even a header. Hearth will not treat it as an extract that removes every record.");
            }
        }

        return format.Type switch
        {
            FormatType.Csv => new CsvFeedReader(definition, path),
            FormatType.FixedWidth => new FixedWidthFeedReader(definition, path),
            FormatType.Xlsx => new XlsxFeedReader(definition, path),
            FormatType.JsonLines => new JsonLinesFeedReader(definition, path),
            FormatType.Json => new JsonFeedReader(definition, path),
            FormatType.Xml => new XmlFeedReader(definition, path),
            FormatType.Database => new DatabaseFeedReader(definition),
            _ => throw new FeedReadException($"Feed {definition.Name} has a format Hearth cannot read."),
        };
    }

    /// <summary>The encoding a definition names. UTF-8 decoding replaces invalid bytes with U+FFFD, which readers report.</summary>
    public static Encoding EncodingOf(FeedDefinition definition) => definition.Format.Encoding.ToLowerInvariant() switch
    {
        "utf-8" or "utf8" or "utf-8-bom" => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false),
        "windows-1252" or "cp1252" => CodePages.Windows1252,
        "ascii" or "us-ascii" => Encoding.ASCII,
        "latin-1" or "iso-8859-1" => Encoding.Latin1,
        var other => throw new FeedReadException($"Feed {definition.Name} names an encoding Hearth does not know: {other}."),
    };

    /// <summary>The source columns a definition reads, so that a file missing any of them is refused before loading.</summary>
    public static IReadOnlyList<string> ColumnsUsed(FeedDefinition definition)
    {
        var columns = new List<string>(definition.Key);
        void Add(FieldSpec? spec)
        {
            if (spec?.Field is { } field && !field.Contains('/', StringComparison.Ordinal))
            {
                columns.Add(field);
            }
        }

        foreach (var person in definition.Persons.Where(p => p.Each is null))
        {
            foreach (var spec in new[] { person.LocalId, person.Role, person.DateOfBirth, person.Sex, person.NhsNumber, person.Upn, person.Uln, person.Nino, person.Email, person.Phone, person.Ethnicity })
            {
                Add(spec);
            }

            if (person.Name is { } name)
            {
                foreach (var spec in new[] { name.Forenames, name.Forename, name.MiddleNames, name.Surname, name.Full, name.Initials, name.PreferredForename, name.PreferredSurname })
                {
                    Add(spec);
                }
            }

            if (person.Address is { } address)
            {
                foreach (var spec in new[] { address.Line1, address.Line2, address.Line3, address.Locality, address.Town, address.Postcode, address.Uprn, address.SingleLine, address.PostcodeDistrict })
                {
                    Add(spec);
                }
            }
        }

        foreach (var spec in definition.Events.Where(e => e.Each is null))
        {
            Add(spec.Date);
            Add(spec.EndDate);
            foreach (var attribute in spec.Attributes.Values)
            {
                Add(attribute);
            }
        }

        return [.. columns.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Refuses a header that lacks a column the definition reads.</summary>
    protected static void CheckHeader(FeedDefinition definition, IReadOnlyCollection<string> header)
    {
        var missing = ColumnsUsed(definition).Where(c => !header.Contains(c, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            throw new FeedReadException(
                $"The header of feed {definition.Name} lacks {(missing.Count == 1 ? "the column" : "the columns")} {string.Join(", ", missing)}. " +
                $"It has: {string.Join(", ", header.Take(40))}. Check the file is the right extract, or update config/feeds/{definition.Name}.json.");
        }

        var duplicates = header.GroupBy(h => h, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new FeedReadException($"The header of feed {definition.Name} names {string.Join(", ", duplicates)} more than once, so its values cannot be told apart.");
        }
    }

    /// <summary>The reason code for a row holding text that was not valid in the declared encoding.</summary>
    protected const string InvalidEncoding = "invalid_encoding";

    protected static bool HasReplacementCharacter(string? text) => text is not null && text.Contains('\uFFFD', StringComparison.Ordinal);
}

/// <summary>Code page encodings, registered once.</summary>
internal static class CodePages
{
    // Field initialisers run before a static constructor's body, so registration happens inside the initialiser.
    public static Encoding Windows1252 { get; } = Create();

    private static Encoding Create()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }
}
