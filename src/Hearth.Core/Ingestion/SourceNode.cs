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

    /// <summary>
    /// Every value at the path, in order: each element a path matches, each item of a JSON array. A row of columns has
    /// at most one.
    /// </summary>
    public virtual IEnumerable<string> Values(string path) => Value(path) is { } value ? [value] : [];

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
/// <c>ChildIdentifiers/UPN</c>, <c>../CINreferralDate</c>, <c>Duty/@start</c>. A step may select among repeated
/// elements by position, <c>Reviews/CPPreviewDate[0]</c> (counted from 0 within each parent), or by a child's value,
/// <c>FamilyMember[Relationship=Mother]/Forename</c> or <c>Duty[@type=Prevention]/@start</c>. Names are matched on
/// their local part: namespaces, and any prefix written in the path, are ignored, so a namespaced extract reads with
/// the same paths as a plain one. Where a path matches several elements, the value is the first; <see cref="Values"/>
/// gives them all.
/// </summary>
public sealed class XmlNode(XElement element) : SourceNode
{
    /// <summary>The element.</summary>
    public XElement Element { get; } = element;

    /// <inheritdoc />
    public override string? Value(string path) => SourcePath.Xml(path) is { } parsed ? Text(Walk(Element, parsed.Steps, 0, null)) : null;

    /// <inheritdoc />
    public override IEnumerable<string> Values(string path) => Matches(path).Select(Text).OfType<string>().ToList();

    /// <inheritdoc />
    public override IEnumerable<SourceNode> Each(string path) => Matches(path).OfType<XElement>().Select(e => (SourceNode)new XmlNode(e)).ToList();

    /// <inheritdoc />
    public override IEnumerable<(string Path, string Value)> AllValues()
    {
        foreach (var descendant in Element.DescendantsAndSelf())
        {
            if (!descendant.HasElements)
            {
                yield return (descendant.Name.LocalName, descendant.Value);
            }

            foreach (var attribute in descendant.Attributes().Where(a => !a.IsNamespaceDeclaration))
            {
                yield return (descendant.Name.LocalName + "/@" + attribute.Name.LocalName, attribute.Value);
            }
        }
    }

    private List<XObject> Matches(string path)
    {
        var matches = new List<XObject>();
        if (SourcePath.Xml(path) is { } parsed)
        {
            Walk(Element, parsed.Steps, 0, matches);
        }

        return matches;
    }

    // An element with elements inside has no value of its own.
    private static string? Text(XObject? match) => match switch
    {
        XAttribute attribute => attribute.Value,
        XElement { HasElements: false } leaf => leaf.Value,
        _ => null,
    };

    /// <summary>
    /// Follows the steps from an element depth first, in document order. Without <paramref name="all"/> it stops at the
    /// first match and returns it; with it, it adds every match to it.
    /// </summary>
    private static XObject? Walk(XElement from, PathStep[] steps, int index, List<XObject>? all)
    {
        if (index == steps.Length)
        {
            all?.Add(from);
            return from;
        }

        var step = steps[index];
        switch (step.Kind)
        {
            case StepKind.Self:
                return Walk(from, steps, index + 1, all);
            case StepKind.Parent:
                return from.Parent is { } parent ? Walk(parent, steps, index + 1, all) : null;
            case StepKind.Attribute:
                var attribute = from.Attributes().FirstOrDefault(a => !a.IsNamespaceDeclaration && a.Name.LocalName == step.Name);
                if (attribute is not null)
                {
                    all?.Add(attribute);
                }

                return attribute;
        }

        var position = -1;
        XObject? first = null;
        foreach (var child in from.Elements())
        {
            if (child.Name.LocalName != step.Name)
            {
                continue;
            }

            position++;
            if (step.Selector is { } selector)
            {
                if (selector.Index is { } wanted)
                {
                    if (position != wanted)
                    {
                        continue;
                    }
                }
                else if (!selector.Accepts(Text(Walk(child, selector.Key!.Steps, 0, null))))
                {
                    continue;
                }
            }

            var found = Walk(child, steps, index + 1, all);
            first ??= found;
            if ((found is not null && all is null) || step.Selector?.Index is not null)
            {
                break;
            }
        }

        return first;
    }
}

