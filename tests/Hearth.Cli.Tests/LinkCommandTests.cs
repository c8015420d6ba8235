using System.Globalization;
using System.Text.Json;
using Hearth.TestCommon;

namespace Hearth.Cli.Tests;

/// <summary>hearth link, hearth evaluate --clusters and hearth bench truth, run as an analyst runs them, on small invented files.</summary>
public sealed class LinkCommandTests : IDisposable
{
    private static readonly string[] Forenames = ["Amelia", "Oliver", "Isla", "George", "Ava", "Noah", "Ivy", "Arthur", "Freya", "Leo", "Rosie", "Finley", "Maya", "Ezra"];
    private static readonly string[] Surnames = ["Ashworth", "Bellamy", "Carrick", "Dunmore", "Ellwood", "Fairley", "Garside", "Hollis", "Irvine", "Jessop", "Kettley"];
    private static readonly string[] Map = ["--map", "full_name=name", "dob=birth_date", "postcode=postcode", "sex=gender"];

    private readonly TemporaryDirectory _directory = new();

    private string PathOf(string name) => Path.Combine(_directory.Path, name);

    /// <summary>Invented person p as one row: id, full name, date of birth, postcode, sex.</summary>
    private static string Row(string id, int p, bool typo = false)
    {
        var forename = Forenames[p % Forenames.Length] + (typo ? "h" : string.Empty);
        var dob = new DateOnly(1950, 1, 1).AddDays(p * 131).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{id},{forename} {Surnames[p / Forenames.Length % Surnames.Length]},{dob},HF{p % 9 + 1} {p % 7 + 1}AB,{(p % 2 == 0 ? "F" : "M")}");
    }

    /// <summary>School and social care lists of 120 people, all in both; the second file has some typos, and one person twice.</summary>
    private (string School, string Care, string Truth) TwoLists()
    {
        var school = PathOf("school.csv");
        var care = PathOf("care.csv");
        var truth = PathOf("truth.csv");
        File.WriteAllLines(school, ["pupil_id,name,birth_date,postcode,gender", .. Enumerable.Range(0, 120).Select(p => Row("s" + p, p))]);
        File.WriteAllLines(care, ["pupil_id,name,birth_date,postcode,gender", .. Enumerable.Range(0, 120).Select(p => Row("c" + p, p, typo: p % 6 == 0)), Row("c7-again", 7)]);
        File.WriteAllLines(truth, ["source_file,record_id,true_id", .. Enumerable.Range(0, 120).Select(p => $"school.csv,s{p},{p}"), .. Enumerable.Range(0, 120).Select(p => $"care.csv,c{p},{p}"), "care.csv,c7-again,7"]);
        return (school, care, truth);
    }

    private static Dictionary<string, string[]> ReadClusters(string path) =>
        File.ReadLines(path).Skip(1).Select(l => l.Split(',')).ToDictionary(r => r[0] + "/" + r[1], r => r);

    [Theory]
    [InlineData("link --help", "--map")]
    [InlineData("link --help", "full_name")]
    [InlineData("link --help", "--link-only")]
    [InlineData("evaluate --help", "--clusters")]
    [InlineData("evaluate --help", "--city-truth")]
    [InlineData("bench link --help", "FEBRL")]
    [InlineData("bench truth --help", "--true-id-pattern")]
    public async Task Help_LinkingCommands_DescribeThemselves(string arguments, string expected)
    {
        var (exitCode, output, _) = await HearthProcess.RunAsync(arguments.Split(' '));

        exitCode.ShouldBe(0);
        output.ShouldContain(expected);
    }

    [Fact]
    public async Task LinkThenEvaluate_LinkOnly_JoinsAcrossFilesOnly_AndJsonHasExactlyTheMeasures()
    {
        var (school, care, truth) = TwoLists();
        var clusters = PathOf("clusters.csv");

        var link = await HearthProcess.RunAsync(["link", school, care, "--id", "pupil_id", .. Map, "--dob-format", "dd/MM/yyyy", "--link-only", "--out", clusters]);

        link.ExitCode.ShouldBe(0, link.Output + link.Error);
        link.Output.ShouldContain("Wrote 241 rows");
        var rows = ReadClusters(clusters);
        rows.Count.ShouldBe(241);
        rows.Values.GroupBy(r => r[2]).ShouldAllBe(cluster => cluster.Select(r => r[0]).Distinct().Count() == cluster.Count());
        rows["school.csv/s7"][2].ShouldNotBe(rows["school.csv/s8"][2]);

        var evaluate = await HearthProcess.RunAsync("evaluate", "--clusters", clusters, "--truth", truth, "--json");

        evaluate.ExitCode.ShouldBe(0, evaluate.Error);
        using var json = JsonDocument.Parse(evaluate.Output);
        json.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(["precision", "recall", "f1", "b3_precision", "b3_recall", "false_merge_pairs", "missed_pairs"], ignoreOrder: true);
        json.RootElement.GetProperty("precision").GetDouble().ShouldBe(1.0);
        // 121 true pairs: 120 across the files, and c7 with c7-again, which link-only may never join.
        json.RootElement.GetProperty("missed_pairs").GetInt64().ShouldBeInRange(1, 4);
        json.RootElement.GetProperty("false_merge_pairs").GetInt64().ShouldBe(0);
    }

