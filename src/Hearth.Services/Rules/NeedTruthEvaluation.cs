using System.Globalization;
using System.Text.Json;
using Dapper;
using Hearth.Core.Rules;
using Hearth.Services.Groups;
using Hearth.Services.Persistence;

namespace Hearth.Services.Rules;

/// <summary>How well one headline's need rules find the families that truly have that need.</summary>
/// <param name="Headline">The headline (EDU, EY, ... FIN), or "eligible" for eligibility.</param>
/// <param name="Flagged">True families the rules flagged.</param>
/// <param name="True">True families in the cohort that had the need in the window.</param>
/// <param name="Correct">Flagged families that truly had it.</param>
/// <param name="TrueFound">True families with the need that Hearth holds as a scored family at all (the rest were missed by grouping, not by the rules).</param>
/// <param name="CorrectOfFound">Of those, the ones flagged.</param>
public sealed record HeadlineAccuracy(string Headline, long Flagged, long True, long Correct, long TrueFound, long CorrectOfFound)
{
    public double Precision => Flagged == 0 ? 1 : (double)Correct / Flagged;

    public double Recall => True == 0 ? 1 : (double)Correct / True;

    /// <summary>Recall among the true families Hearth scored: the rules' own part, without grouping's misses.</summary>
    public double RecallOfFound => TrueFound == 0 ? 1 : (double)CorrectOfFound / TrueFound;
}

/// <summary>A family rule set's need rules against a synthetic city's latent needs.</summary>
/// <param name="AsOf">The date the rule set was scored as at.</param>
/// <param name="RuleSet">The rule set measured.</param>
/// <param name="WindowMonths">How far back a true need counts (the rules look back 12 months).</param>
/// <param name="FamiliesScored">Families the rule set scored.</param>
/// <param name="TrueFamiliesInCohort">True families with a child under 18 at the date.</param>
/// <param name="TrueFamiliesFound">Of those, the ones a scored family stands for.</param>
/// <param name="Headlines">Each headline's flags against the truth.</param>
/// <param name="Eligibility">The eligible band against truly having at least 3 headline needs.</param>
/// <param name="Rules">Each rule on its own against its headline (Headline is the rule's id here): which rules bring the false flags.</param>
public sealed record NeedEvaluation(DateOnly AsOf, string RuleSet, int WindowMonths, long FamiliesScored, long TrueFamiliesInCohort, long TrueFamiliesFound, IReadOnlyList<HeadlineAccuracy> Headlines, HeadlineAccuracy Eligibility, IReadOnlyList<HeadlineAccuracy> Rules);

/// <summary>
/// Compares a family rule set's stored scores (hearth score) with truth/family_needs.csv, the generator's latent needs
/// model. A headline is flagged for a family when any rule with that headline as its indicator fired. A true family has a
/// need when one of its need episodes overlaps the window (the rules look back 12 months), and is in the cohort when it
/// has a member under 18 who is a child of the family at the scoring date. Each scored family stands for the true family
/// most of its current members belong to, so that the figures are per true family, and grouping's misses are kept apart
/// (<see cref="HeadlineAccuracy.RecallOfFound"/>). Eligibility is truly at least 3 headlines with a need, against the
/// rule set's eligible band.
/// </summary>
public static class NeedTruthEvaluation
{
    public static NeedEvaluation Evaluate(StoreLocation store, string truthDirectory, string ruleSet = "supporting-families", int windowMonths = 12, int eligibleAt = 3)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var connection = store.Open();
        var asOfText = connection.ExecuteScalar<string?>(
            "SELECT r.as_of FROM score_runs r WHERE r.finished_at IS NOT NULL AND EXISTS (SELECT 1 FROM scores s WHERE s.rule_set = @ruleSet AND s.run_id = r.id) ORDER BY r.id DESC LIMIT 1",
            new { ruleSet }) ?? throw new InvalidOperationException($"The store has no scores of {ruleSet} yet. Run hearth groups and hearth score first.");
        var asOf = DateOnly.ParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var windowStart = asOf.AddMonths(-windowMonths);

