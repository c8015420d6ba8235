using System.Reflection;
using Hearth.Core.Matching;

namespace Hearth.Services.Matching;

/// <summary>Finds matching's configuration: a given file, else config/matching/ from the current folder up, else the
/// copy built into this assembly (so that a command run from anywhere still matches nicknames).</summary>
public static class MatchingConfiguration
{
    public const string NameEquivalentsFile = "name-equivalents.json";

    public static NameEquivalents NameEquivalents(string? path = null)
    {
        if (path is not null)
        {
            return Core.Matching.NameEquivalents.Parse(File.ReadAllText(path));
        }

        var directory = new DirectoryInfo(Directory.GetCurrentDirectory());
        while (directory is not null)
        {
            var candidate = Path.Combine(directory.FullName, "config", "matching", NameEquivalentsFile);
            if (File.Exists(candidate))
            {
                return Core.Matching.NameEquivalents.Parse(File.ReadAllText(candidate));
            }

            directory = directory.Parent;
        }

        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Hearth.Services.Matching." + NameEquivalentsFile)
            ?? throw new InvalidOperationException("The built-in name equivalents are missing from Hearth.Services.");
        using var reader = new StreamReader(stream);
        return Core.Matching.NameEquivalents.Parse(reader.ReadToEnd());
    }
}
