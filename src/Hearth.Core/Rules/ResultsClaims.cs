using System.Globalization;

namespace Hearth.Core.Rules;

/// <summary>Where a piece of work with a family stands for a Supporting Families results claim.</summary>
public enum ClaimStatus
{
    /// <summary>Every condition is met: a person may make the claim, after the internal audit.</summary>
    Claimable,

    /// <summary>Nothing rules it out yet: the episode is open, its case work is dated later, or its outcomes have held but not yet for the sustained months.</summary>
    Pending,

    /// <summary>Something rules it out for good: a missing assessment, plan or lead practitioner, too few needs, a closure without support, or an outcome not held.</summary>
    NotClaimable,
}

/// <summary>A need found at identification, with the rules that found it.</summary>
public sealed record ClaimNeed(string Headline, IReadOnlyList<ScoreReason> Reasons);

/// <summary>
/// A need's outcome: tested at closure and at each month after it up to the sustained months (those not after the
/// assessment date); met when every test so far is met. The tests are kept, so a person can see when it held.
/// </summary>
public sealed record ClaimOutcome(string Headline, bool Met, bool Sustained, IReadOnlyList<OutcomeTest> Tests);

/// <summary>One early help episode of a family, judged for a results claim as at a date, with every reason.</summary>
public sealed record ClaimAssessment(
    string CaseId,
    DateOnly? IdentifiedOn,
    DateOnly? ClosedOn,
    ClaimStatus Status,
    DateOnly? ClaimableFrom,
    IReadOnlyList<ClaimNeed> Needs,
    IReadOnlyList<ClaimOutcome> Outcomes,
    IReadOnlyList<string> Problems,
    decimal Tariff)
{
    /// <summary>When the status could next change with time alone (the next monthly outcome test), or null.</summary>
    public DateOnly? NextCheck { get; init; }

    /// <summary>
    /// How many of this family's members the episode names. Members of one episode can be in different families by
    /// now; the store keeps the judgement of the family holding most of them, so that one case is claimed once.
    /// </summary>
    public int EpisodeMembers { get; init; }
}

/// <summary>
/// Judges a family's early help episodes for Supporting Families results claims, from a family rule set's need rules,
/// outcome rules and claim settings. Pure: the family and its members' events in, the judgement and its reasons out.
/// Identification is the whole-family assessment: the needs are the rule set's needs evaluated as at that date, so
/// every window looks back from it, as the framework asks. Advisory: a person checks the case file and the internal
/// audit decides.
/// </summary>
public static class ResultsClaims
{
    /// <summary>Each episode of the family's members that started by the date, oldest first.</summary>
    public static IReadOnlyList<ClaimAssessment> Assess(CompiledRuleSet ruleSet, Subject family, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(ruleSet);
        ArgumentNullException.ThrowIfNull(family);
        if (ruleSet.Definition.Claims is not { } settings)
        {
            return [];
        }

        // Every member of the family carries the episode; its attributes are the episode's, so the newest copy will do.
        var episodes = family.Members.SelectMany(m => m.Person.EventsOf(settings.EpisodeEvent).Select(e => (Member: m.Person.Id, Event: e)))
            .Where(x => x.Event.Date <= asOf && x.Event.Attributes.TryGetValue("case_id", out var id) && id.Length > 0)
            .GroupBy(x => x.Event.Attributes["case_id"], StringComparer.Ordinal)
            .Select(g => (Event: g.OrderByDescending(x => x.Event.Id).First().Event, Members: g.Select(x => x.Member).Distinct().Count()))
            .OrderBy(x => x.Event.Date).ThenBy(x => x.Event.Attributes["case_id"], StringComparer.Ordinal);
        return [.. episodes.Select(x => AssessEpisode(ruleSet, settings, family, x.Event, asOf) with { EpisodeMembers = x.Members })];
    }