        var truePersonOf = GroupTruthEvaluation.TruePersonOfGolden(connection, truthDirectory);
        var born = GroupTruthEvaluation.ReadCsv(Path.Combine(truthDirectory, "people.csv"))
            .ToDictionary(r => r["person_id"], r => DateOnly.ParseExact(r["birth_date"], "yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparer.Ordinal);
        var membership = GroupTruthEvaluation.ReadCsv(Path.Combine(truthDirectory, "families.csv")).Where(r => GroupTruthEvaluation.Current(r, asOf)).ToList();
        var familyOf = membership.GroupBy(r => r["person_id"], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First()["family_id"], StringComparer.Ordinal);
        var cohort = membership.Where(r => r["role"] == "Child" && born.TryGetValue(r["person_id"], out var b) && b <= asOf && b > asOf.AddYears(-18))
            .Select(r => r["family_id"]).ToHashSet(StringComparer.Ordinal);

        var needs = GroupTruthEvaluation.ReadCsv(Path.Combine(truthDirectory, "family_needs.csv"))
            .Where(r => cohort.Contains(r["family_id"]) && Overlaps(r, windowStart, asOf))
            .GroupBy(r => r["headline"], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => r["family_id"]).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var trulyEligible = needs.SelectMany(n => n.Value.Select(f => (Family: f, Headline: n.Key))).GroupBy(x => x.Family, StringComparer.Ordinal)
            .Where(g => g.Count() >= eligibleAt).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);

        // Each scored family stands for the true family most of its current members are in now.
        var members = connection.Query<(long GroupId, long GoldenId)>(
            "SELECT gm.group_id, gm.golden_id FROM group_members gm JOIN scores s ON s.subject_type = 'family' AND s.subject_id = gm.group_id AND s.rule_set = @ruleSet WHERE gm.to_date IS NULL",
            new { ruleSet });
        var trueFamilyOf = members
            .Select(m => (m.GroupId, Family: truePersonOf.TryGetValue(m.GoldenId, out var person) && familyOf.TryGetValue(person, out var f) ? f : null))
            .Where(m => m.Family is not null)
            .GroupBy(m => m.GroupId)
            .ToDictionary(g => g.Key, g => g.GroupBy(m => m.Family!, StringComparer.Ordinal).OrderByDescending(x => x.Count()).ThenBy(x => x.Key, StringComparer.Ordinal).First().Key);

        var flagged = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var flaggedEligible = new HashSet<string>(StringComparer.Ordinal);
        var byRule = new Dictionary<(string Rule, string Headline), HashSet<string>>();
        long scored = 0;
        foreach (var (groupId, band, reasonsJson) in connection.Query<(long, string, string)>(
            "SELECT subject_id, band, reasons FROM scores WHERE subject_type = 'family' AND rule_set = @ruleSet", new { ruleSet }))
        {
            scored++;
            if (!trueFamilyOf.TryGetValue(groupId, out var family))
            {
                continue;
            }

            if (band == "eligible")
            {
                flaggedEligible.Add(family);
            }

            foreach (var reason in JsonSerializer.Deserialize<List<ScoreReason>>(reasonsJson, ScoreService.Json) ?? [])
            {
                if (reason.Kind == "rule")
                {
                    (flagged.TryGetValue(reason.Indicator, out var set) ? set : flagged[reason.Indicator] = new HashSet<string>(StringComparer.Ordinal)).Add(family);
                    (byRule.TryGetValue((reason.Id, reason.Indicator), out var rule) ? rule : byRule[(reason.Id, reason.Indicator)] = new HashSet<string>(StringComparer.Ordinal)).Add(family);
                }
            }
        }

        var found = trueFamilyOf.Values.ToHashSet(StringComparer.Ordinal);
        HeadlineAccuracy Compare(string headline, HashSet<string> predicted, HashSet<string> truth)
        {
            var correct = predicted.Count(truth.Contains);
            var trueFound = truth.Where(found.Contains).ToList();
            return new HeadlineAccuracy(headline, predicted.Count, truth.Count, correct, trueFound.Count, trueFound.Count(predicted.Contains));
        }

        var headlines = needs.Keys.Concat(flagged.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(h => Compare(h, flagged.GetValueOrDefault(h) ?? [], needs.GetValueOrDefault(h) ?? [])).ToList();
        var rules = byRule.OrderBy(r => r.Key.Headline, StringComparer.Ordinal).ThenBy(r => r.Key.Rule, StringComparer.Ordinal)
            .Select(r => Compare(r.Key.Rule, r.Value, needs.GetValueOrDefault(r.Key.Headline) ?? [])).ToList();
        return new NeedEvaluation(asOf, ruleSet, windowMonths, scored, cohort.Count, cohort.Count(found.Contains), headlines, Compare("eligible", flaggedEligible, trulyEligible), rules);
    }

    private static bool Overlaps(Dictionary<string, string> row, DateOnly start, DateOnly end) =>
        DateOnly.ParseExact(row["from"], "yyyy-MM-dd", CultureInfo.InvariantCulture) <= end
        && (row["to"].Length == 0 || DateOnly.ParseExact(row["to"], "yyyy-MM-dd", CultureInfo.InvariantCulture) >= start);
}
