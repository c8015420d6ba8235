using System.Data.Common;
using Dapper;
using Hearth.Core.Matching;
using Hearth.Services.Matching;

namespace Hearth.Services.Portal;

/// <summary>
/// Explains matches for the portal: the latest run's model with term frequencies over every current record, built
/// once per match run and kept, so that explaining a golden record reads only its members.
/// </summary>
public sealed class MatchExplainer(NameEquivalents equivalents)
{
    private readonly Lock _lock = new();
    private long _runId = -1;
    private MatchModel? _model;

    public MatchModel? Model(DbConnection connection, DbTransaction? transaction)
    {
        var run = connection.QueryFirstOrDefault<(long Id, string Model)?>("SELECT id, model FROM match_runs WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1", transaction: transaction);
        if (run is not { } latest)
        {
            return null;
        }

        lock (_lock)
        {
            if (latest.Id != _runId || _model is null)
            {
                var comparisons = MatchService.Comparisons(equivalents);
                var records = PersonRecordReader.CurrentIn(connection, transaction).Select(p => p.ToMatchRecord()).ToList();
                _model = MatchModel.FromJson(latest.Model, comparisons).WithTermFrequencies(ParameterEstimation.TermFrequencies(records, comparisons));
                _runId = latest.Id;
            }

            return _model;
        }
    }

    /// <summary>Each member against the other member it links to most strongly (a spanning view of why they were joined).</summary>
    public IReadOnlyList<(StoredPerson Left, StoredPerson Right, MatchExplanation Explanation, bool Deterministic)> ExplainMembers(DbConnection connection, DbTransaction? transaction, IReadOnlyList<StoredPerson> members, int limit)
    {
        if (members.Count < 2 || Model(connection, transaction) is not { } model)
        {
            return [];
        }

        var records = members.Select(m => m.ToMatchRecord()).ToList();
        var explained = new List<(StoredPerson, StoredPerson, MatchExplanation, bool)>();
        for (var i = 1; i < members.Count && explained.Count < limit; i++)
        {
            var best = Enumerable.Range(0, members.Count).Where(j => j != i).OrderByDescending(j => model.Score(records[i], records[j])).ThenBy(j => j).First();
            explained.Add((members[i], members[best], model.Explain(records[i], records[best]), Linker.IsDeterministicMatch(records[i], records[best])));
        }

        return explained;
    }

    public (MatchExplanation Explanation, bool Deterministic)? ExplainPair(DbConnection connection, DbTransaction? transaction, StoredPerson left, StoredPerson right)
    {
        if (Model(connection, transaction) is not { } model)
        {
            return null;
        }

        var (a, b) = (left.ToMatchRecord(), right.ToMatchRecord());
        return (model.Explain(a, b), Linker.IsDeterministicMatch(a, b));
    }
}
