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

    /// <summary>A scorer for the model and settings.</summary>
    public PairScorer(MatchModel model, LinkSettings settings)
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
        }
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
