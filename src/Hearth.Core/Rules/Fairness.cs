using System.Globalization;

namespace Hearth.Core.Rules;

/// <summary>The thresholds of the fairness report; the defaults are those docs/rules.md describes.</summary>
public sealed record FairnessOptions
{
    /// <summary>A group whose rate is below this multiple of everyone else's may be markedly lower (the four-fifths rule).</summary>
    public double LowerRatio { get; init; } = 0.8;

    /// <summary>A group whose rate is above this multiple of everyone else's may be markedly higher (1 / 0.8).</summary>
    public double UpperRatio { get; init; } = 1.25;

    /// <summary>A difference counts only when the two-sided p-value of the two-proportion z-test is below this.</summary>
    public double Alpha { get; init; } = 0.01;

    /// <summary>A group, and everyone else, must have at least this many scored to be judged; smaller ones are shown but "too few to judge".</summary>
    public int MinimumGroupSize { get; init; } = 20;

    /// <summary>Counts below this are withheld from the report, with what would reveal them (0 withholds nothing).</summary>
    public int SuppressBelow { get; init; } = 5;

    /// <summary>The ages the age bands start at: 0-4, 5-10, 11-15, 16-17 and 18+ by default.</summary>
    public IReadOnlyList<int> AgeBands { get; init; } = [0, 5, 11, 16, 18];

    internal void Check()
    {
        if (!(LowerRatio > 0 && LowerRatio <= 1 && UpperRatio >= 1) || double.IsInfinity(UpperRatio))
        {
            throw new ArgumentException("The ratio bounds must be a lower bound in (0, 1] and an upper bound of 1 or more.");
        }

        if (!(Alpha > 0 && Alpha < 1))
        {
            throw new ArgumentException("The significance level must be between 0 and 1, for example 0.01.");
        }

        if (MinimumGroupSize < 1 || SuppressBelow < 0)
        {
            throw new ArgumentException("The minimum group size must be at least 1 and the suppression threshold 0 or more.");
        }

        FairnessDimension.CheckBands(AgeBands);
    }
}

/// <summary>One scored subject as the fairness report sees it: the rule set, the band, and its group in each dimension, in the dimensions' order.</summary>
public sealed record FairnessSubject(string RuleSet, string Band, IReadOnlyList<string> Groups);

/// <summary>What the report says about a group's rate against everyone else's.</summary>
public enum FairnessVerdict
{
    /// <summary>The group, or everyone else, has fewer scored than the minimum group size.</summary>
    TooFewToJudge,

    /// <summary>The rate ratio is within the bounds (0.8 to 1.25 by default).</summary>
    Similar,

    /// <summary>The ratio is outside the bounds, but the difference could be chance (p at or above the level).</summary>
    NotSignificant,

    /// <summary>Flagged markedly more often than everyone else: outside the bounds and significant.</summary>
    MarkedlyHigher,

    /// <summary>Flagged markedly less often than everyone else: outside the bounds and significant.</summary>
    MarkedlyLower,
}

/// <summary>
/// A group's rate of one outcome (flagged, or in the highest band) against everyone else the rule set scored. Null
/// values are withheld by small-number suppression; the verdict is always given.
/// </summary>
/// <param name="Count">How many of the group had the outcome.</param>
/// <param name="CountWithheld">Why <paramref name="Count"/> is withheld, if it is.</param>
/// <param name="Rate">The group's rate.</param>
/// <param name="RestRate">The rate of everyone else the rule set scored.</param>
/// <param name="Ratio">Rate over rest rate; 1 when both are 0, null (unbounded) when only the rest's is, or withheld.</param>
/// <param name="PValue">The two-sided p-value of the two-proportion z-test.</param>
/// <param name="Verdict">Whether the group's rate is markedly different.</param>
public sealed record RateComparison(long? Count, Withheld CountWithheld, double? Rate, double? RestRate, double? Ratio, double? PValue, FairnessVerdict Verdict);

/// <summary>Why a count is withheld from the report.</summary>
public enum Withheld
{
    /// <summary>It is shown.</summary>
    No,

    /// <summary>It is under the suppression threshold.</summary>
    Small,

    /// <summary>It is not small, but with the total it would give a small one away.</summary>
    WouldReveal,
}

/// <summary>One group of a dimension: how many the rule set scored, and its flagged and highest-band rates against everyone else.</summary>
public sealed record GroupFairness(string Group, long? Scored, Withheld ScoredWithheld, RateComparison Flagged, RateComparison Highest);

