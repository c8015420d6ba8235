using Hearth.Core.Matching;
using Hearth.Services.Linking;
using Hearth.Services.Matching;
using Hearth.TestCommon;

namespace Hearth.Services.Tests.Linking;

/// <summary>
/// The public benchmarks in tests/data/benchmarks, linked as hearth link and hearth bench link do, without labels. The
/// accuracy guards are regressions guards at the level measured when they were written (the figures are in the README
/// and docs/matching.md); a change that lowers one must say why.
/// </summary>
public sealed class PublicBenchmarkTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    private static string Data => Path.Combine(Repository.Root, PublicBenchmarks.Folder);

    private static PublicBenchmark Benchmark(string name) => PublicBenchmarks.All.Single(b => b.Name == name);

    [Theory]
    [InlineData("febrl1", 1_000, 500)]
    [InlineData("febrl2", 5_000, 1_934)]
    [InlineData("febrl3", 5_000, 6_538)]
    [InlineData("febrl4", 10_000, 5_000)]
    [InlineData("fake_1000", 1_000, 2_031)]
    public void TruthFile_InTheRepository_IsWhatTheConverterWrites(string name, long records, long truePairs)
    {
        var benchmark = Benchmark(name);
        var written = Path.Combine(_directory.Path, "truth.csv");

        var result = TruthFiles.Write(benchmark.TruthCommand(Data, written));

        (result.Records, result.TruePairs).ShouldBe((records, truePairs), "the counts each data set's SOURCE.md gives");
        File.ReadAllBytes(written).ShouldBe(File.ReadAllBytes(benchmark.TruthPath(Data)), $"{benchmark.TruthPath(Data)} is stale: run hearth bench truth");
    }

    // Measured with hearth bench link on 2026-12-01 (see the README): febrl1 F1 0.9940, febrl2 0.9956, febrl3 0.9950,
    // febrl4 0.9969 (5,000 true pairs, 31 missed, no false merge), fake_1000 0.8301 (no false merge; recall 0.7095).
    [Theory]
    [InlineData("febrl1", 0.999, 0.993)]
    [InlineData("febrl2", 0.999, 0.995)]
    [InlineData("febrl3", 0.999, 0.994)]
    [InlineData("febrl4", 0.999, 0.996)]
    [InlineData("fake_1000", 0.999, 0.830)]
    public void Link_Benchmark_IsAsAccurateAsMeasured(string name, double precision, double f1)
    {
        var benchmark = Benchmark(name);
        var clusters = Path.Combine(_directory.Path, name + "-clusters.csv");
        var service = new FileLinkService(FixedTime.At(2026, 12, 1), MatchingConfiguration.NameEquivalents(Path.Combine(Repository.Root, "config", "matching", "name-equivalents.json")));

        var linked = service.Link(benchmark.LinkCommand(Data, clusters, new LinkSettings { DateOfBirthGuardYears = 12 }));
        var metrics = ClusterEvaluation.Evaluate(new EvaluateClustersCommand(clusters, benchmark.TruthPath(Data))).Metrics;

        linked.NotCompared.ShouldBeEmpty();
        metrics.Precision.ShouldBeGreaterThanOrEqualTo(precision, metrics.ToString());
        metrics.F1.ShouldBeGreaterThanOrEqualTo(f1, metrics.ToString());
    }

    public void Dispose() => _directory.Dispose();
}
