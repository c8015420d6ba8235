using System.Globalization;

namespace Hearth.Core.Ingestion;

/// <summary>
/// A path into an XML or JSON record, parsed: the steps from a node to the values it names. XML steps are separated by
/// '/', JSON steps by '.'. A step may select among repeated matches with an index, <c>name[0]</c> (counted from 0), or a
/// test on a child value, <c>address[use=home]</c> (compared ignoring case and extra spaces; quote the value,
/// <c>[system='urn:a]b']</c>, to include a ']').
/// </summary>
internal sealed class SourcePath
{
    private SourcePath(PathStep[] steps) => Steps = steps;

    /// <summary>The steps, in order. A JSON path's leading '../' are <see cref="StepKind.Parent"/> steps.</summary>
    public PathStep[] Steps { get; }

    /// <summary>
    /// Parses an XML path; null when it is not one. A definition's paths are checked before any record is read (see
    /// <see cref="Problem"/>), so a path that is not one only reads nothing.
    /// </summary>
    public static SourcePath? Xml(string path) => Parse(path, '/', out _);

    /// <summary>Parses a JSON path; null when it is not one.</summary>
    public static SourcePath? Json(string path) => Parse(path, '.', out _);

    /// <summary>Why the path cannot be used in a record of that format, or null when it can.</summary>
    public static string? Problem(string path, FormatType format)
    {
        if (format is not (FormatType.Xml or FormatType.Json or FormatType.JsonLines))
        {
            return null;   // a column name is a name: brackets and dots are part of it
        }

        _ = Parse(path, format == FormatType.Xml ? '/' : '.', out var problem);
        return problem;
    }

    private static SourcePath? Parse(string path, char separator, out string? problem)
    {
        problem = null;
        var steps = new List<PathStep>();
        var rest = path.AsSpan();
        if (separator == '.')
        {
            // JSON: '..' only as a leading '../' (the enclosing record), as '.' is the step separator.
            while (rest.StartsWith("../", StringComparison.Ordinal))
            {
                steps.Add(new PathStep(StepKind.Parent, string.Empty, null));
                rest = rest[3..];
            }

            if (rest.Length == 0 || rest is ".")
            {
                return new SourcePath([.. steps]);
            }
        }

        var start = 0;
        var depth = 0;
        var quote = '\0';
        var valueStarts = false;   // just after a test's '=': a quote here opens a quoted value
        for (var i = 0; i <= rest.Length; i++)
        {
            var c = i < rest.Length ? rest[i] : separator;
            if (quote != '\0')
            {
                if (i == rest.Length)
                {
                    problem = $"'{path}' has a quote that is not closed";
                    return null;
                }

                quote = c == quote ? '\0' : quote;
                continue;
            }

            if (valueStarts && c != ' ')
            {
                valueStarts = false;
                if (c is '\'' or '"')
                {
                    quote = c;
                    continue;
                }
            }

            if (c == '[')
            {
                depth++;
            }
            else if (c == ']')
            {
                depth--;
            }
            else if (c == '=' && depth > 0)
            {
                valueStarts = true;
            }
            else if (c == separator && depth == 0)
            {
                var text = rest[start..i].ToString();
                start = i + 1;
                if (text.Length == 0)
                {
                    // XML paths have always allowed a leading, trailing or doubled '/'.
                    if (separator == '/')
                    {
                        continue;
                    }

                    problem = $"'{path}' has an empty step";
                    return null;
                }

                if (Step(text, separator, out problem) is not { } step)
                {
                    problem = $"'{path}': {problem}";
                    return null;
                }

                steps.Add(step);
            }

            if (depth is < 0 or > 1)
            {
                problem = depth < 0 ? $"'{path}' has a ']' with no '['" : $"'{path}' has a '[' inside a selector";
                return null;
            }
        }

        if (depth != 0)
        {
            problem = $"'{path}' has a '[' that is not closed";
            return null;
        }

        for (var i = 0; i < steps.Count - 1; i++)
        {
            if (steps[i].Kind == StepKind.Attribute)
            {
                problem = $"'{path}' has a step after the attribute {steps[i].Name}";
                return null;
            }
        }

        return new SourcePath([.. steps]);
    }