/// <summary>A dimension's groups for one rule set.</summary>
public sealed record DimensionFairness(string Dimension, IReadOnlyList<GroupFairness> Groups);

/// <summary>A group flagged at a markedly different rate, in a sentence.</summary>
/// <param name="RuleSet">The rule set.</param>
/// <param name="Dimension">The dimension, for example sex.</param>
/// <param name="Group">The group, for example male.</param>
/// <param name="Measure">flagged (any band above the lowest) or highest (the highest band).</param>
/// <param name="Verdict">Markedly higher or markedly lower.</param>
/// <param name="Sentence">The finding in words, for example "People recorded as male are flagged amber or red by vulnerable-pupil at 1.42 times the rate of everyone else (31% vs 22%, p &lt; 0.001)".</param>
public sealed record FairnessFinding(string RuleSet, string Dimension, string Group, string Measure, FairnessVerdict Verdict, string Sentence);

/// <summary>
/// One rule set's part of the report: how many it scored and flagged overall, each dimension's groups, and the groups
/// flagged at a markedly different rate.
/// </summary>
/// <param name="RuleSet">The rule set.</param>
/// <param name="FlaggedBands">The bands that count as flagged, in words: "amber or red", "medium or high".</param>
/// <param name="HighestBand">The highest band: red or high.</param>
/// <param name="Scored">How many the rule set scored.</param>
/// <param name="Flagged">How many it flagged (any band above the lowest).</param>
/// <param name="FlaggedRate">Flagged over scored.</param>
/// <param name="Highest">How many it put in the highest band.</param>
/// <param name="HighestRate">Highest over scored.</param>
/// <param name="Dimensions">Each dimension's groups.</param>
/// <param name="Findings">The groups flagged at a markedly different rate.</param>
public sealed record RuleSetFairness(
    string RuleSet, string FlaggedBands, string HighestBand, long? Scored, long? Flagged, double? FlaggedRate, long? Highest, double? HighestRate,
    IReadOnlyList<DimensionFairness> Dimensions, IReadOnlyList<FairnessFinding> Findings);

/// <summary>The fairness report: per rule set and dimension, each group's rates and whether they differ markedly.</summary>
public sealed record FairnessReport(FairnessOptions Options, IReadOnlyList<RuleSetFairness> RuleSets)
{
    /// <summary>Every rule set's findings.</summary>
    public IEnumerable<FairnessFinding> Findings => RuleSets.SelectMany(r => r.Findings);
}

/// <summary>
/// The fairness report's arithmetic: for each rule set and dimension, each group's count, flagged count (any band above
/// the lowest) and highest-band count, each rate compared with everyone else's that the rule set scored by the rate
/// ratio and a two-proportion z-test. A group is markedly different when the ratio is outside the bounds (the
/// four-fifths rule), the difference is significant, and the group and everyone else are both big enough to judge.
/// Counts below the suppression threshold are then withheld, with more of a column where what is withheld would add up
/// to less than the threshold (the total less the counts shown would give it away). A different rate is a prompt to look at the rules and the data, not proof of bias.
/// </summary>
public static class Fairness
{
    private static readonly string[][] Scales = [["green", "amber", "red"], ["low", "medium", "high"]];

