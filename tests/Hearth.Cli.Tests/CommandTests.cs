using System.Text.Json;
using Hearth.TestCommon;

namespace Hearth.Cli.Tests;

public class CommandTests
{
    [Theory]
    [InlineData("--help", "synth")]
    [InlineData("synth --help", "--people")]
    [InlineData("demo --help", "demo city")]
    [InlineData("bench --help", "synth")]
    [InlineData("bench synth --help", "peak memory")]
    public async Task Help_EveryCommand_DescribesItself(string arguments, string expected)
    {
        var (exitCode, output, _) = await HearthProcess.RunAsync(arguments.Split(' '));
        exitCode.ShouldBe(0);
        output.ShouldContain(expected, Case.Insensitive);
    }

    [Fact]
    public async Task Synth_TooFewPeople_FailsWithAClearMessage()
    {
        using var directory = new TemporaryDirectory();
        var (exitCode, output, error) = await HearthProcess.RunAsync("synth", "--people", "10", "--out", directory.Path);
        exitCode.ShouldBe(2);
        (output + error).ShouldContain("between 100 and 5,000,000");
    }

    [Fact]
    public async Task Synth_BadNoiseFile_FailsWithAClearMessage()
    {
        using var directory = new TemporaryDirectory();
        var noise = Path.Combine(directory.Path, "noise.json");
        await File.WriteAllTextAsync(noise, """{ "name_typo": 3 }""", TestContext.Current.CancellationToken);
        var (exitCode, output, error) = await HearthProcess.RunAsync("synth", "--people", "200", "--out", directory.Path, "--noise", noise);
        exitCode.ShouldBe(2);
        (output + error).ShouldContain("probability");
    }

    [Fact]
    public async Task Synth_Json_PrintsASummaryOfWhatItWrote()
    {
        using var directory = new TemporaryDirectory();
        var (exitCode, output, _) = await HearthProcess.RunAsync("synth", "--people", "400", "--seed", "5", "--out", directory.Path, "--json");
        exitCode.ShouldBe(0);
        using var summary = JsonDocument.Parse(output);
        summary.RootElement.GetProperty("people_at_start").GetInt32().ShouldBeGreaterThanOrEqualTo(400);
        var feeds = summary.RootElement.GetProperty("feeds").EnumerateArray().ToList();
        feeds.Count.ShouldBeGreaterThanOrEqualTo(20);
        foreach (var feed in feeds)
        {
            File.Exists(Path.Combine(directory.Path, "feeds", feed.GetProperty("file").GetString()!)).ShouldBeTrue();
        }

        File.Exists(Path.Combine(directory.Path, "feeds", "manifest.json")).ShouldBeTrue();
        File.Exists(Path.Combine(directory.Path, "truth", "source_records.csv")).ShouldBeTrue();
    }

    [Fact]
    public async Task BenchSynth_ReportsTimeAndPeakMemory()
    {
        var (exitCode, output, _) = await HearthProcess.RunAsync("bench", "synth", "--people", "300");
        exitCode.ShouldBe(0);
        output.ShouldContain("peak working set");
        output.ShouldContain("records/s");
    }
}
