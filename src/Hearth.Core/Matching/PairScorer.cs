namespace Hearth.Core.Matching;

/// <summary>
/// The match weight of one pair as a run decides it: the model's weight, held below the match threshold when nothing
/// but names weighs for the pair, and raised above it by the deterministic NHS number rule. The full run and the
/// incremental resolver score pairs with this one class, so the two agree on every pair.
/// </summary>
public sealed class PairScorer
{
    private readonly MatchModel _model;
    private readonly LinkSettings _settings;
    private readonly int _forename = -1;
    private readonly double _deterministicWeight;
    private readonly FeatureTable? _table;
    private readonly double[]?[] _exactWeightById;
    private readonly int _nhsNumber = -1;

    /// <summary>A scorer for the model and settings; with a feature table, it can also score pairs by record index, fast.</summary>
    public PairScorer(MatchModel model, LinkSettings settings, FeatureTable? table = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        _model = model;
        _settings = settings;
        ReviewWeight = MatchModel.WeightOf(settings.ReviewThreshold);
        MatchWeight = MatchModel.WeightOf(settings.MatchThreshold);
        _deterministicWeight = Math.Max(MatchWeight + 10, 40);
        for (var c = 0; c < model.Comparisons.Count; c++)
        {
            if (model.Comparisons[c].Name == "forename")
            {
                _forename = c;
            }

            // The deterministic rule needs the same valid NHS number: the nhs_number comparison's exact level says so.
            if (model.Comparisons[c] is IdentifierComparison { Name: "nhs_number", FeatureWidth: > 0 })
            {
                _nhsNumber = c;
            }
        }

        _table = table;
        _exactWeightById = new double[]?[model.Comparisons.Count];
        if (table is not null)
        {
            // An exact agreement's weight depends on the value (its frequency): worked out once per distinct value, exactly
            // as MatchModel.LevelWeight works it out for a record holding it.
            for (var c = 0; c < model.Comparisons.Count; c++)
            {
                if (model.Comparisons[c].TermFrequencyFeature < 0)
                {
                    continue;
                }

                var byId = new double[table.Context.Count];
                Array.Fill(byId, double.NaN);
                for (var i = 0; i < table.Records.Count; i++)
                {
                    var id = table.TermFrequencyId(c, i);
                    if (id >= 0 && double.IsNaN(byId[id]))
                    {
                        byId[id] = model.LevelWeight(c, 0, table.Records[i]);
                    }
                }

                _exactWeightById[c] = byId;
            }
        }
    }

    /// <summary>
    /// The weight of the pair of records at these indexes of the feature table: the same as <see cref="Weight(MatchRecord, MatchRecord, Span{sbyte})"/>
    /// on the records, without touching them for most pairs.
    /// </summary>
    public double Weight(int left, int right, Span<sbyte> levels)
    {
        var table = _table ?? throw new InvalidOperationException("This scorer has no feature table; score the records.");
        var weight = _model.PriorWeight;
        var comparisons = _model.Comparisons;
        for (var c = 0; c < comparisons.Count; c++)
        {
            var level = table.Compare(c, left, right);
            levels[c] = (sbyte)level;
            if (level != Comparison.NoEvidence)
            {
                weight += LevelWeight(c, level, left);
            }
        }

        if (_settings.NamesAloneNeverMatch && NamesAlone(left, levels))
        {
            weight = Math.Min(weight, MatchWeight - 0.01);
        }

        if (_settings.SameNhsNumberIsAMatch && (_nhsNumber < 0 || levels[_nhsNumber] == 0)
            && Linker.IsDeterministicMatch(table.Records[left], table.Records[right])
            && (_forename < 0 || levels[_forename] != comparisons[_forename].Levels.Count - 1))
        {
            weight = Math.Max(weight, _deterministicWeight);
        }

        return weight;
    }

    private double LevelWeight(int comparison, int level, int left)
    {
        if (level == 0 && _exactWeightById[comparison] is { } byId && _table!.TermFrequencyId(comparison, left) is >= 0 and var id)
        {
            // A value first seen after the scorer was made (a table that grows) is worked out from its record.
            return id < byId.Length && !double.IsNaN(byId[id]) ? byId[id] : _model.LevelWeight(comparison, 0, _table.Records[left]);
        }

        return _model.BaseWeight(comparison, level);
    }

    private bool NamesAlone(int left, ReadOnlySpan<sbyte> levels)
    {
        var comparisons = _model.Comparisons;
        for (var c = 0; c < comparisons.Count; c++)
        {
            if (levels[c] != Comparison.NoEvidence && comparisons[c].Name is not ("forename" or "surname" or "sex") && LevelWeight(c, levels[c], left) > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The weight at and above which a pair goes to review.</summary>
    public double ReviewWeight { get; }

    /// <summary>The weight at and above which a pair is joined (unless a guard refuses).</summary>
    public double MatchWeight { get; }

    /// <summary>The model the scorer uses.</summary>
    public MatchModel Model => _model;

    /// <summary>The pair's weight; <paramref name="levels"/> (one per comparison) receives each comparison's level.</summary>
    public double Weight(MatchRecord left, MatchRecord right, Span<sbyte> levels)
    {
        var weight = _model.Score(left, right, levels);
        if (_settings.NamesAloneNeverMatch && Linker.NamesAlone(_model, left, levels))
        {
            // Two records that share only a name (and perhaps sex) may be namesakes: a person decides.
            weight = Math.Min(weight, MatchWeight - 0.01);
        }

        if (_settings.SameNhsNumberIsAMatch && Linker.IsDeterministicMatch(left, right)
            && (_forename < 0 || levels[_forename] != _model.Comparisons[_forename].Levels.Count - 1))
        {
            weight = Math.Max(weight, _deterministicWeight);
        }

        return weight;
    }
}
