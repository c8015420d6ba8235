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
}
