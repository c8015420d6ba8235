using Hearth.Core.Rules;
using static Hearth.Core.Tests.Rules.RuleEvaluationTests;

namespace Hearth.Core.Tests.Rules;

/// <summary>Supporting Families results claims: needs found at the assessment, outcomes held for the sustained months after closure, and every reason a claim cannot be made.</summary>
public class ResultsClaimsTests
{
    private const string Sets = """
          "name": "sf", "version": "1", "subject": "family", "scale": "eligibility",
          "cohort": { "members": { "roles": ["Child"], "when": { "age": { "lt": 18 } } } },
          "rules": [
            { "id": "crime", "indicator": "CRIME", "description": "A member a suspect", "weight": 1,
              "when": { "members": { "when": { "count": { "events": ["police_incident"], "where": { "role": ["Suspect"] }, "window": { "months": 12 } } } } } },
            { "id": "da", "indicator": "DA", "description": "A domestic abuse incident", "weight": 1,
              "when": { "members": { "when": { "count": { "events": ["police_incident"], "where": { "domestic_abuse": ["Y"] }, "window": { "months": 12 } } } } } },
            { "id": "fin", "indicator": "FIN", "description": "An adult on out-of-work benefits", "weight": 1,
              "when": { "members": { "when": { "count": { "events": ["benefit_claim"], "window": { "months": 12, "overlapping": true } } } } } }
          ],
          "bands": [ { "band": "not_eligible", "from": 0 }, { "band": "eligible", "from": 3 } ],
        """;

    private const string Outcomes = """
          "outcomes": [
            { "id": "crime-met", "indicator": "CRIME", "description": "No member a suspect for 6 months", "weight": 0,
              "when": { "not": { "members": { "when": { "count": { "events": ["police_incident"], "where": { "role": ["Suspect"] }, "window": { "months": 6 } } } } } } },
            { "id": "da-met", "indicator": "DA", "description": "No domestic abuse incident for 6 months", "weight": 0,
              "when": { "not": { "members": { "when": { "count": { "events": ["police_incident"], "where": { "domestic_abuse": ["Y"] }, "window": { "months": 6 } } } } } } },
            { "id": "fin-met", "indicator": "FIN", "description": "No out-of-work benefits for 3 months", "weight": 0,
              "when": { "not": { "members": { "when": { "count": { "events": ["benefit_claim"], "window": { "months": 3, "overlapping": true } } } } } } }
          ],
          "claims": { "sustained_months": 6, "tariff": 800 }
        """;

    private static readonly CompiledRuleSet RuleSet = CompiledRuleSet.Compile(Hearth.Core.Rules.RuleSet.Parse("{" + Sets + Outcomes + "}", "sf"));

    private static readonly DateOnly Closure = new(2024, 9, 30);

    [Fact]
    public void Episode_EveryNeedsOutcomeHeldSixMonthsAfterClosure_IsClaimable_WithTheNeedsAsAtTheAssessment()
    {
        var family = ThreeNeedFamily();

        var claim = ResultsClaims.Assess(RuleSet, family, new DateOnly(2025, 6, 1)).ShouldHaveSingleItem();

        claim.Status.ShouldBe(ClaimStatus.Claimable, string.Join("; ", claim.Problems));
        claim.CaseId.ShouldBe("EH1");
        claim.EpisodeMembers.ShouldBe(2, "both members carry the episode");
        claim.IdentifiedOn.ShouldBe(new DateOnly(2024, 2, 1));
        claim.ClosedOn.ShouldBe(Closure);
        claim.ClaimableFrom.ShouldBe(new DateOnly(2025, 3, 30));
        claim.Tariff.ShouldBe(800);
        claim.Needs.Select(n => n.Headline).ShouldBe(["CRIME", "DA", "FIN"]);
        claim.Needs.Single(n => n.Headline == "DA").Reasons.Single().Evidence.ShouldNotBeEmpty();
        claim.Outcomes.ShouldAllBe(o => o.Met && o.Sustained && o.Tests.Count == 7);
        claim.Outcomes[0].Tests.Select(t => t.On).ShouldBe([.. Enumerable.Range(0, 7).Select(m => Closure.AddMonths(m))]);
        claim.Problems.ShouldBeEmpty();
    }

    [Fact]
    public void Episode_OutcomesHoldingButNotYetForSixMonths_IsPending_UntilTheNextMonthlyTest()
    {
        var claim = ResultsClaims.Assess(RuleSet, ThreeNeedFamily(), new DateOnly(2024, 12, 15)).ShouldHaveSingleItem();

        claim.Status.ShouldBe(ClaimStatus.Pending);
        claim.Outcomes.ShouldAllBe(o => o.Met && !o.Sustained && o.Tests.Count == 3, "tested at closure, a month and two months after");
        claim.NextCheck.ShouldBe(new DateOnly(2024, 12, 30));
        claim.ClaimableFrom.ShouldBe(new DateOnly(2025, 3, 30));
        claim.Problems.ShouldHaveSingleItem().ShouldContain("held for 2 of 6 months");
    }

