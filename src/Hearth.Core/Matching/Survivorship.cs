namespace Hearth.Core.Matching;

/// <summary>How a golden record chooses one value of an attribute from its records' values.</summary>
public enum SurvivorshipRule
{
    /// <summary>The value from the most trusted source (lowest trust rank).</summary>
    MostTrusted,

    /// <summary>The value recorded most recently.</summary>
    MostRecent,

    /// <summary>The value most records give.</summary>
    MostFrequent,

    /// <summary>The longest value (the most complete form of a name or address).</summary>
    MostComplete,
}

/// <summary>One record's value of an attribute, offered to survivorship.</summary>
/// <param name="SourceKey">The record it came from.</param>
/// <param name="TrustRank">Its source's trust rank (lower is more trusted).</param>
/// <param name="RecordedOn">When its source recorded it.</param>
/// <param name="Value">The value.</param>
public sealed record CandidateValue(string SourceKey, int TrustRank, DateOnly? RecordedOn, string Value);

/// <summary>The value a golden record shows for an attribute, the rule that chose it, and every record that gives it.</summary>
/// <param name="Attribute">The attribute.</param>
/// <param name="Value">The chosen value.</param>
/// <param name="Rule">The rule that chose it.</param>
/// <param name="Sources">The source keys of every record giving this value (case and spacing aside).</param>
/// <param name="Alternatives">How many other distinct values the records give.</param>
public sealed record SurvivingValue(string Attribute, string Value, SurvivorshipRule Rule, IReadOnlyList<string> Sources, int Alternatives);

/// <summary>
/// Chooses each attribute's value for a golden record by a configurable rule. Ties are broken by trust, then recency,
/// then source key, so the choice is deterministic; the chosen value stays traceable to every record that gives it.
/// </summary>
public static class Survivorship
{
    /// <summary>The defaults: names and identifiers from the most trusted source, the date of birth most records agree
    /// on, the address most recently recorded.</summary>
    public static IReadOnlyDictionary<string, SurvivorshipRule> Defaults { get; } = new Dictionary<string, SurvivorshipRule>(StringComparer.Ordinal)
    {
        ["forename"] = SurvivorshipRule.MostTrusted,
        ["middle_names"] = SurvivorshipRule.MostComplete,
        ["surname"] = SurvivorshipRule.MostTrusted,
        ["date_of_birth"] = SurvivorshipRule.MostFrequent,
        ["sex"] = SurvivorshipRule.MostFrequent,
        ["nhs_number"] = SurvivorshipRule.MostTrusted,
        ["upn"] = SurvivorshipRule.MostRecent,
        ["nino"] = SurvivorshipRule.MostTrusted,
        ["ethnicity"] = SurvivorshipRule.MostTrusted,
        ["address"] = SurvivorshipRule.MostRecent,
        ["postcode"] = SurvivorshipRule.MostRecent,
        ["uprn"] = SurvivorshipRule.MostRecent,
    };

    /// <summary>Chooses a value, or null when no record gives one.</summary>
    public static SurvivingValue? Choose(string attribute, IReadOnlyList<CandidateValue> candidates, SurvivorshipRule rule)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var present = candidates.Where(c => !string.IsNullOrWhiteSpace(c.Value)).ToList();
        if (present.Count == 0)
        {
            return null;
        }

        var groups = present.GroupBy(c => Comparable(c.Value), StringComparer.Ordinal).ToList();

        // The best record under the rule, ties broken by trust, recency and source key.
        static int Tiebreak(CandidateValue a, CandidateValue b)
        {
            var byTrust = a.TrustRank.CompareTo(b.TrustRank);
            if (byTrust != 0)
            {
                return byTrust;
            }

            var byRecency = Nullable.Compare(b.RecordedOn, a.RecordedOn);
            return byRecency != 0 ? byRecency : string.CompareOrdinal(a.SourceKey, b.SourceKey);
        }

        IGrouping<string, CandidateValue> chosen;
        switch (rule)
        {
            case SurvivorshipRule.MostFrequent:
                chosen = groups.OrderByDescending(g => g.Count()).ThenBy(g => g.Min(Tiebreak), Comparer<CandidateValue>.Create(Tiebreak)).First();
                break;
            case SurvivorshipRule.MostComplete:
                chosen = groups.OrderByDescending(g => g.Key.Length).ThenBy(g => g.Min(Tiebreak), Comparer<CandidateValue>.Create(Tiebreak)).First();
                break;
            case SurvivorshipRule.MostRecent:
                var newest = present.Order(Comparer<CandidateValue>.Create((a, b) =>
                {
                    var byRecency = Nullable.Compare(b.RecordedOn, a.RecordedOn);
                    return byRecency != 0 ? byRecency : Tiebreak(a, b);
                })).First();
                chosen = groups.First(g => g.Contains(newest));
                break;
            default:
                var trusted = present.Order(Comparer<CandidateValue>.Create(Tiebreak)).First();
                chosen = groups.First(g => g.Contains(trusted));
                break;
        }

        var shown = chosen.Order(Comparer<CandidateValue>.Create(Tiebreak)).First().Value;
        return new SurvivingValue(attribute, shown, rule, [.. chosen.Select(c => c.SourceKey).Order(StringComparer.Ordinal)], groups.Count - 1);
    }

    private static string Comparable(string value) =>
        string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToUpperInvariant();

    private static CandidateValue Min(this IEnumerable<CandidateValue> values, Comparison<CandidateValue> comparison) =>
        values.Order(Comparer<CandidateValue>.Create(comparison)).First();
}
