using System.Text.Json.Serialization;

namespace Hearth.Synth.Feeds;

public enum FeedFormat
{
    Csv,
    FixedWidth,
    Xlsx,
    JsonLines,
    Xml,
}

/// <summary>What a column holds, which decides the row noise it can get.</summary>
public enum ColumnKind
{
    Text,
    Name,
    Identifier,
    Date,
    DateTime,
    Code,
    Number,
    Postcode,
    Address,
}

public sealed record FeedColumn(string Name, ColumnKind Kind, int Width = 0);

/// <summary>
/// Everything a reader needs to know about a feed file: its format, encoding, layout and key. The feed manifest
/// is a list of these.
/// </summary>
public sealed record FeedDescriptor
{
    public required string Name { get; init; }

    /// <summary>The kind of system that sends the feed, for example "Police records management system".</summary>
    public required string System { get; init; }

    public required string Description { get; init; }

    public required FeedFormat Format { get; init; }

    public required string File { get; init; }

    /// <summary>utf-8, utf-8-bom, windows-1252 or ascii.</summary>
    public required string Encoding { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Delimiter { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DateFormat { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DateTimeFormat { get; init; }

    /// <summary>For xlsx: the sheet and the 1-based row holding the column headers.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Sheet { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int HeaderRow { get; init; }

    /// <summary>For XML and JSON: the path of the repeating record (an XPath, or a JSON path).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RecordPath { get; init; }

    /// <summary>Columns of a tabular feed, with widths for fixed-width files.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<FeedColumn>? Columns { get; init; }

    /// <summary>The fields that identify a record, for change detection.</summary>
    public required IReadOnlyList<string> Key { get; init; }

    /// <summary>What the feed describes: person, address, school enrolment, relationship, and named events.</summary>
    public required IReadOnlyList<string> Entities { get; init; }

    /// <summary>Identifiers the source holds, and how often, in words.</summary>
    public required string Identifiers { get; init; }

    /// <summary>How much messier (above 1) or cleaner (below 1) than the base noise profile this source is.</summary>
    public double NoiseMultiplier { get; init; } = 1.0;
}