    [Fact]
    public void Episode_ANewIncidentAfterClosure_BreaksThatOutcome_AndTheClaimNamesTheIncident()
    {
        var incident = Event("police", "police_incident", "2025-01-15", null, ("domestic_abuse", "Y"));
        var family = ThreeNeedFamily(extra: incident);

        var claim = ResultsClaims.Assess(RuleSet, family, new DateOnly(2025, 6, 1)).ShouldHaveSingleItem();

        claim.Status.ShouldBe(ClaimStatus.NotClaimable);
        claim.ClaimableFrom.ShouldBeNull();
        var da = claim.Outcomes.Single(o => o.Headline == "DA");
        da.Met.ShouldBeFalse();
        da.Tests[^1].On.ShouldBe(new DateOnly(2025, 1, 30));
        da.Tests[^1].Evidence.Select(e => e.EventId).ShouldContain(incident.Id);
        claim.Outcomes.Single(o => o.Headline == "CRIME").Sustained.ShouldBeTrue("the other outcomes held");
        claim.Problems.ShouldContain("DA: the outcome was not met on 2025-01-30, 4 months after closure");
    }

    [Fact]
    public void Needs_AreThoseAtTheAssessment_SoALaterIncidentDoesNotMakeTheFamilyEligible()
    {
        // Two needs at the assessment; the suspect incident comes after it, so the family was not eligible then.
        var family = Family(
            Episode(),
            Event("police", "police_incident", "2024-03-01", null, ("role", "Suspect")),
            Event("police", "police_incident", "2023-12-01", null, ("domestic_abuse", "Y")),
            Event("dwp", "benefit_claim", "2023-06-01", "2024-03-31"));

        var claim = ResultsClaims.Assess(RuleSet, family, new DateOnly(2025, 6, 1)).ShouldHaveSingleItem();

        claim.Status.ShouldBe(ClaimStatus.NotClaimable);
        claim.Needs.Select(n => n.Headline).ShouldBe(["DA", "FIN"]);
        claim.Problems.ShouldContain("2 needs at the assessment on 2024-02-01, fewer than eligibility asks");
    }

    [Theory]
    [InlineData("assessment_date", "no whole-family assessment is recorded")]
    [InlineData("plan_start", "no plan is recorded")]
    [InlineData("lead_team", "no lead practitioner is recorded")]
    public void Episode_WithoutTheCaseWork_IsNotClaimable_AndSaysWhatIsMissing(string missing, string problem)
    {
        var episode = Episode(without: missing);

        var claim = ResultsClaims.Assess(RuleSet, ThreeNeedFamily(episode), new DateOnly(2025, 6, 1)).ShouldHaveSingleItem();

        claim.Status.ShouldBe(ClaimStatus.NotClaimable);
        claim.Problems.ShouldContain(problem);
    }

    [Fact]
    public void Episode_ClosedWithoutConsent_IsNotClaimable_AndAnOpenOneIsPending()
    {
        var refused = ResultsClaims.Assess(RuleSet, ThreeNeedFamily(Episode(reason: "Consent not given")), new DateOnly(2025, 6, 1)).ShouldHaveSingleItem();
        refused.Status.ShouldBe(ClaimStatus.NotClaimable);
        refused.Problems.ShouldContain(p => p.Contains("Consent not given", StringComparison.Ordinal));

        var open = ResultsClaims.Assess(RuleSet, ThreeNeedFamily(Episode(end: null)), new DateOnly(2025, 6, 1)).ShouldHaveSingleItem();
        open.Status.ShouldBe(ClaimStatus.Pending);
        open.ClosedOn.ShouldBeNull();
        open.Outcomes.ShouldBeEmpty();
        open.Problems.ShouldBe(["the episode is still open"]);
    }

    [Fact]
    public void Episode_WithCaseWorkDatedLater_IsPending_AndIsJudgedAgainOnThatDate()
    {
        // Judged as at a date between the referral and the assessment: nothing is missing yet, it is still to come.
        var early = ResultsClaims.Assess(RuleSet, ThreeNeedFamily(), new DateOnly(2024, 1, 20)).ShouldHaveSingleItem();
        early.Status.ShouldBe(ClaimStatus.Pending);
        early.NextCheck.ShouldBe(new DateOnly(2024, 2, 1), "the assessment's date, the first of the dates still to come");
        early.Problems.ShouldBe(["the whole-family assessment is dated 2024-02-01", "the plan starts on 2024-02-15", "the episode closes on 2024-09-30"]);

        var beforeClosure = ResultsClaims.Assess(RuleSet, ThreeNeedFamily(), new DateOnly(2024, 6, 1)).ShouldHaveSingleItem();
        beforeClosure.Status.ShouldBe(ClaimStatus.Pending);
        beforeClosure.NextCheck.ShouldBe(Closure);
        beforeClosure.Needs.Count.ShouldBe(3, "the needs were found at the assessment");
    }

