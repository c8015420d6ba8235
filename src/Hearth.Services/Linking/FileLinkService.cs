using System.Diagnostics;
using System.Globalization;
using System.Text;
using Hearth.Core.Linking;
using Hearth.Core.Matching;

namespace Hearth.Services.Linking;

/// <summary>Link the people in an analyst's delimited files, with no store and no labels.</summary>
/// <param name="Files">The files; each must have a header row.</param>
/// <param name="IdColumn">The column that names each row (unique within its file).</param>
/// <param name="Map">ROLE=COLUMN[+COLUMN...] specs (see <see cref="ColumnMap"/>).</param>
/// <param name="Output">Where clusters.csv goes: source_file, record_id, cluster_id, one line per row with an id.</param>
public sealed record LinkFilesCommand(IReadOnlyList<string> Files, string IdColumn, IReadOnlyList<string> Map, string Output)
{
    /// <summary>The separator of every file, or null to detect each file's.</summary>
    public char? Separator { get; init; }

    /// <summary>The formats dates of birth are written in; empty for the common formats.</summary>
    public IReadOnlyList<string> DateFormats { get; init; } = [];

    /// <summary>Thresholds and limits; <see cref="LinkSettings.LinkOnly"/> links across files only.</summary>
    public LinkSettings Settings { get; init; } = new();

    /// <summary>
    /// Where the rows that were not compared are listed (file, line, id, reason). Default: beside the output, as
    /// NAME.rejected.csv, written only when there are such rows.
    /// </summary>
    public string? RejectedOutput { get; init; }

    /// <summary>
    /// Where to write the pairs left apart that a person may want to check, one per pair of clusters, strongest first:
    /// both records, the probability and why they were not joined. Null writes none.
    /// </summary>
    public string? ReviewOutput { get; init; }
}

/// <summary>What one file gave.</summary>
/// <param name="File">The file as given.</param>
/// <param name="Source">Its name in the output's source_file column.</param>
/// <param name="Separator">The separator read.</param>
/// <param name="RowsRead">Data rows read.</param>
/// <param name="RowsCompared">Rows linked.</param>
/// <param name="RowsNotCompared">Rows that could not be compared (listed in the rejected file with their reason).</param>
public sealed record LinkedFile(string File, string Source, char Separator, long RowsRead, long RowsCompared, long RowsNotCompared);

/// <summary>What a link run did.</summary>
public sealed record LinkFilesResult
{
    public required IReadOnlyList<LinkedFile> Files { get; init; }

    /// <summary>Rows that were not compared, by reason: no_id, duplicate_id, too_many_fields, too_few_fields, no_values.</summary>
    public required IReadOnlyDictionary<string, long> NotCompared { get; init; }

    /// <summary>Values that could not be read and were left out of otherwise compared rows, by reason (dob_unreadable, ...).</summary>
    public required IReadOnlyDictionary<string, long> ValueProblems { get; init; }

    /// <summary>Values kept but implausible, by reason (dob_in_future, dob_over_120_years_ago).</summary>
    public required IReadOnlyDictionary<string, long> ValueFlags { get; init; }

    /// <summary>The list of rows not compared, or null when every row was compared.</summary>
    public required string? RejectedFile { get; init; }

    public required string Output { get; init; }

    /// <summary>Rows written to the output (every row with an id, once).</summary>
    public required long RowsWritten { get; init; }

    public required long RecordsCompared { get; init; }

    public required long Clusters { get; init; }

    /// <summary>Clusters of two or more records.</summary>
    public required long LinkedClusters { get; init; }

    /// <summary>Pairs of records put in one cluster.</summary>
    public required long LinkedPairs { get; init; }

    /// <summary>Pairs of clusters left apart that may be one person: between the review and match thresholds, or refused by a guard.</summary>
    public required long ReviewItems { get; init; }

    /// <summary>The review items by reason (between the thresholds, different dates of birth, ...).</summary>
    public required IReadOnlyDictionary<string, long> ReviewReasons { get; init; }

