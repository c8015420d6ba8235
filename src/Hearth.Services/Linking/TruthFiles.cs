using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Hearth.Services.Linking;

/// <summary>Write the truth of labelled files in the form <c>hearth evaluate --truth</c> reads.</summary>
/// <param name="Files">The labelled files.</param>
/// <param name="IdColumn">The column that names each row, as given to <c>hearth link --id</c>.</param>
/// <param name="Output">The truth file: source_file, record_id, true_id.</param>
public sealed record WriteTruthCommand(IReadOnlyList<string> Files, string IdColumn, string Output)
{
    /// <summary>The column holding the true person id (fake_1000's <c>cluster</c>).</summary>
    public string? TrueIdColumn { get; init; }

    /// <summary>
    /// A regular expression on the id whose first group is the true person id (FEBRL's <c>^rec-(\d+)</c>: rec-12-org
    /// and rec-12-dup-0 are one person).
    /// </summary>
    public string? TrueIdPattern { get; init; }

    /// <summary>The separator of every file, or null to detect it.</summary>
    public char? Separator { get; init; }
}

/// <summary>What the truth holds.</summary>
/// <param name="Records">Records written.</param>
/// <param name="People">Distinct true ids.</param>
/// <param name="TruePairs">Pairs of records that are one person.</param>
public sealed record WriteTruthResult(long Records, long People, long TruePairs);

/// <summary>
/// Turns the labels of a benchmark into truth.csv, so that anyone can reproduce a figure with <c>hearth link</c> and
/// <c>hearth evaluate</c>. A row without an id or a true id is an error: a truth file with holes would flatter the measure.
/// </summary>
public static class TruthFiles
{
    public static WriteTruthResult Write(WriteTruthCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if ((command.TrueIdColumn is null) == (command.TrueIdPattern is null))
        {
            throw new ArgumentException("Say where the true id is: a column (--true-id-column) or a pattern on the id (--true-id-pattern), not both.");
        }

        var pattern = command.TrueIdPattern is { } text ? new Regex(text, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)) : null;
        var sources = FileLinkService.SourceNames(command.Files);
        var people = new Dictionary<string, long>(StringComparer.Ordinal);
        long records = 0;
        if (Path.GetDirectoryName(Path.GetFullPath(command.Output)) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        using (var writer = new StreamWriter(command.Output, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            writer.NewLine = "\n";
            writer.WriteLine("source_file,record_id,true_id");
            for (var f = 0; f < command.Files.Count; f++)
            {
                using var file = DelimitedFile.Open(command.Files[f], command.Separator);
                var header = file.Header.ToList();
                int Index(string column) => header.FindIndex(h => string.Equals(h, column, StringComparison.OrdinalIgnoreCase)) is var i and >= 0
                    ? i
                    : throw new ArgumentException($"{command.Files[f]} has no {column} column. Its header is: {string.Join(", ", header)}.");
                var id = Index(command.IdColumn);
                var trueColumn = command.TrueIdColumn is { } column ? Index(column) : -1;
                foreach (var row in file.Rows())
                {
                    var recordId = row.Values[id];
                    if (string.IsNullOrEmpty(recordId))
                    {
                        throw new ArgumentException($"{command.Files[f]} line {row.Line} has no {command.IdColumn}.");
                    }

                    string? trueId;
                    if (pattern is not null)
                    {
                        var match = pattern.Match(recordId);
                        trueId = !match.Success ? null : match.Groups.Count > 1 ? match.Groups[1].Value : match.Value;
                    }
                    else
                    {
                        trueId = row.Values[trueColumn];
                    }

                    if (string.IsNullOrEmpty(trueId))
                    {
                        throw new ArgumentException($"{command.Files[f]} line {row.Line} ({recordId}) has no true id.");
                    }

                    writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{FileLinkService.Csv(sources[f])},{FileLinkService.Csv(recordId)},{FileLinkService.Csv(trueId)}"));
                    people[trueId] = people.GetValueOrDefault(trueId) + 1;
                    records++;
                }
            }
        }

        return new WriteTruthResult(records, people.Count, people.Values.Sum(n => n * (n - 1) / 2));
    }
}
