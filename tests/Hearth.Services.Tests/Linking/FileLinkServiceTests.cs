using Hearth.Core.Matching;
using Hearth.Services.Linking;
using Hearth.TestCommon;

namespace Hearth.Services.Tests.Linking;

public sealed class FileLinkServiceTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    private static FileLinkService Service() => new(FixedTime.At(2026, 12, 1), NameEquivalents.Empty);

    private string PathOf(params string[] parts) => Path.Combine([_directory.Path, .. parts]);

    private static List<string[]> ReadCsv(string path) => [.. File.ReadAllLines(path).Skip(1).Select(l => l.Split(','))];

    [Fact]
    public void Link_FebrlStyleFilesWithCrlfAndAByteOrderMark_LinksEachPersonAcrossThem()
    {
        LinkFiles.Write(PathOf("a.csv"), [LinkFiles.Header, .. Enumerable.Range(0, 150).Select(p => LinkFiles.Row("a" + p, p))], "\r\n", byteOrderMark: true);
        LinkFiles.Write(PathOf("b.csv"), [LinkFiles.Header, .. Enumerable.Range(0, 150).Select(p => LinkFiles.Row("b" + p, p, typo: p % 4 == 0))]);

        var result = Service().Link(new LinkFilesCommand([PathOf("a.csv"), PathOf("b.csv")], "id", LinkFiles.Map, PathOf("clusters.csv")) { Settings = new LinkSettings { LinkOnly = true } });

        result.Files.Select(f => (f.Source, f.Separator, f.RowsRead, f.RowsCompared)).ShouldBe([("a.csv", ',', 150L, 150L), ("b.csv", ',', 150L, 150L)]);
        result.NotCompared.ShouldBeEmpty();
        result.RejectedFile.ShouldBeNull();
        var rows = ReadCsv(PathOf("clusters.csv"));
        rows.Count.ShouldBe(300);
        File.ReadLines(PathOf("clusters.csv")).First().ShouldBe("source_file,record_id,cluster_id");
        var cluster = rows.ToDictionary(r => r[1], r => r[2]);
        Enumerable.Range(0, 150).Count(p => cluster["a" + p] == cluster["b" + p]).ShouldBeGreaterThanOrEqualTo(145);
        rows.GroupBy(r => r[2]).ShouldAllBe(g => g.Select(r => r[0]).Distinct().Count() == g.Count());
    }

    [Fact]
    public void Link_RowsThatCannotBeCompared_AreCountedAndListed_AndEveryRowWithAnIdIsWrittenOnce()
    {
        LinkFiles.Write(PathOf("people.csv"),
        [
            LinkFiles.Header,
            .. Enumerable.Range(0, 60).Select(p => LinkFiles.Row("p" + p, p)),
            .. Enumerable.Range(0, 30).Select(p => LinkFiles.Row("q" + p, p)),
            LinkFiles.Row("", 1),
            LinkFiles.Row("p3", 40),
            "short, Amelia",
            "blank, , , , ",
            "long, Amelia, Ashworth, 1950-01-01, HF1 1AB, extra",
        ]);

        var result = Service().Link(new LinkFilesCommand([PathOf("people.csv")], "id", LinkFiles.Map, PathOf("out", "clusters.csv")));

        result.Files.Single().RowsRead.ShouldBe(95);
        result.Files.Single().RowsCompared.ShouldBe(90);
        result.NotCompared.ShouldBe(new Dictionary<string, long> { ["duplicate_id"] = 1, ["no_id"] = 1, ["no_values"] = 1, ["too_few_fields"] = 1, ["too_many_fields"] = 1 });
        result.RejectedFile.ShouldBe(PathOf("out", "clusters.rejected.csv"));
        var rejected = File.ReadAllLines(result.RejectedFile!);
        rejected[0].ShouldBe("source_file,line,record_id,reason,in_clusters");
        rejected.Skip(1).ShouldBe(
        [
            "people.csv,92,,no_id,no",
            "people.csv,93,p3,duplicate_id,no",
            "people.csv,94,short,too_few_fields,yes",
            "people.csv,95,blank,no_values,yes",
            "people.csv,96,long,too_many_fields,yes",
        ]);

        var rows = ReadCsv(PathOf("out", "clusters.csv"));
        rows.Select(r => r[1]).ShouldBeUnique();
        rows.Count.ShouldBe(93);
        var cluster = rows.ToDictionary(r => r[1], r => r[2]);
        Enumerable.Range(0, 30).Count(p => cluster["p" + p] == cluster["q" + p]).ShouldBe(30);
        foreach (var alone in new[] { "short", "blank", "long" })
        {
            rows.Count(r => r[2] == cluster[alone]).ShouldBe(1);
        }

        result.RowsWritten.ShouldBe(93);
        result.LinkedPairs.ShouldBe(30);
    }

    [Fact]
    public void Link_ValuesThatCannotBeRead_AreCountedByReason()
    {
        LinkFiles.Write(PathOf("people.csv"), [LinkFiles.Header, .. Enumerable.Range(0, 40).Select(p => LinkFiles.Row("p" + p, p)), "x1, Ava, Hollis, 2001-02-30, HF1 1AB", "x2, Ava, Hollis, 2031-02-03, HF1 1AB"]);

        var result = Service().Link(new LinkFilesCommand([PathOf("people.csv")], "id", LinkFiles.Map, PathOf("clusters.csv")));

        result.ValueProblems.ShouldBe(new Dictionary<string, long> { ["dob_unreadable"] = 1 });
        result.ValueFlags.ShouldBe(new Dictionary<string, long> { ["dob_in_future"] = 1 });
        result.RecordsCompared.ShouldBe(42);
    }

    [Fact]
    public void Link_TabSeparatedAndSemicolonFiles_AreDetected()
    {
        LinkFiles.Write(PathOf("tab.tsv"), [LinkFiles.Header.Replace(", ", "\t", StringComparison.Ordinal), .. Enumerable.Range(0, 30).Select(p => LinkFiles.Row("t" + p, p).Replace(", ", "\t", StringComparison.Ordinal))]);
        LinkFiles.Write(PathOf("semi.csv"), [LinkFiles.Header.Replace(", ", ";", StringComparison.Ordinal), .. Enumerable.Range(0, 30).Select(p => LinkFiles.Row("s" + p, p).Replace(", ", ";", StringComparison.Ordinal))]);

        var result = Service().Link(new LinkFilesCommand([PathOf("tab.tsv"), PathOf("semi.csv")], "id", LinkFiles.Map, PathOf("clusters.csv")));

        result.Files.Select(f => f.Separator).ShouldBe(['\t', ';']);
        result.LinkedPairs.ShouldBe(30);
    }

    [Fact]
    public void Link_ReviewFile_ListsThePairsLeftApart()
    {
        // x: two people who share a name and a postcode, with dates of birth 30 years apart (a parent and a child). y: one
        // name and date of birth at two postcodes, which may be one person who moved.
        LinkFiles.Write(PathOf("people.csv"),
        [
            LinkFiles.Header, .. Enumerable.Range(0, 40).Select(p => LinkFiles.Row("p" + p, p)),
            "x1, Ava, Hollis, 1960-02-03, HF1 1AB", "x2, Ava, Hollis, 1990-05-17, HF1 1AB", "y1, Ezra, Kettley, 1971-03-09, HF2 2AB", "y2, Ezra, Kettley, 1971-03-09, HF7 5AB",
        ]);

        var result = Service().Link(new LinkFilesCommand([PathOf("people.csv")], "id", LinkFiles.Map, PathOf("clusters.csv")) { ReviewOutput = PathOf("review.csv") });

        var cluster = ReadCsv(PathOf("clusters.csv")).ToDictionary(r => r[1], r => r[2]);
        cluster["x1"].ShouldNotBe(cluster["x2"]);
        File.ReadLines(PathOf("review.csv")).First().ShouldBe("source_file_1,record_id_1,source_file_2,record_id_2,probability,match_weight,reason");
        result.ReviewItems.ShouldBe(File.ReadLines(PathOf("review.csv")).Count() - 1);
        cluster["y1"].ShouldNotBe(cluster["y2"]);
        File.ReadLines(PathOf("review.csv")).ShouldContain(l => l.StartsWith("people.csv,y1,people.csv,y2,", StringComparison.Ordinal) && l.EndsWith(",between the review and match thresholds", StringComparison.Ordinal));
    }

    [Fact]
    public void Link_LinkOnlyWithOneFile_IsRefused()
    {
        LinkFiles.Write(PathOf("a.csv"), [LinkFiles.Header, LinkFiles.Row("a1", 1)]);

        Should.Throw<ArgumentException>(() => Service().Link(new LinkFilesCommand([PathOf("a.csv")], "id", LinkFiles.Map, PathOf("c.csv")) { Settings = new LinkSettings { LinkOnly = true } }))
            .Message.ShouldContain("at least two");
    }

    [Fact]
    public void Link_MissingColumn_NamesItAndTheFile()
    {
        LinkFiles.Write(PathOf("a.csv"), ["id, first_name, surname", "a1, Ava, Hollis"]);

        var error = Should.Throw<ArgumentException>(() => Service().Link(new LinkFilesCommand([PathOf("a.csv")], "id", LinkFiles.Map, PathOf("c.csv"))));

        error.Message.ShouldContain("last_name");
        error.Message.ShouldContain("a.csv");
        File.Exists(PathOf("c.csv")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("missing.csv", "does not exist")]
    [InlineData("empty.csv", "empty")]
    public void Link_NoFileOrAnEmptyOne_SaysSo(string name, string expected)
    {
        File.WriteAllText(PathOf("empty.csv"), string.Empty);

        Should.Throw<ArgumentException>(() => Service().Link(new LinkFilesCommand([PathOf(name)], "id", LinkFiles.Map, PathOf("c.csv")))).Message.ShouldContain(expected);
    }

    [Fact]
    public void Link_TwoFilesWithOneName_AreNamedByTheirPaths()
    {
        Directory.CreateDirectory(PathOf("x"));
        Directory.CreateDirectory(PathOf("y"));
        LinkFiles.Write(PathOf("x/people.csv"), [LinkFiles.Header, .. Enumerable.Range(0, 20).Select(p => LinkFiles.Row("a" + p, p))]);
        LinkFiles.Write(PathOf("y/people.csv"), [LinkFiles.Header, .. Enumerable.Range(0, 20).Select(p => LinkFiles.Row("a" + p, p))]);

        var result = Service().Link(new LinkFilesCommand([PathOf("x/people.csv"), PathOf("y/people.csv")], "id", LinkFiles.Map, PathOf("c.csv")) { Settings = new LinkSettings { LinkOnly = true } });

        result.Files.Select(f => f.Source).Distinct().Count().ShouldBe(2);
        ReadCsv(PathOf("c.csv")).Count.ShouldBe(40);
    }

    public void Dispose() => _directory.Dispose();
}