    private static PathStep? Step(string text, char separator, out string? problem)
    {
        problem = null;
        var open = text.IndexOf('[', StringComparison.Ordinal);
        var name = open < 0 ? text : text[..open];
        PathSelector? selector = null;
        if (open >= 0)
        {
            if (!text.EndsWith(']'))
            {
                problem = $"nothing may follow a selector, as '{text}' has";
                return null;
            }

            selector = Selector(text[(open + 1)..^1], separator, out problem);
            if (selector is null)
            {
                return null;
            }
        }

        if (name.Length == 0)
        {
            problem = $"the step '{text}' has no name";
            return null;
        }

        if (name is "." or "..")
        {
            if (selector is not null)
            {
                problem = $"'{name}' cannot have a selector";
                return null;
            }

            return new PathStep(name == "." ? StepKind.Self : StepKind.Parent, name, null);
        }

        if (separator == '/' && name.StartsWith('@'))
        {
            if (selector is not null || name.Length == 1)
            {
                problem = selector is not null ? $"the attribute {name} cannot have a selector" : "'@' names no attribute";
                return null;
            }

            return new PathStep(StepKind.Attribute, LocalName(name[1..]), null);
        }

        return new PathStep(StepKind.Child, separator == '/' ? LocalName(name) : name, selector);
    }

    // XML names are matched on their local part: a prefix (cin:UPN) is ignored, as is the namespace in the document.
    private static string LocalName(string name) => name[(name.LastIndexOf(':') + 1)..];

    private static PathSelector? Selector(string text, char separator, out string? problem)
    {
        problem = null;
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            problem = "an empty selector '[]'; use an index, [0], or a test, [field=value]";
            return null;
        }

        var equals = trimmed.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                return new PathSelector(index, null, null);
            }

            problem = $"the selector [{text}] is neither an index counted from 0, such as [0], nor a test, such as [use=home]";
            return null;
        }

        var key = trimmed[..equals].Trim();
        var value = trimmed[(equals + 1)..].Trim();
        if (key.Length == 0)
        {
            problem = $"the test [{text}] names no field";
            return null;
        }

        if (value.Length >= 2 && value[0] is '\'' or '"' && value[^1] == value[0])
        {
            value = value[1..^1];
        }
        else if (value.Length > 0 && (value[0] is '\'' or '"' || value[^1] is '\'' or '"'))
        {
            problem = $"the test [{text}] has a value with unbalanced quotes";
            return null;
        }

        if (key.Contains('[', StringComparison.Ordinal) || key.Contains(']', StringComparison.Ordinal))
        {
            problem = $"the test [{text}] cannot have a selector in its field";
            return null;
        }

        var keyPath = Parse(key, separator, out var keyProblem);
        if (keyPath is null || keyPath.Steps.Any(s => s.Kind == StepKind.Parent))
        {
            problem = keyProblem ?? $"the test [{text}] must name a field inside the item, not above it";
            return null;
        }

        return new PathSelector(null, keyPath, value);
    }
}

/// <summary>What a path step does.</summary>
internal enum StepKind
{
    /// <summary>Goes to the children of that name (XML elements, a JSON property).</summary>
    Child,

    /// <summary>Goes to the parent ('..').</summary>
    Parent,

    /// <summary>Stays ('.').</summary>
    Self,

    /// <summary>Takes an XML attribute ('@name'); always the last step.</summary>
    Attribute,
}

/// <summary>One step of a path.</summary>
/// <param name="Kind">What the step does.</param>
/// <param name="Name">The element, property or attribute name (an XML name without its prefix).</param>
/// <param name="Selector">Which of several matches to keep, or null for all.</param>
internal sealed record PathStep(StepKind Kind, string Name, PathSelector? Selector);

/// <summary>Which matches of a step to keep: the one at an index, or those whose field has a value.</summary>
/// <param name="Index">The position among the matches, from 0.</param>
/// <param name="Key">The field, relative to each match, that a test reads.</param>
/// <param name="Value">The value the test wants (compared as <see cref="LooseText.Same"/> does).</param>
internal sealed record PathSelector(int? Index, SourcePath? Key, string? Value)
{
    /// <summary>True when the test's value is the one wanted.</summary>
    public bool Accepts(string? actual) => actual is not null && LooseText.Same(actual, Value!);
}

/// <summary>How a definition's listed values are compared with a source's: as staff type them, give or take spaces and case.</summary>
internal static class LooseText
{
    /// <summary>True when the texts are equal ignoring case, surrounding spaces and the length of runs of spaces.</summary>
    public static bool Same(string a, string b) => string.Equals(Collapse(a), Collapse(b), StringComparison.OrdinalIgnoreCase);

    private static string Collapse(string text) =>
        text.Contains("  ", StringComparison.Ordinal) || text.Contains('\t', StringComparison.Ordinal)
            ? string.Join(' ', text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            : text.Trim();
}
