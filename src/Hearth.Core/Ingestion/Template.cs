using System.Collections.Concurrent;
using System.Text;

namespace Hearth.Core.Ingestion;

/// <summary>
/// A text with <c>{Field}</c> placeholders (<c>{Forename} {Surname}</c>, <c>member:{PersonID}</c>), parsed once and
/// filled from each record. Parsing per row with a regular expression was a tenth of the mapping time.
/// </summary>
internal sealed class Template
{
    private static readonly ConcurrentDictionary<string, Template> Parsed = new(StringComparer.Ordinal);

    // Alternating literal text and field paths: a part is a literal when IsField is false.
    private readonly (string Text, bool IsField)[] _parts;

    private Template((string Text, bool IsField)[] parts) => _parts = parts;

    /// <summary>True when the text has at least one placeholder.</summary>
    public bool HasFields => _parts.Any(p => p.IsField);

    public static Template Of(string text) => Parsed.GetOrAdd(text, Parse);

    /// <summary>Fills the placeholders with the record's trimmed values (blank for a missing field).</summary>
    public string Fill(SourceNode node) => Fill(node, out _);

    /// <summary>Fills the placeholders; <paramref name="anyValue"/> says whether any placeholder had a value.</summary>
    public string Fill(SourceNode node, out bool anyValue)
    {
        anyValue = false;
        if (_parts.Length == 1 && !_parts[0].IsField)
        {
            return _parts[0].Text;
        }

        var builder = new StringBuilder();
        foreach (var (text, isField) in _parts)
        {
            if (!isField)
            {
                builder.Append(text);
                continue;
            }

            var value = node.Value(text)?.Trim();
            if (!string.IsNullOrEmpty(value))
            {
                anyValue = true;
                builder.Append(value);
            }
        }

        return builder.ToString();
    }

    /// <summary>The field paths the placeholders name.</summary>
    public IEnumerable<string> Fields => _parts.Where(p => p.IsField).Select(p => p.Text);

    // Same grammar as before: {name} where name has no braces; a brace that does not open a placeholder is literal.
    private static Template Parse(string text)
    {
        var parts = new List<(string, bool)>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '{')
            {
                var close = text.IndexOfAny(['{', '}'], i + 1);
                if (close > i + 1 && text[close] == '}')
                {
                    if (literal.Length > 0)
                    {
                        parts.Add((literal.ToString(), false));
                        literal.Clear();
                    }

                    parts.Add((text[(i + 1)..close], true));
                    i = close + 1;
                    continue;
                }
            }

            literal.Append(text[i]);
            i++;
        }

        if (literal.Length > 0 || parts.Count == 0)
        {
            parts.Add((literal.ToString(), false));
        }

        return new Template([.. parts]);
    }
}
