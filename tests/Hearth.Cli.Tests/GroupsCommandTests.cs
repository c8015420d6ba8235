using System.Text.Json;
using Hearth.TestCommon;

namespace Hearth.Cli.Tests;

/// <summary><c>hearth groups</c> and <c>hearth show</c> on a small city, end to end through the real program.</summary>
public class GroupsCommandTests
{
    [Fact]
    public async Task GroupsThenShow_ASmallCity_BuildsLayers_AndShowsAFamilyWithItsEvidence()
    {
        using var directory = new TemporaryDirectory();
        var store = Path.Combine(directory.Path, "hearth.db");
        (await HearthProcess.RunAsync("synth", "--people", "400", "--seed", "9", "--out", Path.Combine(directory.Path, "city"))).ExitCode.ShouldBe(0);
        (await HearthProcess.RunAsync("ingest", Path.Combine(directory.Path, "city", "feeds"), "--store", store)).ExitCode.ShouldBe(0);
        (await HearthProcess.RunAsync("match", "--store", store)).ExitCode.ShouldBe(0);

        var (exitCode, output, _) = await HearthProcess.RunAsync("groups", "--store", store, "--json");
        exitCode.ShouldBe(0);
        using var result = JsonDocument.Parse(output);
        var family = result.RootElement.GetProperty("layers").EnumerateArray().Single(l => l.GetProperty("layer").GetString() == "family");
        family.GetProperty("groups").GetInt32().ShouldBeGreaterThan(0);

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + store + ";Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM groups WHERE layer = 'family' AND retired_run_id IS NULL ORDER BY members DESC, id LIMIT 1";
        var familyId = Convert.ToString(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture)!;
        await connection.CloseAsync();

        var shown = await HearthProcess.RunAsync("show", "family", familyId, "--store", store);
        shown.ExitCode.ShouldBe(0);
        shown.Output.ShouldContain("Members");
        shown.Output.ShouldContain("Why they are grouped");

        var evaluate = await HearthProcess.RunAsync("groups", "evaluate", "--store", store, "--city-truth", Path.Combine(directory.Path, "city", "truth"));
        evaluate.ExitCode.ShouldBe(0);
        evaluate.Output.ShouldContain("household");

        var missing = await HearthProcess.RunAsync("show", "family", "999999", "--store", store);
        missing.ExitCode.ShouldBe(3);
    }

    [Fact]
    public async Task Groups_ABadLayerFile_FailsWithAClearMessage()
    {
        using var directory = new TemporaryDirectory();
        await File.WriteAllTextAsync(Path.Combine(directory.Path, "bad.json"), """{ "name": "bad", "kind": "family", "colour": "blue" }""", TestContext.Current.CancellationToken);
        var (exitCode, output, error) = await HearthProcess.RunAsync("groups", "--store", Path.Combine(directory.Path, "hearth.db"), "--layers", directory.Path);
        exitCode.ShouldBe(2);
        (output + error).ShouldContain("bad.json");
    }
}