/// <summary>
/// A JSON value. Paths are property names separated by '.', with a leading '../' for the enclosing object:
/// <c>address.postcode</c>, <c>consent.given</c>, <c>../caseId</c>. A step may select array items by position,
/// <c>name[0].given</c> (counted from 0), or by a child's value, <c>identifier[system=https://fhir.nhs.uk/Id/nhs-number].value</c>.
/// An array met part-way along a path is walked item by item, so <c>reviews.date</c> reaches the date of every review;
/// where a path matches several values, the value is the first, and <see cref="Values"/> gives them all. An array of
/// strings or numbers at the end of a path is one value, its items joined by a single space (<c>given: ["Jacob",
/// "David"]</c> reads as <c>Jacob David</c>), or, for <see cref="Values"/>, one value per item. Arrays are transparent to
/// '..': the parent of an array item is the object holding the array. <see cref="Each(string)"/> gives the items of an
/// array, or the object itself.
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
    public override string? Value(string path) =>
        SourcePath.Json(path) is { } parsed && Walk(this, parsed.Steps, 0, null) is { } match ? match.Text() : null;

    /// <inheritdoc />
    public override IEnumerable<string> Values(string path)
    {
        var values = new List<string>();
        foreach (var match in Matches(path))
        {
            if (match._element.ValueKind == JsonValueKind.Array)
            {
                values.AddRange(match._element.EnumerateArray().Select(Text).OfType<string>());
            }
            else if (match.Text() is { } value)
            {
                values.Add(value);
            }
        }

        return values;
    }

    /// <inheritdoc />
    public override IEnumerable<SourceNode> Each(string path)
    {
        var parts = new List<SourceNode>();
        foreach (var match in Matches(path))
        {
            if (match._element.ValueKind == JsonValueKind.Array)
            {
                parts.AddRange(match._element.EnumerateArray().Select(e => new JsonNode(e, match._parent)));
            }
            else
            {
                parts.Add(match);
            }
        }

        return parts;
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

    private List<JsonNode> Matches(string path)
    {
        var matches = new List<JsonNode>();
        if (SourcePath.Json(path) is { } parsed)
        {
            Walk(this, parsed.Steps, 0, matches);
        }

        return matches;
    }

    private string? Text()
    {
        if (_element.ValueKind == JsonValueKind.Array && _element.EnumerateArray().All(IsScalar))
        {
            var items = _element.EnumerateArray().Select(Text).OfType<string>().ToList();
            return items.Count == 0 ? null : string.Join(' ', items);
        }

        return Text(_element);
    }

    private static string? Text(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => element.GetRawText(),
    };

    private static bool IsScalar(JsonElement element) => element.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array);

    /// <summary>
    /// Follows the steps, walking into arrays met before the last step. Without <paramref name="all"/> it stops at the
    /// first match and returns it; with it, it adds every match to it.
    /// </summary>
    private static JsonNode? Walk(JsonNode from, PathStep[] steps, int index, List<JsonNode>? all)
    {
        if (index == steps.Length)
        {
            all?.Add(from);
            return from;
        }

        var step = steps[index];
        switch (step.Kind)
        {
            case StepKind.Self:
                return Walk(from, steps, index + 1, all);
            case StepKind.Parent:
                return from._parent is { } parent ? Walk(parent, steps, index + 1, all) : null;
        }

        if (from._element.ValueKind == JsonValueKind.Array)
        {
            // An array reached by '.' (a path that went on past it without a selector): each item in turn.
            JsonNode? firstOfItems = null;
            foreach (var item in from._element.EnumerateArray())
            {
                var found = Walk(new JsonNode(item, from._parent), steps, index, all);
                firstOfItems ??= found;
                if (found is not null && all is null)
                {
                    break;
                }
            }

            return firstOfItems;
        }

        if (from._element.ValueKind != JsonValueKind.Object || !from._element.TryGetProperty(step.Name, out var child))
        {
            return null;
        }

        if (child.ValueKind != JsonValueKind.Array)
        {
            // A single value is a list of one, so [0] and a test apply to it as they would to an array of one.
            var node = new JsonNode(child, from);
            return step.Selector is not { } only || (only.Index is { } at ? at == 0 : only.Accepts(Walk(node, only.Key!.Steps, 0, null)?.Text()))
                ? Walk(node, steps, index + 1, all)
                : null;
        }

        if (step.Selector is null)
        {
            // The array as a whole at the end of a path; item by item part-way along it.
            return Walk(new JsonNode(child, from), steps, index + 1, all);
        }

        var selector = step.Selector;
        var position = -1;
        JsonNode? first = null;
        foreach (var item in child.EnumerateArray())
        {
            position++;
            var node = new JsonNode(item, from);
            if (selector.Index is { } wanted ? position != wanted : !selector.Accepts(Walk(node, selector.Key!.Steps, 0, null)?.Text()))
            {
                continue;
            }

            var found = Walk(node, steps, index + 1, all);
            first ??= found;
            if ((found is not null && all is null) || selector.Index is not null)
            {
                break;
            }
        }

        return first;
    }
}

/// <summary>
/// A repeated part of a record with its position among the parts, which the path <c>#</c> gives (counted from 1):
/// <c>child:{#}</c>. Every other path is the part's own.
/// </summary>
internal sealed class PartNode(SourceNode part, int position) : SourceNode
{
    public const string PositionPath = "#";

    public override string? Value(string path) => path == PositionPath ? position.ToString(CultureInfo.InvariantCulture) : part.Value(path);

    public override IEnumerable<string> Values(string path) => path == PositionPath ? [Value(path)!] : part.Values(path);

    public override IEnumerable<SourceNode> Each(string path) => part.Each(path);

    public override IEnumerable<(string Path, string Value)> AllValues() => part.AllValues();
}

/// <summary>
/// One value of a field that holds several in one text (<c>Jack (7), Ella (3)</c>), as a part of its record: the path
/// <c>.</c> is the value (trimmed), <c>#</c> its position from 1, and <c>../</c> reads the record.
/// </summary>
internal sealed class SplitPart(SourceNode record, string value, int position) : SourceNode
{
    private const string Up = "../";

    public override string? Value(string path) => path switch
    {
        "." => value,
        PartNode.PositionPath => position.ToString(CultureInfo.InvariantCulture),
        _ when path.StartsWith(Up, StringComparison.Ordinal) => record.Value(path[Up.Length..]),
        _ => null,
    };

    public override IEnumerable<string> Values(string path) =>
        path.StartsWith(Up, StringComparison.Ordinal) ? record.Values(path[Up.Length..]) : Value(path) is { } one ? [one] : [];

    public override IEnumerable<SourceNode> Each(string path) =>
        path.StartsWith(Up, StringComparison.Ordinal) ? record.Each(path[Up.Length..]) : [];

    public override IEnumerable<(string Path, string Value)> AllValues() => [(".", value)];
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
