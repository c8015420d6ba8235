using Hearth.Core.Matching;

namespace Hearth.Services.Linking;

/// <summary>Measure a clusters file against a truth file.</summary>
/// <param name="Clusters">A clusters file: record_id and cluster_id, and source_file (as <c>hearth link</c> writes).</param>
/// <param name="Truth">A truth file: record_id and true_id, and optionally source_file.</param>
public sealed record EvaluateClustersCommand(string Clusters, string Truth);

/// <summary>How well a clusters file recovers the truth.</summary>
/// <param name="Metrics">Pairwise precision, recall and F1, B-cubed precision and recall, false merges and missed pairs.</param>
/// <param name="BySourceFile">Whether records were matched on source file and record id (both files have source_file), or on record id alone.</param>
public sealed record ClusterEvaluationResult(LinkageMetrics Metrics, bool BySourceFile);

/// <summary>
/// Compares a clusters file (<c>hearth link</c>'s output) with a truth file (<c>hearth bench truth</c>'s, or any with
/// record_id and true_id) through <see cref="LinkageMetrics"/>. Records are matched on source_file and record_id when
/// both files have source_file, else on record_id alone. Every record must be in both files, once: a record in only one
/// is an error that names it, so a measure never silently leaves records out.
/// </summary>
public static class ClusterEvaluation
{
    public static ClusterEvaluationResult Evaluate(EvaluateClustersCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var bySource = HasColumn(command.Clusters, "source_file") && HasColumn(command.Truth, "source_file");
        var clusters = Read(command.Clusters, "cluster_id", bySource, "--clusters");
        var truth = Read(command.Truth, "true_id", bySource, "--truth");

        var onlyClusters = clusters.Keys.Where(k => !truth.ContainsKey(k)).ToList();
        var onlyTruth = truth.Keys.Where(k => !clusters.ContainsKey(k)).ToList();
        if (onlyClusters.Count > 0 || onlyTruth.Count > 0)
        {
            var parts = new List<string>();
            if (onlyClusters.Count > 0)
            {
                parts.Add($"{onlyClusters.Count:N0} records of {command.Clusters} are not in {command.Truth} (for example {Examples(onlyClusters)})");
            }

            if (onlyTruth.Count > 0)
            {
                parts.Add($"{onlyTruth.Count:N0} records of {command.Truth} are not in {command.Clusters} (for example {Examples(onlyTruth)})");
            }

            throw new ArgumentException(string.Join("; and ", parts) + ". Both files must name the same records.");
        }

        var keys = clusters.Keys.Order(StringComparer.Ordinal).ToList();
        return new ClusterEvaluationResult(LinkageMetrics.Compute(keys.Select(k => clusters[k]).ToList(), keys.Select(k => truth[k]).ToList()), bySource);
    }

    private static string Examples(List<string> keys) => string.Join(", ", keys.Order(StringComparer.Ordinal).Take(3).Select(k => k.Replace('\u001F', '/')));

    private static bool HasColumn(string path, string column)
    {
        using var file = DelimitedFile.Open(path, null);
        return file.Header.Contains(column, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Each record's value of <paramref name="valueColumn"/>, keyed by record (source file, a unit separator, and id).</summary>
    private static Dictionary<string, string> Read(string path, string valueColumn, bool bySource, string option)
    {
        using var file = DelimitedFile.Open(path, null);
        int Index(string column)
        {
            var index = file.Header.ToList().FindIndex(h => string.Equals(h, column, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                throw new ArgumentException($"{option} {path} has no {column} column. Its header is: {string.Join(", ", file.Header)}.");
            }

            return index;
        }

        var id = Index("record_id");
        var value = Index(valueColumn);
        var source = bySource ? Index("source_file") : -1;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in file.Rows())
        {
            var recordId = row.Values[id];
            var recordValue = row.Values[value];
            if (string.IsNullOrEmpty(recordId) || string.IsNullOrEmpty(recordValue))
            {
                throw new ArgumentException($"{option} {path} line {row.Line} has no {(string.IsNullOrEmpty(recordId) ? "record_id" : valueColumn)}.");
            }

            var key = bySource ? (row.Values[source] ?? string.Empty) + '\u001F' + recordId : recordId;
            if (!result.TryAdd(key, recordValue))
            {
                throw new ArgumentException(bySource
                    ? $"{option} {path} names record {recordId} of {row.Values[source]} twice (line {row.Line})."
                    : $"{option} {path} names record {recordId} twice (line {row.Line}). If the ids repeat across files, give both files a source_file column.");
            }
        }

        return result;
    }
}