    /// <summary>Builds the report from subjects streamed once; only counts are kept, so any number of subjects fits.</summary>
    public static FairnessReport Compute(IReadOnlyList<FairnessDimension> dimensions, IEnumerable<FairnessSubject> subjects, FairnessOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(subjects);
        options ??= new FairnessOptions();
        options.Check();
        var sets = new Dictionary<string, Tally>(StringComparer.Ordinal);
        foreach (var subject in subjects)
        {
            if (subject.Groups.Count != dimensions.Count)
            {
                throw new ArgumentException($"A subject of {subject.RuleSet} has {subject.Groups.Count} groups for {dimensions.Count} dimensions.", nameof(subjects));
            }

            if (!sets.TryGetValue(subject.RuleSet, out var tally))
            {
                var scale = ScaleOf(subject.Band) ?? throw new ArgumentException($"Rule set {subject.RuleSet} gave the band '{subject.Band}', which is on neither the rag nor the tier scale.", nameof(subjects));
                sets[subject.RuleSet] = tally = new Tally(scale, dimensions.Count);
            }

            var severity = Array.IndexOf(tally.Scale, subject.Band);
            if (severity < 0)
            {
                throw new ArgumentException($"Rule set {subject.RuleSet} gave the band '{subject.Band}', which is not on its scale ({string.Join(", ", tally.Scale)}).", nameof(subjects));
            }

            var counts = new Counts(1, severity > 0 ? 1 : 0, severity == tally.Scale.Length - 1 ? 1 : 0);
            tally.Total += counts;
            for (var d = 0; d < dimensions.Count; d++)
            {
                var group = string.IsNullOrEmpty(subject.Groups[d]) ? FairnessDimension.NotRecorded : subject.Groups[d];
                tally.Groups[d][group] = tally.Groups[d].GetValueOrDefault(group) + counts;
            }
        }

        return new FairnessReport(options, [.. sets.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => Build(s.Key, s.Value, dimensions, options))]);
    }

    /// <summary>A verdict in words, as the report prints it.</summary>
    public static string Describe(FairnessVerdict verdict) => verdict switch
    {
        FairnessVerdict.TooFewToJudge => "too few to judge",
        FairnessVerdict.Similar => "similar",
        FairnessVerdict.NotSignificant => "different, could be chance",
        FairnessVerdict.MarkedlyHigher => "markedly higher",
        FairnessVerdict.MarkedlyLower => "markedly lower",
        _ => verdict.ToString(),
    };

    /// <summary>A rate as a percentage: one decimal under 10%, whole numbers above.</summary>
    public static string Percent(double rate) => (rate * 100).ToString(rate < 0.1 ? "0.0" : "0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A p-value as the report prints it: "&lt; 0.001", or to three decimals.</summary>
    public static string P(double p) => p < 0.001 ? "< 0.001" : p.ToString("0.000", CultureInfo.InvariantCulture);

    private static string PClause(double p) => p < 0.001 ? "p < 0.001" : "p = " + P(p);

    /// <summary>Judges one rate against everyone else's; exposed so that the thresholds can be tested on their own.</summary>
    public static RateComparison Compare(long count, long scored, long restCount, long restScored, FairnessOptions? options = null)
    {
        options ??= new FairnessOptions();
        var rate = scored == 0 ? 0 : (double)count / scored;
        double? restRate = restScored == 0 ? null : (double)restCount / restScored;
        double? ratio = restRate is not { } r ? null : r > 0 ? rate / r : rate == 0 ? 1 : null;
        var (_, p) = ProportionTest.TwoSided(count, scored, restCount, restScored);
        // Ratios are compared with a little slack so that a ratio of exactly 0.8 or 1.25 (40/100 against 50/100) is
        // within the bounds whatever the floating point does with it.
        const double slack = 1e-9;
        var verdict = scored < options.MinimumGroupSize || restScored < options.MinimumGroupSize ? FairnessVerdict.TooFewToJudge
            : ratio is { } q && q >= options.LowerRatio - slack && q <= options.UpperRatio + slack ? FairnessVerdict.Similar
            : p >= options.Alpha ? FairnessVerdict.NotSignificant
            : rate > restRate ? FairnessVerdict.MarkedlyHigher
            : FairnessVerdict.MarkedlyLower;
        return new RateComparison(count, Withheld.No, rate, restRate, ratio, p, verdict);
    }

    private static string[]? ScaleOf(string band) => Scales.FirstOrDefault(s => s.Contains(band, StringComparer.Ordinal));

    private static RuleSetFairness Build(string ruleSet, Tally tally, IReadOnlyList<FairnessDimension> dimensions, FairnessOptions options)
    {
        var flaggedBands = string.Join(" or ", tally.Scale.Skip(1));
        var highestBand = tally.Scale[^1];
        var total = tally.Total;
        var hide = options.SuppressBelow;
        var result = new List<DimensionFairness>();
        var findings = new List<FairnessFinding>();
        for (var d = 0; d < dimensions.Count; d++)
        {
            var dimension = dimensions[d];
            var groups = dimension.Ordered(tally.Groups[d].Keys).Select(g => (Group: g, Counts: tally.Groups[d][g])).ToList();
            var withheld = new Withheld[groups.Count, 3];
            for (var column = 0; column < 3; column++)
            {
                Suppress([.. groups.Select(g => g.Counts[column])], hide, withheld, column);
            }

            var rows = new List<GroupFairness>();
            for (var i = 0; i < groups.Count; i++)
            {
                var (group, counts) = groups[i];
                var flagged = Compare(counts.Flagged, counts.Scored, total.Flagged - counts.Flagged, total.Scored - counts.Scored, options);
                var highest = Compare(counts.Highest, counts.Scored, total.Highest - counts.Highest, total.Scored - counts.Scored, options);
                findings.AddRange(Finding(ruleSet, dimension, group, "flagged", flaggedBands, flagged, withheld[i, 0] != Withheld.No || withheld[i, 1] != Withheld.No, hide));
                findings.AddRange(Finding(ruleSet, dimension, group, "highest", highestBand, highest, withheld[i, 0] != Withheld.No || withheld[i, 2] != Withheld.No, hide));
                rows.Add(new GroupFairness(
                    group,
                    withheld[i, 0] != Withheld.No ? null : counts.Scored,
                    withheld[i, 0],
                    Withhold(flagged, withheld[i, 1], withheld[i, 0]),
                    Withhold(highest, withheld[i, 2], withheld[i, 0])));
            }

            result.Add(new DimensionFairness(dimension.Name, rows));
        }

        long? Shown(long value) => value < hide ? null : value;
        double? Rate(long value) => value < hide || total.Scored < hide ? null : (double)value / total.Scored;
        return new RuleSetFairness(ruleSet, flaggedBands, highestBand, Shown(total.Scored), Shown(total.Flagged), Rate(total.Flagged), Shown(total.Highest), Rate(total.Highest), result, findings);
    }

    /// <summary>
    /// Small-number suppression of one column of a dimension: every count below the threshold, then, while what is
    /// withheld adds up to less than the threshold (the shown total less the shown counts would give that sum away),
    /// the smallest count still shown as well.
    /// </summary>
    private static void Suppress(List<long> counts, int threshold, Withheld[,] withheld, int column)
    {
        long sum = 0;
        var any = false;
        for (var i = 0; i < counts.Count; i++)
        {
            if (counts[i] < threshold)
            {
                withheld[i, column] = Withheld.Small;
                sum += counts[i];
                any = true;
            }
        }

        while (any && sum < threshold)
        {
            var next = Enumerable.Range(0, counts.Count).Where(i => withheld[i, column] == Withheld.No).OrderBy(i => counts[i]).ThenBy(i => i).Select(i => (int?)i).FirstOrDefault();
            if (next is not { } n)
            {
                break;
            }

            withheld[n, column] = Withheld.WouldReveal;
            sum += counts[n];
        }
    }

    // A rate, its rest rate, ratio and p-value would each give a withheld count back, so they go with it.
    private static RateComparison Withhold(RateComparison comparison, Withheld count, Withheld scored) =>
        count == Withheld.No && scored == Withheld.No ? comparison
        : comparison with { Count = count == Withheld.No ? comparison.Count : null, CountWithheld = count, Rate = null, RestRate = null, Ratio = null, PValue = null };

    private static IEnumerable<FairnessFinding> Finding(string ruleSet, FairnessDimension dimension, string group, string measure, string bands, RateComparison c, bool withheld, int threshold)
    {
        if (c.Verdict is not (FairnessVerdict.MarkedlyHigher or FairnessVerdict.MarkedlyLower))
        {
            yield break;
        }

        var who = dimension.Who(group);
        string sentence;
        if (withheld)
        {
            var how = c.Verdict == FairnessVerdict.MarkedlyHigher ? "markedly more often" : "markedly less often";
            sentence = $"{who} are flagged {bands} by {ruleSet} {how} than everyone else (the numbers are withheld: they would show a count under {threshold.ToString(CultureInfo.InvariantCulture)})";
        }
        else if (c.Ratio is not { } ratio)
        {
            sentence = $"{who} are flagged {bands} by {ruleSet} ({Percent(c.Rate!.Value)}) while no-one else is ({PClause(c.PValue!.Value)})";
        }
        else
        {
            sentence = $"{who} are flagged {bands} by {ruleSet} at {ratio.ToString("0.00", CultureInfo.InvariantCulture)} times the rate of everyone else ({Percent(c.Rate!.Value)} vs {Percent(c.RestRate!.Value)}, {PClause(c.PValue!.Value)})";
        }

        yield return new FairnessFinding(ruleSet, dimension.Name, group, measure, c.Verdict, sentence);
    }

    private readonly record struct Counts(long Scored, long Flagged, long Highest)
    {
        public long this[int column] => column switch { 0 => Scored, 1 => Flagged, _ => Highest };

        public static Counts operator +(Counts a, Counts b) => new(a.Scored + b.Scored, a.Flagged + b.Flagged, a.Highest + b.Highest);
    }

    private sealed class Tally(string[] scale, int dimensions)
    {
        public string[] Scale { get; } = scale;

        public Counts Total { get; set; }

        public Dictionary<string, Counts>[] Groups { get; } = [.. Enumerable.Range(0, dimensions).Select(_ => new Dictionary<string, Counts>(StringComparer.Ordinal))];
    }
}