    [Fact]
    public async Task Link_WithoutLinkOnly_AlsoJoinsTheDuplicateWithinAFile()
    {
        var (school, care, truth) = TwoLists();
        var clusters = PathOf("clusters.csv");

        (await HearthProcess.RunAsync(["link", school, care, "--id", "pupil_id", .. Map, "--out", clusters])).ExitCode.ShouldBe(0);

        var rows = ReadClusters(clusters);
        rows["care.csv/c7"][2].ShouldBe(rows["care.csv/c7-again"][2]);
        rows["care.csv/c7"][2].ShouldBe(rows["school.csv/s7"][2]);
        var evaluate = await HearthProcess.RunAsync("evaluate", "--clusters", clusters, "--truth", truth);
        evaluate.ExitCode.ShouldBe(0);
        evaluate.Output.ShouldContain("Pairwise precision");
        evaluate.Output.ShouldContain("B-cubed");
    }

    [Fact]
    public async Task Link_Json_ReportsRowsReadAndRowsNotComparedWithReasons()
    {
        var file = PathOf("people.csv");
        await File.WriteAllLinesAsync(file, ["pupil_id,name,birth_date,postcode,gender", .. Enumerable.Range(0, 50).Select(p => Row("s" + p, p)), ",Ava Hollis,01/01/2001,HF1 1AB,F", "s3,Ava Hollis,01/01/2001,HF1 1AB,F", "s99,,,,"], TestContext.Current.CancellationToken);

        var (exitCode, output, error) = await HearthProcess.RunAsync(["link", file, "--id", "pupil_id", .. Map, "--out", PathOf("c.csv"), "--json"]);

        exitCode.ShouldBe(0, error);
        using var json = JsonDocument.Parse(output);
        var only = json.RootElement.GetProperty("files").EnumerateArray().Single();
        only.GetProperty("rows_read").GetInt64().ShouldBe(53);
        only.GetProperty("rows_compared").GetInt64().ShouldBe(50);
        var reasons = json.RootElement.GetProperty("not_compared");
        (reasons.GetProperty("no_id").GetInt64(), reasons.GetProperty("duplicate_id").GetInt64(), reasons.GetProperty("no_values").GetInt64()).ShouldBe((1L, 1L, 1L));
        (await File.ReadAllLinesAsync(PathOf("c.rejected.csv"), TestContext.Current.CancellationToken)).Length.ShouldBe(4);
        (await File.ReadAllLinesAsync(PathOf("c.csv"), TestContext.Current.CancellationToken)).Length.ShouldBe(52);
    }

    [Theory]
    [InlineData("--map maiden=name", "The roles are")]
    [InlineData("--map surname=last_name", "no column last_name")]
    [InlineData("--map surname", "ROLE=COLUMN")]
    [InlineData("--map full_name=name --threshold 1.5", "--threshold")]
    [InlineData("--map full_name=name --link-only", "at least two")]
    [InlineData("--map full_name=name --delimiter x", "--delimiter")]
    public async Task Link_BadArguments_FailWithAClearMessage(string arguments, string expected)
    {
        var file = PathOf("people.csv");
        await File.WriteAllLinesAsync(file, ["pupil_id,name,birth_date,postcode,gender", Row("s1", 1)], TestContext.Current.CancellationToken);

        var (exitCode, output, error) = await HearthProcess.RunAsync(["link", file, "--id", "pupil_id", .. arguments.Split(' '), "--out", PathOf("c.csv")]);

        exitCode.ShouldBe(2, output + error);
        (output + error).ShouldContain(expected);
        File.Exists(PathOf("c.csv")).ShouldBeFalse();
    }