    public required long CandidatePairs { get; init; }

    /// <summary>All pairs that could have been compared (across files only with link-only).</summary>
    public required long AllPairs { get; init; }

    public required IReadOnlyList<string> Comparisons { get; init; }

    public required IReadOnlyList<BlockingRuleReport> Blocking { get; init; }

    public required IReadOnlyList<TrainingReport> Training { get; init; }

    /// <summary>Seconds per stage (reading, training, blocking, scoring, clustering, writing) and in all.</summary>
    public required IReadOnlyDictionary<string, double> Seconds { get; init; }

    /// <summary>The estimated model, as JSON.</summary>
    public required string Model { get; init; }
}

/// <summary>
/// Links the people in analysts' delimited files (<c>hearth link</c>): reads each file a row at a time through the
/// ingestion standardisers (<see cref="LinkRowMapper"/>), chooses comparisons, blocking and training from the roles
/// mapped (<see cref="FileLinkPlan"/>), estimates the model without labels and clusters with the engine's guards
/// (<see cref="Linker"/>), and writes one line per row with its cluster. A row that cannot be compared is never dropped
/// silently: it is counted by reason, listed in the rejected file, and (when it has an id) written in a cluster of its own.
/// </summary>
public sealed class FileLinkService(TimeProvider time, NameEquivalents equivalents)
{
    /// <summary>The output's columns.</summary>
    public static readonly IReadOnlyList<string> OutputColumns = ["source_file", "record_id", "cluster_id"];

    public LinkFilesResult Link(LinkFilesCommand command, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Files.Count == 0)
        {
            throw new ArgumentException("Give at least one file to link.");
        }

        if (command.Settings.LinkOnly && command.Files.Count < 2)
        {
            throw new ArgumentException("--link-only links across files, so it needs at least two.");
        }

        if (string.IsNullOrWhiteSpace(command.IdColumn))
        {
            throw new ArgumentException("Name the column that identifies each row with --id COLUMN.");
        }

