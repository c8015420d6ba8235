using System.Globalization;

namespace Hearth.Core.Matching;

/// <summary>
/// Where the true pairs a linking run missed could have been found, measured against labelled data.
/// </summary>
/// <param name="TruePairs">Pairs of records that are one person.</param>
/// <param name="CandidateTruePairs">True pairs that blocking made candidates, so they were scored.</param>
/// <param name="ReachableTruePairs">
/// True pairs joined by a chain of candidate true pairs (blocking's real ceiling, since clustering is transitive).
/// </param>
/// <param name="CorroboratedTruePairs">
/// True pairs joined by a chain of records that share something beyond their names: a date of birth (or its day and
/// month transposed), an identifier, a property, a postcode, an email address or a phone number. A matcher that never
/// joins records on names alone cannot do better than this.
/// </param>
public sealed record TruthDiagnostics(long TruePairs, long CandidateTruePairs, long ReachableTruePairs, long CorroboratedTruePairs)
{
    /// <summary>The share of true pairs that blocking scored.</summary>
    public double CandidateRecall => Share(CandidateTruePairs);

    /// <summary>The best recall the candidate pairs allow: one minus the recall lost to blocking.</summary>
    public double BlockingRecall => Share(ReachableTruePairs);

    /// <summary>The best recall possible without joining records on names alone.</summary>
    public double CorroboratedRecall => Share(CorroboratedTruePairs);

    private double Share(long pairs) => TruePairs == 0 ? 1 : (double)pairs / TruePairs;

    /// <summary>Measures the candidate pairs and the corroborating evidence against true ids (parallel to the records).</summary>
    /// <param name="records">The records, in the order the candidate pairs index.</param>
    /// <param name="truth">Each record's true person.</param>
    /// <param name="candidates">The candidate pairs blocking produced over <paramref name="records"/>.</param>
    public static TruthDiagnostics Measure(IReadOnlyList<MatchRecord> records, IReadOnlyList<string> truth, IEnumerable<long> candidates)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(candidates);
        if (records.Count != truth.Count)
        {
            throw new ArgumentException("Every record needs a true id.", nameof(truth));
        }

        var truePairs = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var person in truth)
        {
            truePairs[person] = truePairs.GetValueOrDefault(person) + 1;
        }

        var total = truePairs.Values.Sum(n => n * (n - 1) / 2);

        var reachable = new DisjointSets(records.Count);
        long candidateTrue = 0;
        foreach (var pair in candidates)
        {
            var (left, right) = (CandidatePairs.Left(pair), CandidatePairs.Right(pair));
            if (string.Equals(truth[left], truth[right], StringComparison.Ordinal))
            {
                candidateTrue++;
                reachable.Union(left, right);
            }
        }

        // Corroboration: within each true person, records that share any value beyond their names are joined.
        var corroborated = new DisjointSets(records.Count);
        var firstWithValue = new Dictionary<(string Person, string Value), int>();
        for (var i = 0; i < records.Count; i++)
        {
            foreach (var value in Corroborating(records[i]))
            {
                if (firstWithValue.TryGetValue((truth[i], value), out var first))
                {
                    corroborated.Union(first, i);
                }
                else
                {
                    firstWithValue[(truth[i], value)] = i;
                }
            }
        }

        return new TruthDiagnostics(total, candidateTrue, reachable.PairsWithin(), corroborated.PairsWithin());
    }

    private static IEnumerable<string> Corroborating(MatchRecord record)
    {
        if (record.DateOfBirth is { } d)
        {
            // The same key for a date and its day and month transposed.
            var (low, high) = d.Day <= d.Month ? (d.Day, d.Month) : (d.Month, d.Day);
            yield return string.Create(CultureInfo.InvariantCulture, $"dob|{d.Year}|{low}|{high}");
        }

        if ((record.NhsNumber ?? record.NhsNumberUnchecked) is { } nhs)
        {
            yield return "nhs|" + nhs;
        }

        if ((record.Upn ?? record.UpnUnchecked) is { } upn)
        {
            yield return "upn|" + upn;
        }

        if (record.Nino is { } nino)
        {
            yield return "nino|" + nino;
        }

        if (record.Identifier is { } identifier)
        {
            yield return "id|" + identifier;
        }

        if (record.Uprn is { } uprn)
        {
            yield return "uprn|" + uprn.ToString(CultureInfo.InvariantCulture);
        }

        if (record.Postcode is { } postcode)
        {
            yield return "postcode|" + postcode;
        }

        if (record.Email is { } email)
        {
            yield return "email|" + email;
        }

        if (record.Phone is { } phone)
        {
            yield return "phone|" + phone;
        }
    }

    /// <summary>Union-find over record indexes, counting the pairs inside its sets.</summary>
    private sealed class DisjointSets
    {
        private readonly int[] _parent;

        public DisjointSets(int count)
        {
            _parent = new int[count];
            for (var i = 0; i < count; i++)
            {
                _parent[i] = i;
            }
        }

        public int Find(int i)
        {
            while (_parent[i] != i)
            {
                _parent[i] = _parent[_parent[i]];
                i = _parent[i];
            }

            return i;
        }

        public void Union(int a, int b)
        {
            a = Find(a);
            b = Find(b);
            if (a != b)
            {
                _parent[Math.Max(a, b)] = Math.Min(a, b);
            }
        }

        public long PairsWithin()
        {
            var sizes = new Dictionary<int, long>();
            for (var i = 0; i < _parent.Length; i++)
            {
                var root = Find(i);
                sizes[root] = sizes.GetValueOrDefault(root) + 1;
            }

            return sizes.Values.Sum(n => n * (n - 1) / 2);
        }
    }
}
