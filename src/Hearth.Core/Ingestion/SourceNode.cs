using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;

namespace Hearth.Core.Ingestion;

/// <summary>
/// One record (or one repeated part of a record) as a reader found it, whatever the format: a row of columns, an XML
/// element or a JSON object. Mapping asks it for values by path and for repeated parts.
/// </summary>
public abstract class SourceNode
{
    /// <summary>The value at the path, as text exactly as held (not trimmed); null when there is no such field.</summary>
    public abstract string? Value(string path);

    /// <summary>The repeated parts at the path (XML elements, JSON array items), in order.</summary>
    public abstract IEnumerable<SourceNode> Each(string path);

    /// <summary>Every value in the record, with its path, for checks that look at the whole record.</summary>
    public abstract IEnumerable<(string Path, string Value)> AllValues();
}

/// <summary>A row of named columns (CSV, fixed width, xlsx, a database query).</summary>
public sealed class FlatNode : SourceNode
{
    private readonly IReadOnlyDictionary<string, int> _columns;
    private readonly string?[] _values;

    /// <summary>A row whose values line up with the shared column index.</summary>
    public FlatNode(IReadOnlyDictionary<string, int> columns, string?[] values)
    {
        _columns = columns;
        _values = values;
    }

    /// <summary>Builds the column index readers share between rows.</summary>
    public static IReadOnlyDictionary<string, int> Index(IReadOnlyList<string> names)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            index.TryAdd(names[i], i);
        }

        return index;
    }

    /// <inheritdoc />
    public override string? Value(string path) =>
        _columns.TryGetValue(path, out var i) && i < _values.Length ? _values[i] : null;

    /// <inheritdoc />
    public override IEnumerable<SourceNode> Each(string path) => [];

    /// <inheritdoc />
    public override IEnumerable<(string Path, string Value)> AllValues()
    {
        foreach (var (name, index) in _columns)
        {
            if (index < _values.Length && _values[index] is { } value)
            {
                yield return (name, value);
            }
        }
    }
}

/// <summary>
/// An XML element. Paths are element names separated by '/', with '..' for the parent and '@name' for an attribute:
/// <c>ChildIdentifiers/UPN</c>, <c>../CINreferralDate</c>, <c>Duty/@start</c>.
/// </summary>
public sealed class XmlNode(XElement element) : SourceNode
{
    /// <summary>The element.</summary>
    public XElement Element { get; } = element;

    /// <inheritdoc />
    public override string? Value(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        XElement? current = Element;
        for (var i = 0; i < parts.Length && current is not null; i++)
        {
            var part = parts[i];
            if (part == "..")
            {
                current = current.Parent;
            }
            else if (part.StartsWith('@'))
            {
                return i == parts.Length - 1 ? current.Attribute(part[1..])?.Value : null;
            }
            else if (part != ".")
            {
                current = current.Element(part);
            }
        }

        return current?.HasElements == true ? null : current?.Value;
    }

    /// <inheritdoc />
    public override IEnumerable<SourceNode> Each(string path)
    {
        IEnumerable<XElement> current = [Element];
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = part == ".." ? current.Select(e => e.Parent!).Where(e => e is not null) : current.SelectMany(e => e.Elements(part));
        }

        return current.Select(e => (SourceNode)new XmlNode(e));
    }

    /// <inheritdoc />
    public override IEnumerable<(string Path, string Value)> AllValues()
    {
        foreach (var descendant in Element.DescendantsAndSelf())
        {
            if (!descendant.HasElements)
            {
                yield return (descendant.Name.LocalName, descendant.Value);
            }

            foreach (var attribute in descendant.Attributes())
            {
                yield return (descendant.Name.LocalName + "/@" + attribute.Name.LocalName, attribute.Value);
            }
        }
    }
}

/// <summary>
/// A JSON object. Paths are property names separated by '.', with a leading '../' for the enclosing record:
/// <c>address.postcode</c>, <c>consent.given</c>, <c>../caseId</c>. <see cref="Each(string)"/> walks into arrays.
/// </summary>
public sealed class JsonNode : SourceNode
{
    private readonly JsonElement _element;
    private readonly JsonNode? _parent;

    /// <summary>A JSON value, with the node that holds it (for '..').</summary>
    public JsonNode(JsonElement element, JsonNode? parent = null)
    {
        _element = element;
        _parent = parent;
    }

    /// <inheritdoc />
    public override string? Value(string path)
    {
        var node = Navigate(path);
        if (node is null)
        {
            return null;
        }

        var element = node._element;
        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number => element.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => element.GetRawText(),
        };
    }

    /// <inheritdoc />
    public override IEnumerable<SourceNode> Each(string path)
    {
        var node = Navigate(path);
        if (node is null)
        {
            return [];
        }

        return node._element.ValueKind == JsonValueKind.Array
            ? node._element.EnumerateArray().Select(e => (SourceNode)new JsonNode(e, this)).ToList()
            : [node];
    }

    /// <inheritdoc />
    public override IEnumerable<(string Path, string Value)> AllValues() => Walk(_element, string.Empty);

    private static IEnumerable<(string Path, string Value)> Walk(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    foreach (var value in Walk(property.Value, path.Length == 0 ? property.Name : path + "." + property.Name))
                    {
                        yield return value;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var value in Walk(item, path))
                    {
                        yield return value;
                    }
                }

                break;
            case JsonValueKind.String:
                yield return (path, element.GetString()!);
                break;
            case JsonValueKind.Number:
                yield return (path, element.GetRawText());
                break;
        }
    }

    private JsonNode? Navigate(string path)
    {
        var current = this;
        while (path.StartsWith("../", StringComparison.Ordinal))
        {
            current = current._parent;
            if (current is null)
            {
                return null;
            }

            path = path[3..];
        }

        if (path.Length == 0 || path == ".")
        {
            return current;
        }

        foreach (var part in path.Split('.'))
        {
            if (current._element.ValueKind != JsonValueKind.Object || !current._element.TryGetProperty(part, out var child))
            {
                return null;
            }

            current = new JsonNode(child, current);
        }

        return current;
    }
}

/// <summary>One record as a reader produced it: where it was, what it said, and anything the reader already found wrong.</summary>
/// <param name="RowNumber">The record's 1-based position in the file (the line for text formats, the row for xlsx).</param>
/// <param name="Raw">The record exactly as received: the line, the element's XML, the JSON text, or the cells as JSON.</param>
/// <param name="Node">The record's fields.</param>
/// <param name="Problems">Problems the reader found (field count, encoding), as quarantine reason codes.</param>
public sealed record SourceRow(long RowNumber, string Raw, SourceNode Node, IReadOnlyList<string> Problems)
{
    /// <summary>A row with no reader problems.</summary>
    public SourceRow(long rowNumber, string raw, SourceNode node)
        : this(rowNumber, raw, node, [])
    {
    }

    /// <summary>The row number as text, for messages.</summary>
    public string RowLabel => RowNumber.ToString(CultureInfo.InvariantCulture);
}
