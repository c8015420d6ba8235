using System.Globalization;

namespace Hearth.Core.Matching;

/// <summary>
/// Dates of birth with one more level than <see cref="DateOfBirthComparison"/>: exact; day and month transposed; one
/// part different; within a year of each other; different. Files from outside the store (an analyst's extract, a
/// survey) often hold a date a few days or months out in more than one part (1991-04-05 and 1991-05-06), which the
/// coarser comparison calls as different as two strangers' dates; this level lets the model learn how often such
/// near dates are one person. Named <c>dob</c>, like the comparison it stands in for.
/// </summary>
public sealed class CloseDateOfBirthComparison : Comparison
{
    /// <summary>The most days apart two dates may be to fall in the "within a year" level.</summary>
    public const int WithinDays = 366;

    private static readonly string[] LevelNames = ["exact", "day and month transposed", "one part different", "within a year", "different"];

    /// <inheritdoc/>
    public override string Name => "dob";

    /// <inheritdoc/>
    public override IReadOnlyList<string> Levels => LevelNames;

    /// <inheritdoc/>
    public override IReadOnlyList<double> StartingM { get; } = [0.93, 0.01, 0.03, 0.02, 0.01];

    /// <inheritdoc/>
    public override int Compare(MatchRecord left, MatchRecord right)
    {
        if (left.DateOfBirth is not { } a || right.DateOfBirth is not { } b)
        {
            return NoEvidence;
        }

        if (a == b)
        {
            return 0;
        }

        if (DateOfBirthComparison.Transposed(a, b))
        {
            return 1;
        }

        if (DateOfBirthComparison.OnePartDifferent(a, b))
        {
            return 2;
        }

        return Math.Abs(a.DayNumber - b.DayNumber) <= WithinDays ? 3 : 4;
    }

    /// <inheritdoc/>
    public override string? Describe(MatchRecord record) => record.DateOfBirth?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
