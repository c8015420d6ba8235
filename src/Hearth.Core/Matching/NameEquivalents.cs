using System.Text.Json;

namespace Hearth.Core.Matching;

/// <summary>
/// Forenames that may stand for one another: nicknames and short forms (WILLIAM and BILL), spelling variants
/// (STEPHEN and STEVEN) and transliterations (MOHAMMED and MUHAMMAD). The list is a set of numbered groups of name keys
/// (upper-case letters A to Z only, as <see cref="Standardisation.Names.Key"/> makes them); two keys are equivalent when
/// they are equal or share a group. A key may be in several groups (KATE is in Katherine's and in Katarzyna's), and
/// equivalence is not transitive: ALEXANDER and ALEXANDRA both share a group with ALEX, but not with each other.
/// </summary>
public sealed class NameEquivalents
{
    private static readonly JsonDocumentOptions ReadOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    // Each key's group numbers, ascending.
    private readonly Dictionary<string, int[]> _groups;

    private NameEquivalents(Dictionary<string, int[]> groups, int groupCount)
    {
        _groups = groups;
        GroupCount = groupCount;
    }

    /// <summary>No groups: only equal keys are equivalent.</summary>
    public static NameEquivalents Empty { get; } = new(new Dictionary<string, int[]>(StringComparer.Ordinal), 0);

    /// <summary>How many groups the list has.</summary>
    public int GroupCount { get; }

    /// <summary>
    /// Reads the list from JSON: an object with a <c>groups</c> array of arrays of name keys, and optionally properties
    /// whose names start with <c>$</c> (such as <c>$comment</c>), which are ignored. Groups are numbered from 0 in
    /// order. Comments and trailing commas are allowed.
    /// </summary>
    /// <exception cref="FormatException">
    /// The text is not such an object, or a group has fewer than two names, a name that is not a key, or a name twice.
    /// </exception>
    public static NameEquivalents Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = ParseDocument(() => JsonDocument.Parse(json, ReadOptions));
        return FromDocument(document);
    }

    /// <summary>Reads the list from a stream of UTF-8 JSON, in the form <see cref="Parse(string)"/> describes.</summary>
    /// <exception cref="FormatException">The JSON is not a valid list.</exception>
    public static NameEquivalents Parse(Stream json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = ParseDocument(() => JsonDocument.Parse(json, ReadOptions));
        return FromDocument(document);
    }

    /// <summary>
    /// Whether two name keys may stand for one another: they are equal (whether listed or not), or share a group.
    /// Comparison is ordinal, so both should be keys.
    /// </summary>
    public bool AreEquivalent(string keyA, string keyB)
    {
        ArgumentNullException.ThrowIfNull(keyA);
        ArgumentNullException.ThrowIfNull(keyB);
        if (string.Equals(keyA, keyB, StringComparison.Ordinal))
        {
            return true;
        }

        if (!_groups.TryGetValue(keyA, out var a) || !_groups.TryGetValue(keyB, out var b))
        {
            return false;
        }

        // Both arrays are short and ascending: walk them together.
        var i = 0;
        var j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                return true;
            }

            if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return false;
    }

    /// <summary>The numbers of the groups that hold <paramref name="key"/>, ascending; empty when it is in none.</summary>
    public IReadOnlyList<int> GroupsOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _groups.TryGetValue(key, out var groups) ? Array.AsReadOnly(groups) : [];
    }

    private static JsonDocument ParseDocument(Func<JsonDocument> parse)
    {
        try
        {
            return parse();
        }
        catch (JsonException e)
        {
            throw new FormatException($"The name equivalents are not valid JSON: {e.Message}", e);
        }
    }

    private static NameEquivalents FromDocument(JsonDocument document)
    {
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("The name equivalents must be a JSON object with a \"groups\" array.");
        }

        JsonElement? groups = null;
        foreach (var property in root.EnumerateObject())
        {
            if (property.NameEquals("groups"))
            {
                groups = property.Value;
            }
            else if (!property.Name.StartsWith('$'))
            {
                throw new FormatException(
                    $"The name equivalents have an unknown property \"{property.Name}\": expected \"groups\" (and \"$\" properties, which are ignored).");
            }
        }

        if (groups is not { ValueKind: JsonValueKind.Array } array)
        {
            throw new FormatException("The name equivalents must have a \"groups\" array of arrays of names.");
        }

        var members = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var group in array.EnumerateArray())
        {
            if (group.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"Group {number} of the name equivalents is not an array of names.");
            }

            seen.Clear();
            foreach (var entry in group.EnumerateArray())
            {
                var name = entry.ValueKind == JsonValueKind.String ? entry.GetString()! : null;
                if (name is null || !IsKey(name))
                {
                    throw new FormatException(
                        $"Group {number} of the name equivalents has {entry.GetRawText()}, which is not a name key (upper-case letters A to Z only, such as \"OBRIEN\").");
                }

                if (!seen.Add(name))
                {
                    throw new FormatException($"Group {number} of the name equivalents has \"{name}\" twice.");
                }

                if (!members.TryGetValue(name, out var numbers))
                {
                    members.Add(name, numbers = []);
                }

                numbers.Add(number);
            }

            if (seen.Count < 2)
            {
                throw new FormatException(
                    $"Group {number} of the name equivalents has {seen.Count} name{(seen.Count == 1 ? "" : "s")}: a group needs at least two.");
            }

            number++;
        }

        var groupsOf = new Dictionary<string, int[]>(members.Count, StringComparer.Ordinal);
        foreach (var (name, numbers) in members)
        {
            groupsOf.Add(name, [.. numbers]);
        }

        return new NameEquivalents(groupsOf, number);
    }

    private static bool IsKey(string name) => name.Length > 0 && !name.AsSpan().ContainsAnyExceptInRange('A', 'Z');
}
