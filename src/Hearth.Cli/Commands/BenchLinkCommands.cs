using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Hearth.Services.Linking;

namespace Hearth.Cli.Commands;

/// <summary><c>hearth bench link</c> and <c>hearth bench truth</c>: accuracy and time on the public linkage benchmarks.</summary>
internal static class BenchLinkCommands
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Link()
    {
        var data = new Option<DirectoryInfo?>("--data") { Description = $"The benchmarks' folder (default: {PublicBenchmarks.Folder}, found from the current folder up)." };
        var only = new Option<string[]>("--only") { Description = "Run only these benchmarks: " + string.Join(", ", PublicBenchmarks.All.Select(b => b.Name)) + ".", AllowMultipleArgumentsPerToken = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Where each benchmark's clusters file goes.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("out", "benchmarks")) };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
        var names = NameEquivalentsOption.Create();
        var dobApart = DobApartOption.Create();
        var command = new Command("link", "Link each public benchmark (FEBRL 1 to 4, fake_1000) as hearth link does, without labels, and measure it against its truth: precision, recall, F1, B-cubed, false merges, missed pairs and time.")
        {
            data, only, output, json, names, dobApart,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var folder = PublicBenchmarks.FindData(parse.GetValue(data)?.FullName);
            var wanted = parse.GetValue(only) ?? [];
            var unknown = wanted.Where(w => PublicBenchmarks.All.All(b => !string.Equals(b.Name, w, StringComparison.OrdinalIgnoreCase))).ToList();
            if (unknown.Count > 0)
            {
                throw new ArgumentException($"--only {string.Join(", ", unknown)}: the benchmarks are {string.Join(", ", PublicBenchmarks.All.Select(b => b.Name))}.");
            }

            var service = new FileLinkService(TimeProvider.System, NameEquivalentsOption.Load(parse.GetValue(names)));
            var outputFolder = parse.GetValue(output)!.ToString();
            var results = new List<object>();
            var asJson = parse.GetValue(json);
            if (!asJson)
            {
                Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
            }

            foreach (var benchmark in PublicBenchmarks.All.Where(b => wanted.Length == 0 || wanted.Contains(b.Name, StringComparer.OrdinalIgnoreCase)))
            {
                var clusters = Path.Combine(outputFolder, benchmark.Name + "-clusters.csv");
                var clock = Stopwatch.StartNew();
                var linked = service.Link(benchmark.LinkCommand(folder, clusters, new Core.Matching.LinkSettings { DateOfBirthGuardYears = DobApartOption.Years(parse.GetValue(dobApart)) }));
                var seconds = clock.Elapsed.TotalSeconds;
                var m = ClusterEvaluation.Evaluate(new EvaluateClustersCommand(clusters, benchmark.TruthPath(folder))).Metrics;
                results.Add(new
                {
                    name = benchmark.Name,
                    records = m.Records,
                    precision = m.Precision,
                    recall = m.Recall,
                    f1 = m.F1,
                    b3_precision = m.BCubedPrecision,
                    b3_recall = m.BCubedRecall,
                    false_merge_pairs = m.FalseMergePairs,
                    missed_pairs = m.MissedPairs,
                    true_pairs = m.TruePairs,
                    candidate_pairs = linked.CandidatePairs,
                    seconds,
                });
                if (!asJson)
                {
                    var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), folder);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{benchmark.Name}: {m.Records:N0} records, precision {m.Precision:0.0000}, recall {m.Recall:0.0000}, F1 {m.F1:0.0000}, B-cubed {m.BCubedPrecision:0.0000} / {m.BCubedRecall:0.0000}, {m.FalseMergePairs:N0} false merge pairs, {m.MissedPairs:N0} missed of {m.TruePairs:N0}, {linked.CandidatePairs:N0} candidate pairs, {seconds:0.0} s"));
                    Console.WriteLine("  " + benchmark.LinkCommandLine(relative, clusters.Replace('\\', '/')));
                    Console.WriteLine("  " + benchmark.EvaluateCommandLine(relative, clusters.Replace('\\', '/')));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"README row: | {benchmark.Name} | {m.Records:N0} | {m.TruePairs:N0} | {m.Precision:0.0000} | {m.Recall:0.0000} | {m.F1:0.0000} | {m.BCubedPrecision:0.0000} / {m.BCubedRecall:0.0000} | {m.FalseMergePairs:N0} | {m.MissedPairs:N0} | {seconds:0.0} s |"));
                }
            }

            if (asJson)
            {
                Console.WriteLine(JsonSerializer.Serialize(results, Json));
            }

            return 0;
        }));
        return command;
    }

    public static Command Truth()
    {
        var files = new Argument<FileInfo[]>("FILE") { Description = "Labelled files. Without any, every public benchmark's truth.csv is written into its folder.", Arity = ArgumentArity.ZeroOrMore };
        var id = new Option<string?>("--id") { Description = "The column that names each row, as given to hearth link." };
        var column = new Option<string?>("--true-id-column") { Description = "The column holding the true person id (fake_1000: cluster)." };
        var pattern = new Option<string?>("--true-id-pattern") { Description = @"A regular expression on the id whose first group is the true person id (FEBRL: ^rec-(\d+)-)." };
        var output = new Option<FileInfo?>("--out") { Description = "The truth file to write (source_file, record_id, true_id)." };
        var data = new Option<DirectoryInfo?>("--data") { Description = $"The benchmarks' folder, when no file is given (default: {PublicBenchmarks.Folder}, found from the current folder up)." };
        var command = new Command("truth", "Write the truth of labelled files as truth.csv (source_file, record_id, true_id), the form hearth evaluate --truth reads.")
        {
            files, id, column, pattern, output, data,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var given = parse.GetValue(files) ?? [];
            if (given.Length == 0)
            {
                var folder = PublicBenchmarks.FindData(parse.GetValue(data)?.FullName);
                foreach (var benchmark in PublicBenchmarks.All)
                {
                    var path = benchmark.TruthPath(folder);
                    var written = TruthFiles.Write(benchmark.TruthCommand(folder, path));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path}: {written.Records:N0} records, {written.People:N0} people, {written.TruePairs:N0} true pairs"));
                }

                return 0;
            }

            var result = TruthFiles.Write(new WriteTruthCommand(
                [.. given.Select(f => f.ToString())],
                parse.GetValue(id) ?? throw new ArgumentException("Name the id column with --id."),
                parse.GetValue(output)?.ToString() ?? throw new ArgumentException("Say where the truth goes with --out."))
            {
                TrueIdColumn = parse.GetValue(column),
                TrueIdPattern = parse.GetValue(pattern),
            });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{parse.GetValue(output)}: {result.Records:N0} records, {result.People:N0} people, {result.TruePairs:N0} true pairs"));
            return 0;
        }));
        return command;
    }
}