    [Fact]
    public async Task Link_MissingFile_FailsWithAClearMessage()
    {
        var (exitCode, output, error) = await HearthProcess.RunAsync(["link", PathOf("nowhere.csv"), "--id", "pupil_id", .. Map, "--out", PathOf("c.csv")]);

        exitCode.ShouldBe(2);
        (output + error).ShouldContain("does not exist");
    }

    [Fact]
    public async Task Evaluate_RecordsInOneFileOnly_FailsWithAClearMessage()
    {
        await File.WriteAllLinesAsync(PathOf("clusters.csv"), ["source_file,record_id,cluster_id", "a.csv,1,1", "a.csv,2,1"], TestContext.Current.CancellationToken);
        await File.WriteAllLinesAsync(PathOf("truth.csv"), ["source_file,record_id,true_id", "a.csv,1,x"], TestContext.Current.CancellationToken);

        var (exitCode, output, error) = await HearthProcess.RunAsync("evaluate", "--clusters", PathOf("clusters.csv"), "--truth", PathOf("truth.csv"), "--json");

        exitCode.ShouldBe(2);
        (output + error).ShouldContain("are not in");
    }

    [Theory]
    [InlineData("--clusters {0}/clusters.csv --truth {0}/missing.csv", "does not exist")]
    [InlineData("--clusters {0}/clusters.csv --truth {0}/bad.csv", "no true_id column")]
    [InlineData("--clusters {0}/clusters.csv", "go together")]
    [InlineData("--json", "--city-truth FOLDER, or --clusters FILE --truth FILE")]
    [InlineData("--city-truth {0} --clusters {0}/clusters.csv --truth {0}/bad.csv", "not both")]
    public async Task Evaluate_BadArguments_FailWithAClearMessage(string arguments, string expected)
    {
        await File.WriteAllLinesAsync(PathOf("clusters.csv"), ["source_file,record_id,cluster_id", "a.csv,1,1"], TestContext.Current.CancellationToken);
        await File.WriteAllLinesAsync(PathOf("bad.csv"), ["source_file,record_id,person", "a.csv,1,x"], TestContext.Current.CancellationToken);

        var (exitCode, output, error) = await HearthProcess.RunAsync(["evaluate", .. string.Format(CultureInfo.InvariantCulture, arguments, _directory.Path).Split(' ')]);

        exitCode.ShouldBe(2, output + error);
        (output + error).ShouldContain(expected);
    }

    [Fact]
    public async Task BenchTruth_FebrlIds_WritesTheTruthEvaluateReads()
    {
        var file = PathOf("febrl.csv");
        await File.WriteAllLinesAsync(file, ["rec_id, given_name", "rec-1-org, ava", "rec-1-dup-0, eva", "rec-2-org, leo"], TestContext.Current.CancellationToken);

        var (exitCode, output, error) = await HearthProcess.RunAsync("bench", "truth", file, "--id", "rec_id", "--true-id-pattern", @"^rec-(\d+)-", "--out", PathOf("truth.csv"));

        exitCode.ShouldBe(0, error);
        output.ShouldContain("3 records, 2 people, 1 true pairs");
        (await File.ReadAllLinesAsync(PathOf("truth.csv"), TestContext.Current.CancellationToken)).ShouldBe(["source_file,record_id,true_id", "febrl.csv,rec-1-org,1", "febrl.csv,rec-1-dup-0,1", "febrl.csv,rec-2-org,2"]);
    }

    [Fact]
    public async Task EvaluateCityTruth_AfterMatch_StillMeasuresTheStore()
    {
        var city = PathOf("city");
        var store = PathOf("hearth.db");
        (await HearthProcess.RunAsync("synth", "--people", "300", "--seed", "4", "--out", city)).ExitCode.ShouldBe(0);
        (await HearthProcess.RunAsync("ingest", Path.Combine(city, "feeds"), "--store", store)).ExitCode.ShouldBe(0);
        (await HearthProcess.RunAsync("match", "--store", store, "--json")).ExitCode.ShouldBe(0);

        var (exitCode, output, error) = await HearthProcess.RunAsync("evaluate", "--store", store, "--city-truth", Path.Combine(city, "truth"), "--json");

        exitCode.ShouldBe(0, error);
        using var json = JsonDocument.Parse(output);
        json.RootElement.GetProperty("precision").GetDouble().ShouldBeGreaterThan(0.95);
        json.RootElement.GetProperty("records").GetInt64().ShouldBeGreaterThan(1_000);
    }

    public void Dispose() => _directory.Dispose();
}
