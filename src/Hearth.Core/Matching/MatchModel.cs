using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hearth.Core.Matching;

/// <summary>
/// A Fellegi-Sunter model: for each comparison level, m (how often true matches fall in it) and u (how often
/// non-matches do), and the prior chance that two records are one person. A pair's match weight is the prior's log-odds
/// plus, for every comparison with evidence, log2(m / u) of its level; an exact agreement on a name uses the name's own
/// frequency for u, so a rare surname counts for more than a common one. Immutable and safe to share between threads.
/// </summary>
public sealed class MatchModel
{
    /// <summary>u never falls below this, so that no single level can outweigh everything else.</summary>
    public const double MinimumProbability = 1e-6;

    private readonly double[][] _weights;
    private readonly IReadOnlyDictionary<string, double>?[] _frequencies;

    /// <summary>Creates a model; m and u are per comparison, per level.</summary>
    public MatchModel(IReadOnlyList<Comparison> comparisons, double[][] m, double[][] u, double prior, IReadOnlyList<IReadOnlyDictionary<string, double>?>? termFrequencies = null)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(u);
        if (m.Length != comparisons.Count || u.Length != comparisons.Count)
        {
            throw new ArgumentException("m and u need one row per comparison.", nameof(m));
        }

        for (var c = 0; c < comparisons.Count; c++)
        {
            if (m[c].Length != comparisons[c].Levels.Count || u[c].Length != comparisons[c].Levels.Count)
            {
                throw new ArgumentException($"Comparison {comparisons[c].Name} has {comparisons[c].Levels.Count} levels; m and u must have as many.", nameof(m));
            }
        }

