using System.Text.Json;

namespace Hearth.Core.Matching;

/// <summary>
/// Forenames that name the same person: nicknames and short forms (William, Bill, Liam) and transliterations
/// (Mohammed, Muhammad, Mohamed). Read from a list of groups; a name may be in several groups (Kate is short for
/// Katherine and for Catherine), and two names are equivalent when they share a group.
/// </summary>
public sealed class NameEquivalents
{
    private readonly Dictionary<string, int[]> _groups;

    private NameEquivalents(Dictionary<string, int[]> groups, int count)
    {
        _groups = groups;
        GroupCount = count;
    }

    /// <summary>No equivalences: only equal names are equal.</summary>
    public static NameEquivalents Empty { get; } = new(new Dictionary<string, int[]>(StringComparer.Ordinal), 0);

    /// <summary>How many groups the list holds.</summary>
    public int GroupCount { get; }

    /// <summary>
    /// Reads <c>{"groups": [["WILLIAM", "BILL", ...], ...]}</c>. Names are comparable keys: upper-case letters A to Z.
    /// </summary>
    /// <exception cref="FormatException">The JSON is not a list of groups of such names.</exception>
    public static NameEquivalents Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new FormatException("The name equivalents are not valid JSON: " + ex.Message, ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("groups", out var groups) || groups.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("The name equivalents need an object with a \"groups\" array.");
            }

            var byName = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            var index = 0;
            foreach (var group in groups.EnumerateArray())
            {
                if (group.ValueKind != JsonValueKind.Array)
                {
                    throw new FormatException($"Group {index + 1} of the name equivalents is not a list of names.");
                }

                foreach (var name in group.EnumerateArray())
                {
                    var text = name.ValueKind == JsonValueKind.String ? name.GetString()! : throw new FormatException($"Group {index + 1} holds something other than a name.");
                    if (text.Length == 0 || !text.All(char.IsAsciiLetterUpper))
                    {
                        throw new FormatException($"'{text}' in group {index + 1} is not a comparable name key (upper-case letters A to Z only).");
                    }

                    if (!byName.TryGetValue(text, out var list))
                    {
                        byName[text] = list = [];
                    }

                    if (!list.Contains(index))
                    {
                        list.Add(index);
                    }
                }

                index++;
            }

            return new NameEquivalents(byName.ToDictionary(p => p.Key, p => p.Value.Order().ToArray(), StringComparer.Ordinal), index);
        }
    }

    /// <summary>The groups a name is in (empty when none).</summary>
    public IReadOnlyList<int> GroupsOf(string key) => _groups.TryGetValue(key, out var groups) ? groups : [];

    /// <summary>Whether two name keys are equal or share a group.</summary>
    public bool AreEquivalent(string keyA, string keyB)
    {
        if (string.Equals(keyA, keyB, StringComparison.Ordinal))
        {
            return true;
        }

        if (!_groups.TryGetValue(keyA, out var a) || !_groups.TryGetValue(keyB, out var b))
        {
            return false;
        }

        // Both sorted and short: a merge walk.
        int i = 0, j = 0;
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
}