        var map = ColumnMap.Parse(command.Map);
        var plan = FileLinkPlan.For(map.Roles, equivalents);
        var sources = SourceNames(command.Files);
        var options = new LinkMappingOptions { DateFormats = command.DateFormats, Today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime) };
        var clock = Stopwatch.StartNew();
        var total = Stopwatch.StartNew();
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);

        var rows = new List<OutputRow>();
        var records = new List<MatchRecord>();
        var rejected = new List<(string Source, long Line, string? Id, string Reason, bool InOutput)>();
        var notCompared = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var valueProblems = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var valueFlags = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var files = new List<LinkedFile>();
        for (var f = 0; f < command.Files.Count; f++)
        {
            var path = command.Files[f];
            var source = sources[f];
            using var file = DelimitedFile.Open(path, command.Separator);
            var columns = map.Bind(file.Header, command.IdColumn, path);
            var mapper = new LinkRowMapper(columns, source, options);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            long read = 0, compared = 0, skipped = 0;
            void NotCompared(long line, string? id, string reason, bool inOutput)
            {
                notCompared[reason] = notCompared.GetValueOrDefault(reason) + 1;
                rejected.Add((source, line, id, reason, inOutput));
                skipped++;
            }

            foreach (var row in file.Rows())
            {
                read++;
                if (read % 50_000 == 0)
                {
                    progress?.Report(string.Create(CultureInfo.InvariantCulture, $"reading {source}: {read:N0} rows ({100.0 * file.Position / Math.Max(1, file.Length):0}%)"));
                }

                var mapped = mapper.Map(row.Values);
                if (mapped.RecordId is not { } id)
                {
                    NotCompared(row.Line, null, LinkRowMapper.NoId, inOutput: false);
                    continue;
                }

                if (!seen.Add(id))
                {
                    // The first row with the id keeps it; a second cannot be told apart from it in the output.
                    NotCompared(row.Line, id, "duplicate_id", inOutput: false);
                    continue;
                }

                if (row.FieldCountProblem is { } shape)
                {
                    // A row that does not fit the header may have its values under the wrong columns: not compared.
                    NotCompared(row.Line, id, shape, inOutput: true);
                    rows.Add(new OutputRow(source, id, -1));
                    continue;
                }

                if (mapped.Record is not { } record)
                {
                    NotCompared(row.Line, id, mapped.Unusable ?? LinkRowMapper.NoValues, inOutput: true);
                    rows.Add(new OutputRow(source, id, -1));
                    continue;
                }

                foreach (var problem in mapped.Problems)
                {
                    valueProblems[problem] = valueProblems.GetValueOrDefault(problem) + 1;
                }

                foreach (var flag in mapped.Flags)
                {
                    valueFlags[flag] = valueFlags.GetValueOrDefault(flag) + 1;
                }

                if (row.InvalidEncoding)
                {
                    valueProblems["invalid_encoding"] = valueProblems.GetValueOrDefault("invalid_encoding") + 1;
                }

                rows.Add(new OutputRow(source, id, records.Count));
                records.Add(record);
                compared++;
            }

            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"read {source}: {read:N0} rows"));
            files.Add(new LinkedFile(path, source, file.Separator, read, compared, skipped));
        }

        seconds["reading"] = clock.Elapsed.TotalSeconds;
        if (records.Count == 0)
        {
            throw new ArgumentException("No row of the files could be compared: " + string.Join(", ", notCompared.Select(p => $"{p.Value:N0} {p.Key}")) + ".");
        }

        var link = Linker.Link(records, plan.Comparisons, plan.Blocking, plan.Training, command.Settings, progress: progress);
        foreach (var (stage, s) in link.Seconds)
        {
            seconds[stage] = s;
        }

        clock.Restart();
        progress?.Report("writing " + command.Output);

        // The engine sorts records by content; find each input record's cluster through its source key.
        var position = new Dictionary<string, int>(link.Records.Count, StringComparer.Ordinal);
        for (var i = 0; i < link.Records.Count; i++)
        {
            position[link.Records[i].SourceKey] = i;
        }

        var clusterNumbers = new Dictionary<int, long>();
        var sizes = new Dictionary<long, long>();
        long next = 0;
        var written = WriteOutput(command.Output, rows, row =>
        {
            long number;
            if (row.Record < 0)
            {
                number = ++next;
            }
            else
            {
                var cluster = link.ClusterOf[position[records[row.Record].SourceKey]];
                if (!clusterNumbers.TryGetValue(cluster, out number))
                {
                    number = ++next;
                    clusterNumbers[cluster] = number;
                }
            }

            sizes[number] = sizes.GetValueOrDefault(number) + 1;
            return number;
        });

        string? rejectedFile = null;
        if (rejected.Count > 0)
        {
            rejectedFile = command.RejectedOutput ?? DefaultRejectedPath(command.Output);
            WriteRejected(rejectedFile, rejected);
        }

        if (command.ReviewOutput is { } reviewFile)
        {
            WriteReview(reviewFile, link);
        }

        seconds["writing"] = clock.Elapsed.TotalSeconds;
        seconds["total"] = total.Elapsed.TotalSeconds;
        return new LinkFilesResult
        {
            Files = files,
            NotCompared = notCompared,
            ValueProblems = valueProblems,
            ValueFlags = valueFlags,
            RejectedFile = rejectedFile,
            Output = command.Output,
            RowsWritten = written,
            RecordsCompared = records.Count,
            Clusters = next,
            LinkedClusters = sizes.Values.Count(s => s > 1),
            LinkedPairs = sizes.Values.Sum(s => s * (s - 1) / 2),
            ReviewItems = link.Review.Count,
            ReviewReasons = new SortedDictionary<string, long>(link.Review.GroupBy(r => r.Reason, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal), StringComparer.Ordinal),
            CandidatePairs = link.CandidatePairs,
            AllPairs = CandidatePairsPossible(records.Count, command.Settings.LinkOnly, files),
            Comparisons = [.. plan.Comparisons.Select(c => c.Name)],
            Blocking = link.Blocking,
            Training = link.Training,
            Seconds = seconds,
            Model = link.Model.ToJson(),
        };
    }

    /// <summary>NAME.rejected.csv beside the output.</summary>
    public static string DefaultRejectedPath(string output)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(output)) ?? ".";
        return Path.Combine(directory, Path.GetFileNameWithoutExtension(output) + ".rejected.csv");
    }

    /// <summary>Each file's name in the output: its file name, or the path as given when two files share a name.</summary>
    internal static string[] SourceNames(IReadOnlyList<string> files)
    {
        var names = files.Select(f => Path.GetFileName(f)).ToArray();
        if (names.Distinct(StringComparer.Ordinal).Count() == names.Length)
        {
            return names;
        }

        var paths = files.Select(f => f.Replace('\\', '/')).ToArray();
        if (paths.Distinct(StringComparer.Ordinal).Count() != paths.Length)
        {
            throw new ArgumentException("A file is given twice: " + string.Join(", ", paths.GroupBy(p => p, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key)) + ".");
        }

        return paths;
    }

    private static long CandidatePairsPossible(int compared, bool linkOnly, List<LinkedFile> files)
    {
        long all = (long)compared * (compared - 1) / 2;
        if (linkOnly)
        {
            foreach (var file in files)
            {
                all -= file.RowsCompared * (file.RowsCompared - 1) / 2;
            }
        }

        return all;
    }

    private static long WriteOutput(string path, List<OutputRow> rows, Func<OutputRow, long> clusterOf)
    {
        CreateDirectoryFor(path);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.NewLine = "\n";
        writer.WriteLine(string.Join(',', OutputColumns));
        long written = 0;
        foreach (var row in rows)
        {
            writer.Write(Csv(row.Source));
            writer.Write(',');
            writer.Write(Csv(row.Id));
            writer.Write(',');
            writer.WriteLine(clusterOf(row).ToString(CultureInfo.InvariantCulture));
            written++;
        }

        return written;
    }

    private static void WriteRejected(string path, List<(string Source, long Line, string? Id, string Reason, bool InOutput)> rejected)
    {
        CreateDirectoryFor(path);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.NewLine = "\n";
        writer.WriteLine("source_file,line,record_id,reason,in_clusters");
        foreach (var (source, line, id, reason, inOutput) in rejected)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Csv(source)},{line},{Csv(id ?? string.Empty)},{reason},{(inOutput ? "yes" : "no")}"));
        }
    }

    private static void WriteReview(string path, LinkResult link)
    {
        CreateDirectoryFor(path);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.NewLine = "\n";
        writer.WriteLine("source_file_1,record_id_1,source_file_2,record_id_2,probability,match_weight,reason");
        foreach (var item in link.Review)
        {
            var (leftSource, leftId) = Named(link.Records[item.Pair.Left]);
            var (rightSource, rightId) = Named(link.Records[item.Pair.Right]);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Csv(leftSource)},{Csv(leftId)},{Csv(rightSource)},{Csv(rightId)},{item.Probability:0.000000},{item.Pair.Weight:0.00},{Csv(item.Reason)}"));
        }
    }

    /// <summary>A record's file and id, from its source key (see <see cref="LinkRowMapper.SourceKeyOf"/>).</summary>
    private static (string Source, string Id) Named(MatchRecord record)
    {
        var source = record.Source ?? string.Empty;
        return (source, record.SourceKey[(source.Length + 1)..]);
    }

    private static void CreateDirectoryFor(string path)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }
    }

    /// <summary>A field quoted as RFC 4180 asks when it holds a comma, a quote or a line break.</summary>
    internal static string Csv(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    /// <summary>A row of the output: its file, its id, and its index among the compared records (-1 when not compared).</summary>
    private sealed record OutputRow(string Source, string Id, int Record);
}
