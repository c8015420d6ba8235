using System.Data.Common;
using System.Globalization;
using Dapper;
using Hearth.Core.Standardisation;
using Hearth.Core.Text;

namespace Hearth.Services.Portal;

/// <summary>
/// The names of every golden record, held in memory for fuzzy search: Jaro-Winkler similarity and Double Metaphone
/// codes, so "Jon Smyth" finds John Smith. Rebuilt when a new match run finishes. It finds candidates only; which of
/// them the user may see is decided in SQL by the scope filter.
/// </summary>
public sealed class PersonIndex
{
    private readonly Lock _lock = new();
    private long _runId = -1;
    private Entry[] _entries = [];

    /// <summary>Candidates for a name (and date of birth), best first, with a score between 0 and 1.</summary>
    public IEnumerable<(long Id, double Score)> Find(DbConnection connection, DbTransaction? transaction, string text, DateOnly? dateOfBirth, int limit)
    {
        var entries = Current(connection, transaction);
        var tokens = text.Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(Names.Key).OfType<string>().ToList();
        var dob = dateOfBirth?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var results = new List<(long Id, double Score)>();
        var surnameQuery = tokens.Count > 0 ? tokens[^1] : null;
        var forenameQuery = tokens.Count > 1 ? tokens[0] : null;
        var surnameCode = surnameQuery is null ? default : DoubleMetaphone.Encode(surnameQuery);
        foreach (var entry in entries)
        {
            double score;
            if (surnameQuery is null)
            {
                score = 0.9;
            }
            else if (forenameQuery is null)
            {
                // One word: a surname or a forename.
                score = Math.Max(NameScore(surnameQuery, surnameCode, entry.Surname, entry.SurnameCode), NameScore(surnameQuery, surnameCode, entry.Forename, entry.ForenameCode) - 0.02);
            }
            else
            {
                var straight = (0.6 * NameScore(surnameQuery, surnameCode, entry.Surname, entry.SurnameCode)) + (0.4 * ForenameScore(forenameQuery, entry.Forename));
                var swapped = (0.6 * NameScore(surnameQuery, surnameCode, entry.Forename, entry.ForenameCode)) + (0.4 * ForenameScore(forenameQuery, entry.Surname)) - 0.05;
                score = Math.Max(straight, swapped);
            }

            if (dob is not null)
            {
                if (entry.DateOfBirth == dob)
                {
                    score = Math.Min(1, score + 0.05);
                }
                else if (entry.DateOfBirth is { Length: 10 } other && OnePartDifferent(dob, other))
                {
                    score -= 0.08;
                }
                else
                {
                    continue;
                }
            }

            if (score >= 0.84)
            {
                results.Add((entry.Id, Math.Round(score, 3)));
            }
        }

        return results.OrderByDescending(r => r.Score).ThenBy(r => r.Id).Take(limit);
    }

    private static double NameScore(string query, PhoneticCode queryCode, string? name, PhoneticCode nameCode)
    {
        if (name is null)
        {
            return 0;
        }

        var similarity = Similarity.JaroWinkler(query, name);
        return DoubleMetaphone.Agree(queryCode, nameCode) ? Math.Max(similarity, 0.9) : similarity;
    }

    private static double ForenameScore(string query, string? name)
    {
        if (name is null)
        {
            return 0.5;
        }

        if (query.Length == 1)
        {
            return name[0] == query[0] ? 0.9 : 0;
        }

        return Similarity.JaroWinkler(query, name);
    }

    /// <summary>Same date but for one of day, month or year, or with day and month swapped: the usual typing slips.</summary>
    private static bool OnePartDifferent(string a, string b)
    {
        var (ay, am, ad) = (a[..4], a[5..7], a[8..]);
        var (by, bm, bd) = (b[..4], b[5..7], b[8..]);
        var same = (ay == by ? 1 : 0) + (am == bm ? 1 : 0) + (ad == bd ? 1 : 0);
        return same == 2 || (ay == by && am == bd && ad == bm);
    }

    private Entry[] Current(DbConnection connection, DbTransaction? transaction)
    {
        var run = connection.ExecuteScalar<long?>("SELECT MAX(id) FROM match_runs WHERE finished_at IS NOT NULL", transaction: transaction) ?? 0;
        lock (_lock)
        {
            if (run != _runId)
            {
                _entries = [.. connection.Query<(long Id, string? Forename, string? Surname, string? Dob)>(
                        "SELECT id, forename, surname, date_of_birth FROM golden_records WHERE retired_run_id IS NULL", transaction: transaction)
                    .Select(r =>
                    {
                        var forename = Names.Key(r.Forename);
                        var surname = Names.Key(r.Surname);
                        return new Entry(r.Id, forename, forename is null ? default : DoubleMetaphone.Encode(forename), surname, surname is null ? default : DoubleMetaphone.Encode(surname), r.Dob);
                    })];
                _runId = run;
            }

            return _entries;
        }
    }

    private sealed record Entry(long Id, string? Forename, PhoneticCode ForenameCode, string? Surname, PhoneticCode SurnameCode, string? DateOfBirth);
}
