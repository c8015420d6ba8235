using System.Security.Cryptography;
using Hearth.TestCommon;

namespace Hearth.Synth.Tests;

public class DeterminismTests
{
    [Fact]
    public void Generate_SameSeedAndSize_GivesByteIdenticalFiles()
    {
        using var first = new TemporaryDirectory();
        using var second = new TemporaryDirectory();
        var options = new SynthOptions { People = 1_200, Seed = 2024 };

        CityGenerator.Generate(options, first.Path);
        CityGenerator.Generate(options, second.Path);

        var a = Hashes(first.Path);
        var b = Hashes(second.Path);
        a.Keys.ShouldBe(b.Keys, ignoreOrder: false);
        a.Count.ShouldBeGreaterThan(30);
        foreach (var (file, hash) in a)
        {
            b[file].ShouldBe(hash, $"{file} differs between two runs with the same seed");
        }
    }

    [Fact]
    public void Generate_DifferentSeed_GivesDifferentPeople()
    {
        using var first = new TemporaryDirectory();
        using var second = new TemporaryDirectory();

        CityGenerator.Generate(new SynthOptions { People = 800, Seed = 1 }, first.Path);
        CityGenerator.Generate(new SynthOptions { People = 800, Seed = 2 }, second.Path);

        Hashes(first.Path)["truth/people.csv"].ShouldNotBe(Hashes(second.Path)["truth/people.csv"]);
    }

    private static SortedDictionary<string, string> Hashes(string root) =>
        new(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(root, f).Replace('\\', '/'),
            f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))), StringComparer.Ordinal);
}
