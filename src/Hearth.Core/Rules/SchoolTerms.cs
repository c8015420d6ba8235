using System.Globalization;

namespace Hearth.Core.Rules;

/// <summary>
/// School terms as a running number (three a year), so that "the last three terms" is a range. Autumn runs from
/// 1 September, spring from 1 January and summer from 1 April: the holidays fall in the term before them, which keeps
/// an evaluation in August looking at the school year just ended.
/// </summary>
public static class SchoolTerms
{
    /// <summary>The running number of the term a date falls in.</summary>
    public static int TermOf(DateOnly date) => date.Month switch
    {
        >= 9 => (date.Year * 3) + 0,
        <= 3 => ((date.Year - 1) * 3) + 1,
        _ => ((date.Year - 1) * 3) + 2,
    };

    /// <summary>The first day of a term.</summary>
    public static DateOnly StartOf(int term)
    {
        var academicYear = Math.DivRem(term, 3, out var index);
        return index switch
        {
            0 => new DateOnly(academicYear, 9, 1),
            1 => new DateOnly(academicYear + 1, 1, 1),
            _ => new DateOnly(academicYear + 1, 4, 1),
        };
    }

    /// <summary>
    /// The term named by an academic year ("2025/26", "2025-26" or "2025") and a term code (AUT, SPR, SUM, or the
    /// words), or null when either cannot be read.
    /// </summary>
    public static int? Parse(string? academicYear, string? term)
    {
        if (academicYear is not { Length: >= 4 } || term is not { Length: >= 3 }
            || !int.TryParse(academicYear.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            return null;
        }

        int? index = term[..3].ToUpperInvariant() switch
        {
            "AUT" => 0,
            "SPR" => 1,
            "SUM" => 2,
            _ => null,
        };
        return index is { } i ? (year * 3) + i : null;
    }
}
