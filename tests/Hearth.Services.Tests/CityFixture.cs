using Hearth.Synth;

[assembly: AssemblyFixture(typeof(Hearth.Services.Tests.CityFixture))]

namespace Hearth.Services.Tests;

/// <summary>A small synthetic city generated once for the assembly; tests copy what they change.</summary>
public sealed class CityFixture : IDisposable
{
    public CityFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "hearth-services-city-" + Guid.NewGuid().ToString("N"));
        Summary = CityGenerator.Generate(new SynthOptions { People = 2_500, Seed = 31 }, Directory);
    }

    public string Directory { get; }

    public SynthSummary Summary { get; }

    public string Feeds => Path.Combine(Directory, "feeds");

    public string Truth => Path.Combine(Directory, "truth");

    /// <summary>A copy of the feeds folder that a test may change freely.</summary>
    public string CopyFeeds()
    {
        var copy = Path.Combine(Path.GetTempPath(), "hearth-feeds-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(copy);
        foreach (var file in System.IO.Directory.GetFiles(Feeds))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        return copy;
    }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
