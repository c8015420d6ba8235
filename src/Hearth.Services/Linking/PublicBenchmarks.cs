using Hearth.Core.Matching;

namespace Hearth.Services.Linking;

/// <summary>
/// A labelled public data set and how it is linked: the files, the id column and the role of each column, as an
/// analyst would give them to <c>hearth link</c>. The data is in tests/data/benchmarks (see its README for sources and
/// licences), each folder with its truth.csv.
/// </summary>
/// <param name="Name">The folder's name (febrl4).</param>
/// <param name="Files">The data files in the folder.</param>
/// <param name="IdColumn">The column naming each record.</param>
/// <param name="Map">The role specs.</param>
/// <param name="LinkOnly">Link across the files only.</param>
/// <param name="TrueIdColumn">The column holding the true id, if the truth is a column.</param>
/// <param name="TrueIdPattern">The pattern on the id whose first group is the true id, if the truth is in the id.</param>
public sealed record PublicBenchmark(string Name, IReadOnlyList<string> Files, string IdColumn, IReadOnlyList<string> Map, bool LinkOnly, string? TrueIdColumn, string? TrueIdPattern)
{
    /// <summary>The folder's truth file.</summary>
    public const string TruthFile = "truth.csv";

    /// <summary>The data files' paths under <paramref name="data"/>.</summary>
    public IReadOnlyList<string> Paths(string data) => [.. Files.Select(f => Path.Combine(data, Name, f))];

    /// <summary>The truth file's path under <paramref name="data"/>.</summary>
    public string TruthPath(string data) => Path.Combine(data, Name, TruthFile);

    /// <summary>The link command for this data set, writing to <paramref name="output"/>.</summary>
    public LinkFilesCommand LinkCommand(string data, string output, LinkSettings? settings = null) =>
        new(Paths(data), IdColumn, Map, output) { Settings = (settings ?? new LinkSettings()) with { LinkOnly = LinkOnly } };

    /// <summary>The command that writes the truth file.</summary>
    public WriteTruthCommand TruthCommand(string data, string output) =>
        new(Paths(data), IdColumn, output) { TrueIdColumn = TrueIdColumn, TrueIdPattern = TrueIdPattern };

    /// <summary>The <c>hearth link</c> command line a reader types to reproduce the figure, from the repository's root.</summary>
    public string LinkCommandLine(string data, string output) =>
        "hearth link " + string.Join(' ', Paths(data).Select(p => p.Replace('\\', '/'))) + " --id " + IdColumn + " --map " + string.Join(' ', Map)
        + (LinkOnly ? " --link-only" : string.Empty) + " --out " + output;

    /// <summary>The <c>hearth evaluate</c> command line.</summary>
    public string EvaluateCommandLine(string data, string clusters) =>
        "hearth evaluate --clusters " + clusters + " --truth " + TruthPath(data).Replace('\\', '/');
}

/// <summary>The public benchmarks Hearth reports: FEBRL 1 to 4 and Splink's fake_1000.</summary>
public static class PublicBenchmarks
{
    /// <summary>The data's folder in the repository.</summary>
    public const string Folder = "tests/data/benchmarks";

    private static readonly string[] FebrlMap =
    [
        "forenames=given_name", "surname=surname", "dob=date_of_birth", "address=street_number+address_1+address_2", "town=suburb",
        "postcode=postcode", "identifier=soc_sec_id",
    ];

    // FEBRL ids are rec-N-org and rec-N-dup-K: the same N is the same person.
    private const string FebrlTruth = @"^rec-(\d+)-";

    public static IReadOnlyList<PublicBenchmark> All { get; } =
    [
        new("febrl1", ["dataset1.csv"], "rec_id", FebrlMap, false, null, FebrlTruth),
        new("febrl2", ["dataset2.csv"], "rec_id", FebrlMap, false, null, FebrlTruth),
        new("febrl3", ["dataset3.csv"], "rec_id", FebrlMap, false, null, FebrlTruth),
        new("febrl4", ["dataset4a.csv", "dataset4b.csv"], "rec_id", FebrlMap, true, null, FebrlTruth),
        new("fake_1000", ["fake_1000.csv"], "unique_id", ["forenames=first_name", "surname=surname", "dob=dob", "town=city", "email=email"], false, "cluster", null),
    ];

    /// <summary>The data folder: the one given, else tests/data/benchmarks found from the current folder up.</summary>
    /// <exception cref="ArgumentException">There is no such folder.</exception>
    public static string FindData(string? given)
    {
        if (given is not null)
        {
            return Directory.Exists(given) ? given : throw new ArgumentException($"The benchmark folder {given} does not exist.");
        }

        var directory = new DirectoryInfo(Directory.GetCurrentDirectory());
        while (directory is not null)
        {
            var candidate = Path.Combine(directory.FullName, Folder);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }

            directory = directory.Parent;
        }

        throw new ArgumentException($"No {Folder} folder was found from {Directory.GetCurrentDirectory()} up; run from the repository or give --data.");
    }
}