    [Fact]
    public void Episode_StartedAfterTheDate_IsNotAssessed_AndARuleSetWithoutClaimsAssessesNothing()
    {
        ResultsClaims.Assess(RuleSet, ThreeNeedFamily(), new DateOnly(2024, 1, 1)).ShouldBeEmpty();
        var noClaims = CompiledRuleSet.Compile(Hearth.Core.Rules.RuleSet.Parse("{" + Sets.TrimEnd().TrimEnd(',') + "}", "no claims"));
        ResultsClaims.Assess(noClaims, ThreeNeedFamily(), new DateOnly(2025, 6, 1)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{ "id": "x", "indicator": "HOUS", "description": "d", "weight": 0, "when": { "age": { "lt": 1 } } }""", "the indicator 'HOUS' is not the indicator of any rule")]
    [InlineData("""{ "id": "crime", "indicator": "CRIME", "description": "d", "weight": 0, "when": { "age": { "lt": 1 } } }""", "the id 'crime' is empty or used twice")]
    [InlineData("""{ "id": "x", "indicator": "CRIME", "description": "d", "weight": 0, "when": { "age": { "lt": 1 } } }, { "id": "y", "indicator": "CRIME", "description": "d", "weight": 0, "when": { "age": { "lt": 1 } } }""", "the indicator 'CRIME' already has an outcome")]
    public void Compile_RejectsOutcomesThatCannotMeetANeed(string outcomes, string problem)
    {
        var json = "{" + Sets + $"\"outcomes\": [{outcomes}], \"claims\": {{}} }}";

        Should.Throw<InvalidRuleSetException>(() => CompiledRuleSet.Compile(Hearth.Core.Rules.RuleSet.Parse(json, "bad"))).Message.ShouldContain(problem);
    }

    [Fact]
    public void Compile_RejectsClaimsOnAPersonRuleSet()
    {
        var json = """{ "name": "p", "version": "1", "subject": "person", "scale": "rag", "rules": [ { "id": "r", "description": "d", "weight": 1, "when": { "age": { "lt": 18 } } } ], "bands": [ { "band": "green", "from": 0 } ], "claims": {} }""";

        Should.Throw<InvalidRuleSetException>(() => CompiledRuleSet.Compile(Hearth.Core.Rules.RuleSet.Parse(json, "p"))).Message.ShouldContain("only for a family rule set");
    }

    /// <summary>A child and a parent, with a suspect incident, a domestic abuse incident and a benefit claim before the assessment, all over by closure.</summary>
    private static Subject ThreeNeedFamily(SubjectEvent? episode = null, SubjectEvent? extra = null) =>
        Family(
            episode ?? Episode(),
            [
                Event("police", "police_incident", "2023-11-01", null, ("role", "Suspect")),
                Event("police", "police_incident", "2023-12-01", null, ("domestic_abuse", "Y")),
                Event("dwp", "benefit_claim", "2023-06-01", "2024-03-31"),
                .. extra is null ? Array.Empty<SubjectEvent>() : [extra],
            ]);

    private static Subject Family(SubjectEvent episode, params SubjectEvent[] parentEvents)
    {
        // Each member carries their own copy of the episode, as the early help feed gives one per member.
        var child = Pupil(10, [Copy(episode)]);
        var parent = Pupil(35, [Copy(episode), .. parentEvents]);
        return Subject.Family(1, new Dictionary<string, string>(StringComparer.Ordinal), [new SubjectMember(child, "Child"), new SubjectMember(parent, "Parent")]);
    }

    private static SubjectEvent Copy(SubjectEvent e) => Event(e.Feed, e.Type, e.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), e.EndDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), [.. e.Attributes.Select(a => (a.Key, a.Value))]);

    private static SubjectEvent Episode(string? without = null, string reason = "Needs met", string? end = "2024-09-30")
    {
        var attributes = new List<(string, string)> { ("case_id", "EH1"), ("assessment_date", "2024-02-01"), ("plan_start", "2024-02-15"), ("lead_team", "Family Hub North"), ("closure_reason", reason) };
        attributes.RemoveAll(a => a.Item1 == without);
        return Event("early_help", "early_help_episode", "2024-01-10", end, [.. attributes]);
    }
}
