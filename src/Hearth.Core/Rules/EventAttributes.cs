using System.Text;
using System.Text.Json;

namespace Hearth.Core.Rules;

/// <summary>Reads an events row's attributes (a flat JSON object) into strings, without a document per event.</summary>
public static class EventAttributes
{
    private static readonly Dictionary<string, string> None = new(StringComparer.Ordinal);

    /// <summary>
    /// The attributes, read only when a rule first looks at them. Most events a run reads are never looked at (they fall
    /// outside every window, or a rule only counts them), and reading the JSON was most of the cost of a run.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Lazy(string? json) => string.IsNullOrEmpty(json) ? None : new LazyAttributeDictionary(json, null);

    /// <summary>As <see cref="Lazy(string?)"/>, from the JSON's UTF-8 bytes, which take half the memory of a string while they wait.</summary>
    public static IReadOnlyDictionary<string, string> Lazy(byte[]? utf8) => utf8 is null || utf8.Length == 0 ? None : new LazyAttributeDictionary(null, utf8);

    /// <summary>Every top-level property of the JSON object as a string (numbers and booleans as written); nested values are left out.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return None;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return None;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    result[name] = reader.GetString()!;
                    break;
                case JsonTokenType.Number:
                case JsonTokenType.True:
                case JsonTokenType.False:
                    result[name] = Encoding.UTF8.GetString(reader.ValueSpan);
                    break;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    reader.Skip();
                    break;
                default:
                    break;
            }
        }

        return result;
    }
}

/// <summary>
/// An events row's attributes, read from their JSON only when asked. A look-up scans the UTF-8 for the one property it
/// wants without building the whole dictionary (rules read two or three of an event's ten to thirty attributes), and
/// remembers the last few answers; enumerating parses everything once.
/// </summary>
internal sealed class LazyAttributeDictionary(string? json, byte[]? utf8) : IReadOnlyDictionary<string, string>
{
    // Safe to read from several threads (a child in two families is evaluated in both): the UTF-8 is made once before
    // the text is dropped, and each remembered answer is one immutable object, swapped whole.
    private readonly Lock _gate = new();
    private string? _json = json;
    private byte[]? _utf8 = utf8;
    private IReadOnlyDictionary<string, string>? _parsed;
    private Answer? _recent0;
    private Answer? _recent1;
    private Answer? _recent2;
    private int _next;

    private IReadOnlyDictionary<string, string> Parsed => _parsed ??= EventAttributes.Parse(Encoding.UTF8.GetString(Utf8));

    private byte[] Utf8
    {
        get
        {
            if (_utf8 is { } bytes)
            {
                return bytes;
            }

            lock (_gate)
            {
                if (_utf8 is null)
                {
                    _utf8 = Encoding.UTF8.GetBytes(_json!);
                    _json = null;
                }

                return _utf8;
            }
        }
    }

    public int Count => Parsed.Count;

    public IEnumerable<string> Keys => Parsed.Keys;

    public IEnumerable<string> Values => Parsed.Values;

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out string value)
    {
        if (_parsed is { } parsed)
        {
            return parsed.TryGetValue(key, out value);
        }

        foreach (var recent in (ReadOnlySpan<Answer?>)[_recent0, _recent1, _recent2])
        {
            if (recent is not null && (ReferenceEquals(recent.Key, key) || string.Equals(recent.Key, key, StringComparison.Ordinal)))
            {
                value = recent.Value;
                return value is not null;
            }
        }

        value = Find(key);
        var answer = new Answer(key, value);
        switch (Interlocked.Increment(ref _next) % 3)
        {
            case 0:
                _recent0 = answer;
                break;
            case 1:
                _recent1 = answer;
                break;
            default:
                _recent2 = answer;
                break;
        }

        return value is not null;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => Parsed.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The value of one top-level property as EventAttributes.Parse would give it, or null.</summary>
    private string? Find(string key)
    {
        var reader = new Utf8JsonReader(Utf8);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var wanted = reader.ValueTextEquals(key);
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.String when wanted:
                    return reader.GetString();
                case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False when wanted:
                    return Encoding.UTF8.GetString(reader.ValueSpan);
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    reader.Skip();
                    break;
                default:
                    if (wanted)
                    {
                        return null;
                    }

                    break;
            }
        }

        return null;
    }

    private sealed record Answer(string Key, string? Value);
}