    private static ClaimAssessment AssessEpisode(CompiledRuleSet ruleSet, ClaimSettings settings, Subject family, SubjectEvent episode, DateOnly asOf)
    {
        var caseId = episode.Attributes["case_id"];
        var problems = new List<string>();
        string? Text(string name) => episode.Attributes.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
        DateOnly? Date(string name) => DateOnly.TryParseExact(Text(name), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

        // Case work dated after the date being judged is not missing: the claim waits for it (and is judged again then).
        var waiting = new List<(DateOnly On, string Why)>();
        var assessed = Date("assessment_date");
        if (assessed is null)
        {
            problems.Add("no whole-family assessment is recorded");
        }
        else if (assessed > asOf)
        {
            waiting.Add((assessed.Value, $"the whole-family assessment is dated {Iso(assessed.Value)}"));
        }

        if (Text("lead_team") is null)
        {
            problems.Add("no lead practitioner is recorded");
        }

        if (Date("plan_start") is not { } plan)
        {
            problems.Add("no plan is recorded");
        }
        else if (plan > asOf)
        {
            waiting.Add((plan, $"the plan starts on {Iso(plan)}"));
        }

        var closed = episode.EndDate is { } end && end <= asOf ? end : (DateOnly?)null;
        if (episode.EndDate is { } closes && closes > asOf)
        {
            waiting.Add((closes, $"the episode closes on {Iso(closes)}"));
        }
        if (Text("closure_reason") is { } reason && closed is not null && settings.NoClaimReasons.Contains(reason, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add($"closed as \u201c{reason}\u201d, so the family was not supported to the end");
        }

        // The needs as at identification: the family as it is now (its current members), seeing only events up to then.
        var needs = new List<ClaimNeed>();
        if (assessed is { } identified && identified <= asOf)
        {
            if (ruleSet.Evaluate(family, identified) is not { } score)
            {
                problems.Add($"the family was not in the programme's cohort at the assessment on {Iso(identified)} (no dependent child then)");
            }
            else
            {
                needs.AddRange(score.Reasons.Where(r => r.Kind == "rule").GroupBy(r => r.Indicator, StringComparer.Ordinal)
                    .Select(g => new ClaimNeed(g.Key, [.. g])));
                if (!string.Equals(score.Band, ruleSet.BandOrder[^1], StringComparison.Ordinal))
                {
                    problems.Add($"{needs.Count} needs at the assessment on {Iso(identified)}, fewer than eligibility asks");
                }
                else if (needs.Count == 0 && problems.Count == 0)
                {
                    problems.Add($"no needs were found at the assessment on {Iso(identified)}");
                }
            }
        }

        // Each need's outcome, tested at closure and each month after it, up to the sustained months or today.
        var outcomes = new List<ClaimOutcome>();
        DateOnly? claimableFrom = closed?.AddMonths(settings.SustainedMonths);
        foreach (var need in needs)
        {
            if (!ruleSet.HasOutcome(need.Headline))
            {
                problems.Add($"{need.Headline}: the rule set has no outcome rule, so the need cannot be shown to be met");
                continue;
            }

            if (closed is not { } closure)
            {
                continue;
            }

            var tests = new List<OutcomeTest>();
            for (var month = 0; month <= settings.SustainedMonths; month++)
            {
                var on = closure.AddMonths(month);
                if (on > asOf)
                {
                    break;
                }

                var test = ruleSet.TestOutcome(need.Headline, family, on)!;
                tests.Add(test);
                if (!test.Met)
                {
                    break;
                }
            }

            var met = tests.Count > 0 && tests.All(t => t.Met);
            var sustained = met && tests.Count == settings.SustainedMonths + 1;
            outcomes.Add(new ClaimOutcome(need.Headline, met, sustained, tests));
            if (tests.Count > 0 && !met)
            {
                var failed = tests[^1];
                problems.Add($"{need.Headline}: the outcome was not met on {Iso(failed.On)}, {(failed.On == closure ? "at closure" : $"{MonthsBetween(closure, failed.On)} months after closure")}");
            }
        }

        ClaimStatus status;
        DateOnly? nextCheck = null;
        if (problems.Count > 0)
        {
            status = ClaimStatus.NotClaimable;
        }
        else if (waiting.Count > 0)
        {
            status = ClaimStatus.Pending;
            nextCheck = waiting.Min(w => w.On);
            problems.AddRange(waiting.OrderBy(w => w.On).Select(w => w.Why));
        }
        else if (closed is not { } closure)
        {
            status = ClaimStatus.Pending;
            problems.Add("the episode is still open");
        }
        else if (outcomes.All(o => o.Sustained))
        {
            status = ClaimStatus.Claimable;
        }
        else
        {
            status = ClaimStatus.Pending;
            var held = outcomes.Min(o => o.Tests.Count) - 1;
            nextCheck = closure.AddMonths(held + 1);
            problems.Add($"every outcome has held for {Math.Max(held, 0)} of {settings.SustainedMonths} months after closure; claimable from {Iso(claimableFrom!.Value)} if they keep holding");
        }

        return new ClaimAssessment(caseId, assessed, closed, status, status == ClaimStatus.NotClaimable ? null : claimableFrom, needs, outcomes, problems, settings.Tariff)
        {
            NextCheck = nextCheck,
        };
    }

    private static int MonthsBetween(DateOnly from, DateOnly to) => ((to.Year - from.Year) * 12) + to.Month - from.Month;

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
