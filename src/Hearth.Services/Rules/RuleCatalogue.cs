using System.Reflection;
using Hearth.Core.Rules;

namespace Hearth.Services.Rules;

/// <summary>
/// Finds and compiles the deployment's rule sets: every *.json but the schema in a given folder, else config/rules/
/// from the current folder up, else the copies built into this assembly (so that a command run from anywhere still
/// scores with the defaults).
/// </summary>
public static class RuleCatalogue
{
    public const string SchemaFile = "rule-set.schema.json";

    private const string ResourcePrefix = "Hearth.Services.Rules.config.";

    /// <summary>The rule sets, compiled, in name order; throws <see cref="InvalidRuleSetException"/> for any that cannot be used.</summary>
    public static IReadOnlyList<CompiledRuleSet> Load(string? folder = null)
    {
        return Compile(folder is not null ? FromFolder(folder) : Find() is { } found ? FromFolder(found) : BuiltIn());
    }

    /// <summary>The copies of the default rule sets built into this assembly, compiled.</summary>
    public static IReadOnlyList<CompiledRuleSet> LoadBuiltIn() => Compile(BuiltIn());

    private static List<CompiledRuleSet> Compile(List<(string Name, string Json)> sources)
    {
        var sets = sources.Select(s => CompiledRuleSet.Compile(RuleSet.Parse(s.Json, s.Name))).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        var duplicate = sets.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidRuleSetException($"Two rule sets are named '{duplicate.Key}'; names key the stored scores, so each must be unique.");
        }

        return sets;
    }

    /// <summary>config/rules from the current folder up, or null.</summary>
    public static string? Find()
    {
        var directory = new DirectoryInfo(Directory.GetCurrentDirectory());
        while (directory is not null)
        {
            var candidate = Path.Combine(directory.FullName, "config", "rules");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }

            directory = directory.Parent;
        }

        return null;
    }

    private static List<(string Name, string Json)> FromFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The rules folder {folder} does not exist.");
        }

        return [.. Directory.GetFiles(folder, "*.json").Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f)))];
    }

    private static List<(string Name, string Json)> BuiltIn()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var list = new List<(string, string)>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            list.Add((name[ResourcePrefix.Length..], reader.ReadToEnd()));
        }

        return list;
    }
}
