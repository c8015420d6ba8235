using Hearth.Services.Linking;
using Hearth.TestCommon;

namespace Hearth.Services.Tests.Linking;

public sealed class ClusterEvaluationTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_directory.Path, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void Evaluate_SmallExample_GivesTheMeasuresWorkedByHand()
    {
        // Clusters {a1 a2 a3} {a4}; truth {a1 a2} {a3 a4}. Put together: a1-a2, a1-a3, a2-a3, of which a1-a2 is true.
        var clusters = Write("clusters.csv", "source_file,record_id,cluster_id", "f.csv,a1,1", "f.csv,a2,1", "f.csv,a3,1", "f.csv,a4,2");
        var truth = Write("truth.csv", "source_file,record_id,true_id", "f.csv,a1,x", "f.csv,a2,x", "f.csv,a3,y", "f.csv,a4,y");

        var result = ClusterEvaluation.Evaluate(new EvaluateClustersCommand(clusters, truth));

        result.BySourceFile.ShouldBeTrue();
        var m = result.Metrics;
        m.Precision.ShouldBe(1.0 / 3, 1e-12);
        m.Recall.ShouldBe(0.5, 1e-12);
        m.F1.ShouldBe(0.4, 1e-12);
        m.FalseMergePairs.ShouldBe(2);
        m.MissedPairs.ShouldBe(1);
        // B-cubed precision: a1 and a2 see 2 of 3 of their cluster as theirs, a3 1 of 3, a4 1 of 1.
        m.BCubedPrecision.ShouldBe(((2.0 / 3) + (2.0 / 3) + (1.0 / 3) + 1) / 4, 1e-12);
        m.BCubedRecall.ShouldBe((1 + 1 + 0.5 + 0.5) / 4, 1e-12);
    }

    [Fact]
    public void Evaluate_SameIdsInTwoFiles_AreToldApartBySourceFile()
    {
        var clusters = Write("clusters.csv", "source_file,record_id,cluster_id", "a.csv,1,1", "b.csv,1,1", "a.csv,2,2", "b.csv,2,3");
        var truth = Write("truth.csv", "source_file,record_id,true_id", "a.csv,1,x", "b.csv,1,x", "a.csv,2,y", "b.csv,2,y");

        var m = ClusterEvaluation.Evaluate(new EvaluateClustersCommand(clusters, truth)).Metrics;

        (m.Precision, m.Recall, m.Records).ShouldBe((1.0, 0.5, 4L));
    }

    [Fact]
    public void Evaluate_TruthWithoutSourceFile_MatchesOnTheIdAlone()
    {
        var clusters = Write("clusters.csv", "source_file,record_id,cluster_id", "a.csv,r1,1", "b.csv,r2,1");
        var truth = Write("truth.csv", "record_id,true_id", "r1,x", "r2,x");

        var result = ClusterEvaluation.Evaluate(new EvaluateClustersCommand(clusters, truth));

        result.BySourceFile.ShouldBeFalse();
        result.Metrics.F1.ShouldBe(1);
    }

    [Fact]
    public void Evaluate_IdsThatRepeatAcrossFiles_WithoutSourceFile_AskForIt()
    {
        var clusters = Write("clusters.csv", "source_file,record_id,cluster_id", "a.csv,1,1", "b.csv,1,1");
        var truth = Write("truth.csv", "record_id,true_id", "1,x");

        Should.Throw<ArgumentException>(() => ClusterEvaluation.Evaluate(new EvaluateClustersCommand(clusters, truth))).Message.ShouldContain("source_file");
    }

    [Fact]
    public void Evaluate_RecordsInOneFileOnly_AreNamed()
    {
        var clusters = Write("clusters.csv", "source_file,record_id,cluster_id", "f.csv,a1,1", "f.csv,a2,1", "f.csv,a9,2");
        var truth = Write("truth.csv", "source_file,record_id,true_id", "f.csv,a1,x", "f.csv,a2,x", "f.csv,a3,y");

        var error = Should.Throw<ArgumentException>(() => ClusterEvaluation.Evaluate(new EvaluateClustersCommand(clusters, truth)));

        error.Message.ShouldContain("1 records of");
        error.Message.ShouldContain("f.csv/a9");
        error.Message.ShouldContain("f.csv/a3");
    }

    [Theory]
    [InlineData("cluster_id", "clusters.csv")]
    [InlineData("true_id", "truth.csv")]
    public void Evaluate_MissingColumn_IsNamed(string column, string brokenFile)
    {
        var clusters = Write("clusters.csv", "source_file,record_id,cluster_id", "f.csv,a1,1");
        var truth = Write("truth.csv", "source_file,record_id,true_id", "f.csv,a1,x");
        Write(brokenFile, "source_file,record_id,something_else", "f.csv,a1,1");

        var error = Should.Throw<ArgumentException>(() => ClusterEvaluation.Evaluate(new EvaluateClustersCommand(clusters, truth)));

        error.Message.ShouldContain($"{brokenFile} has no {column} column");
        error.Message.ShouldContain("source_file, record_id, something_else");
    }

    [Fact]
    public void Evaluate_MissingFile_IsNamed()
    {
        var clusters = Write("clusters.csv", "source_file,record_id,cluster_id", "f.csv,a1,1");

        Should.Throw<ArgumentException>(() => ClusterEvaluation.Evaluate(new EvaluateClustersCommand(clusters, Path.Combine(_directory.Path, "nope.csv")))).Message.ShouldContain("nope.csv");
    }

    [Fact]
    public void Evaluate_RecordTwice_IsRefused()
    {
        var clusters = Write("clusters.csv", "source_file,record_id,cluster_id", "f.csv,a1,1", "f.csv,a1,2");
        var truth = Write("truth.csv", "source_file,record_id,true_id", "f.csv,a1,x");

        Should.Throw<ArgumentException>(() => ClusterEvaluation.Evaluate(new EvaluateClustersCommand(clusters, truth))).Message.ShouldContain("twice");
    }

    public void Dispose() => _directory.Dispose();
}
