using Hearth.Services.Linking;
using Hearth.TestCommon;

namespace Hearth.Services.Tests.Linking;

public sealed class TruthFilesTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_directory.Path, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void Write_PatternOnTheId_GivesOnePersonPerNumber()
    {
        var a = Write("a.csv", "rec_id, given_name", "rec-1-org, ava", "rec-2-org, leo");
        var b = Write("b.csv", "rec_id, given_name", "rec-1-dup-0, eva", "rec-1-dup-1, ava", "rec-3-org, ivy");
        var output = Path.Combine(_directory.Path, "truth.csv");

        var result = TruthFiles.Write(new WriteTruthCommand([a, b], "rec_id", output) { TrueIdPattern = @"^rec-(\d+)-" });

        (result.Records, result.People, result.TruePairs).ShouldBe((5L, 3L, 3L));
        File.ReadAllLines(output).ShouldBe(["source_file,record_id,true_id", "a.csv,rec-1-org,1", "a.csv,rec-2-org,2", "b.csv,rec-1-dup-0,1", "b.csv,rec-1-dup-1,1", "b.csv,rec-3-org,3"]);
    }

    [Fact]
    public void Write_TrueIdColumn_IsCopied()
    {
        var file = Write("f.csv", "unique_id,first_name,cluster", "0,Rob,7", "1,Robert,7", "2,Ann,8");
        var output = Path.Combine(_directory.Path, "truth.csv");

        TruthFiles.Write(new WriteTruthCommand([file], "unique_id", output) { TrueIdColumn = "cluster" }).TruePairs.ShouldBe(1);
        File.ReadAllLines(output)[1].ShouldBe("f.csv,0,7");
    }

    [Fact]
    public void Write_IdThePatternDoesNotFit_IsAnError()
    {
        var file = Write("f.csv", "rec_id", "rec-1-org", "odd");

        Should.Throw<ArgumentException>(() => TruthFiles.Write(new WriteTruthCommand([file], "rec_id", Path.Combine(_directory.Path, "t.csv")) { TrueIdPattern = @"^rec-(\d+)-" }))
            .Message.ShouldContain("odd");
    }

    [Fact]
    public void Write_NeitherOrBothSourcesOfTruth_IsAnError()
    {
        var file = Write("f.csv", "rec_id,cluster", "1,2");

        Should.Throw<ArgumentException>(() => TruthFiles.Write(new WriteTruthCommand([file], "rec_id", Path.Combine(_directory.Path, "t.csv"))));
        Should.Throw<ArgumentException>(() => TruthFiles.Write(new WriteTruthCommand([file], "rec_id", Path.Combine(_directory.Path, "t.csv")) { TrueIdColumn = "cluster", TrueIdPattern = "x" }));
    }

    public void Dispose() => _directory.Dispose();
}
