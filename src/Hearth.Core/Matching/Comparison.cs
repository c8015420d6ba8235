namespace Hearth.Core.Matching;

/// <summary>
/// One comparison of two records on one kind of evidence (forename, date of birth, NHS number). It sorts every pair
/// into one of its levels, from the strongest agreement to plain disagreement; each level gets its own weight in the
/// model. A comparison returns <see cref="NoEvidence"/> when either record lacks the value: missing is not disagreement.
/// </summary>
public abstract class Comparison
{
    /// <summary>The level returned when either record lacks the value.</summary>
    public const int NoEvidence = -1;

    /// <summary>A short name, used in settings, stored models and explanations (forename, dob).</summary>
    public abstract string Name { get; }

    /// <summary>The levels from strongest agreement to disagreement, described for a person reading an explanation.</summary>
    public abstract IReadOnlyList<string> Levels { get; }

    /// <summary>
    /// Starting m-probabilities (how often true matches fall in each level) for training; estimation replaces them.
    /// </summary>
    public abstract IReadOnlyList<double> StartingM { get; }

    /// <summary>The level two records fall in, or <see cref="NoEvidence"/>.</summary>
    public abstract int Compare(MatchRecord left, MatchRecord right);

    /// <summary>
    /// The value whose frequency adjusts the weight of an exact agreement (a shared rare surname says more than a shared
    /// common one), or null when the comparison has no term-frequency adjustment.
    /// </summary>
    public virtual string? TermFrequencyValue(MatchRecord record) => null;

    /// <summary>The record's value as a person reads it in an explanation.</summary>
    public abstract string? Describe(MatchRecord record);

    /// <summary>
    /// How many integer features per record this comparison's compiled form needs (<see cref="WriteFeatures"/>,
    /// <see cref="CompareFeatures"/>); 0 when it has none, and is then run on the records themselves. A compiled form
    /// must give exactly the level <see cref="Compare"/> gives, for every pair: it exists only to be fast.
    /// </summary>
    public virtual int FeatureWidth => 0;

    /// <summary>The position, among this comparison's features, of the interned <see cref="TermFrequencyValue"/>, or -1.</summary>
    public virtual int TermFrequencyFeature => -1;

    /// <summary>Writes a record's features (<see cref="FeatureWidth"/> of them), interning text through the context.</summary>
    public virtual void WriteFeatures(MatchRecord record, Span<int> features, FeatureContext context) =>
        throw new NotSupportedException($"Comparison {Name} has no compiled form.");

    /// <summary>The level of two records from their features: the same as <see cref="Compare"/> on the records.</summary>
    public virtual int CompareFeatures(ReadOnlySpan<int> left, ReadOnlySpan<int> right, FeatureContext context, PairMemo memo) =>
        throw new NotSupportedException($"Comparison {Name} has no compiled form.");
}