        if (prior is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(prior), prior, "The prior is a probability strictly between 0 and 1.");
        }

        Comparisons = comparisons;
        M = m;
        U = u;
        Prior = prior;
        _frequencies = new IReadOnlyDictionary<string, double>?[comparisons.Count];
        for (var c = 0; c < comparisons.Count; c++)
        {
            _frequencies[c] = termFrequencies is not null && c < termFrequencies.Count ? termFrequencies[c] : null;
        }

        _weights = new double[comparisons.Count][];
        for (var c = 0; c < comparisons.Count; c++)
        {
            _weights[c] = new double[m[c].Length];
            for (var l = 0; l < m[c].Length; l++)
            {
                _weights[c][l] = Math.Log2(Math.Max(m[c][l], MinimumProbability) / Math.Max(u[c][l], MinimumProbability));
            }
        }
    }

    /// <summary>The comparisons, in order.</summary>
    public IReadOnlyList<Comparison> Comparisons { get; }

    /// <summary>m-probabilities per comparison and level.</summary>
    public double[][] M { get; }

    /// <summary>u-probabilities per comparison and level.</summary>
    public double[][] U { get; }

    /// <summary>The prior probability that two records are the same person (λ).</summary>
    public double Prior { get; }

    /// <summary>The prior as a match weight: log2(λ / (1 - λ)).</summary>
    public double PriorWeight => Math.Log2(Prior / (1 - Prior));

    /// <summary>Turns a match weight into a probability.</summary>
    public static double Probability(double weight) => 1 / (1 + Math.Pow(2, -weight));

    /// <summary>Turns a probability into a match weight.</summary>
    public static double WeightOf(double probability) => Math.Log2(probability / (1 - probability));

    /// <summary>A copy with other term-frequency tables (one per comparison, null where not adjusted).</summary>
    public MatchModel WithTermFrequencies(IReadOnlyList<IReadOnlyDictionary<string, double>?> termFrequencies) => new(Comparisons, M, U, Prior, termFrequencies);

    /// <summary>The weight of one comparison's level, before any term-frequency adjustment.</summary>
    public double BaseWeight(int comparison, int level) => _weights[comparison][level];

    /// <summary>The weight of one comparison's level for this pair (term-frequency adjusted on exact agreement).</summary>
    public double LevelWeight(int comparison, int level, MatchRecord left)
    {
        if (level == 0 && _frequencies[comparison] is { } table && Comparisons[comparison].TermFrequencyValue(left) is { } value
            && table.TryGetValue(value, out var frequency))
        {
            return Math.Log2(Math.Max(M[comparison][0], MinimumProbability) / Math.Max(frequency, MinimumProbability));
        }

        return _weights[comparison][level];
    }

    /// <summary>Compares two records on every comparison, writing each level to <paramref name="levels"/>; returns the match weight.</summary>
    public double Score(MatchRecord left, MatchRecord right, Span<sbyte> levels)
    {
        var weight = PriorWeight;
        for (var c = 0; c < Comparisons.Count; c++)
        {
            var level = Comparisons[c].Compare(left, right);
            levels[c] = (sbyte)level;
            if (level != Comparison.NoEvidence)
            {
                weight += LevelWeight(c, level, left);
            }
        }

        return weight;
    }

    /// <summary>The match weight of two records.</summary>
    public double Score(MatchRecord left, MatchRecord right)
    {
        Span<sbyte> levels = stackalloc sbyte[Comparisons.Count];
        return Score(left, right, levels);
    }

    /// <summary>Why two records score as they do: the prior, then each comparison's level, values and weight.</summary>
    public MatchExplanation Explain(MatchRecord left, MatchRecord right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var steps = new List<ExplanationStep>(Comparisons.Count);
        var total = PriorWeight;
        for (var c = 0; c < Comparisons.Count; c++)
        {
            var comparison = Comparisons[c];
            var level = comparison.Compare(left, right);
            var evidence = level != Comparison.NoEvidence;
            var weight = evidence ? LevelWeight(c, level, left) : 0;
            var adjusted = evidence && level == 0 && Math.Abs(weight - _weights[c][0]) > 1e-12;
            total += weight;
            steps.Add(new ExplanationStep(
                comparison.Name,
                evidence ? comparison.Levels[level] : "no evidence (missing)",
                level,
                comparison.Describe(left),
                comparison.Describe(right),
                weight,
                evidence ? M[c][level] : null,
                evidence ? U[c][level] : null,
                adjusted));
        }

        return new MatchExplanation(left.SourceKey, right.SourceKey, PriorWeight, steps, total, Probability(total));
    }

    /// <summary>The model's parameters as JSON, to store with a run (term frequencies are recomputed from the records).</summary>
    public string ToJson()
    {
        var comparisons = new JsonArray();
        for (var c = 0; c < Comparisons.Count; c++)
        {
            comparisons.Add(new JsonObject
            {
                ["name"] = Comparisons[c].Name,
                ["levels"] = new JsonArray([.. Comparisons[c].Levels.Select(l => (JsonNode)JsonValue.Create(l))]),
                ["m"] = new JsonArray([.. M[c].Select(v => (JsonNode)JsonValue.Create(Math.Round(v, 8)))]),
                ["u"] = new JsonArray([.. U[c].Select(v => (JsonNode)JsonValue.Create(Math.Round(v, 10)))]),
            });
        }

        return new JsonObject { ["prior"] = Prior, ["comparisons"] = comparisons }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Reads parameters written by <see cref="ToJson"/> onto these comparisons (matched by name).</summary>
    public static MatchModel FromJson(string json, IReadOnlyList<Comparison> comparisons)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        var root = JsonNode.Parse(json) ?? throw new FormatException("The model is empty.");
        var prior = root["prior"]?.GetValue<double>() ?? throw new FormatException("The model has no prior.");
        var byName = (root["comparisons"] as JsonArray ?? throw new FormatException("The model has no comparisons."))
            .OfType<JsonObject>()
            .ToDictionary(o => o["name"]?.GetValue<string>() ?? throw new FormatException("A comparison has no name."), StringComparer.Ordinal);
        var m = new double[comparisons.Count][];
        var u = new double[comparisons.Count][];
        for (var c = 0; c < comparisons.Count; c++)
        {
            if (!byName.TryGetValue(comparisons[c].Name, out var stored))
            {
                throw new FormatException($"The model has no parameters for the {comparisons[c].Name} comparison.");
            }

            m[c] = [.. (stored["m"] as JsonArray ?? []).Select(v => v!.GetValue<double>())];
            u[c] = [.. (stored["u"] as JsonArray ?? []).Select(v => v!.GetValue<double>())];
        }

        return new MatchModel(comparisons, m, u, prior);
    }

    /// <summary>A table of the model's parameters, for people.</summary>
    public override string ToString()
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"prior λ = {Prior:G4} (weight {PriorWeight:0.00})");
        for (var c = 0; c < Comparisons.Count; c++)
        {
            for (var l = 0; l < Comparisons[c].Levels.Count; l++)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{Comparisons[c].Name,-10} {Comparisons[c].Levels[l],-40} m={M[c][l]:0.0000} u={U[c][l]:0.000000} w={_weights[c][l]:+0.00;-0.00}");
            }
        }

        return text.ToString();
    }
}

/// <summary>One comparison's part in a match weight.</summary>
/// <param name="Comparison">The comparison's name.</param>
/// <param name="Level">The level's description, or no evidence.</param>
/// <param name="LevelIndex">The level's index, or <see cref="Comparison.NoEvidence"/>.</param>
/// <param name="LeftValue">The first record's value.</param>
/// <param name="RightValue">The second record's value.</param>
/// <param name="Weight">The weight it adds (log2 m/u), 0 for no evidence.</param>
/// <param name="M">The level's m-probability.</param>
/// <param name="U">The level's u-probability.</param>
/// <param name="TermFrequencyAdjusted">The weight used the value's own frequency instead of u.</param>
public sealed record ExplanationStep(string Comparison, string Level, int LevelIndex, string? LeftValue, string? RightValue, double Weight, double? M, double? U, bool TermFrequencyAdjusted);

/// <summary>A waterfall: the prior, each comparison's weight, and the total with its probability.</summary>
/// <param name="Left">The first record's source key.</param>
/// <param name="Right">The second record's source key.</param>
/// <param name="PriorWeight">Where the waterfall starts.</param>
/// <param name="Steps">Each comparison in turn.</param>
/// <param name="Weight">The total match weight.</param>
/// <param name="Probability">The match probability.</param>
public sealed record MatchExplanation(string Left, string Right, double PriorWeight, IReadOnlyList<ExplanationStep> Steps, double Weight, double Probability);
