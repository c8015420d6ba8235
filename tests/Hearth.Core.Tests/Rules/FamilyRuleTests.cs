using Hearth.Core.Rules;
using static Hearth.Core.Tests.Rules.RuleEvaluationTests;

namespace Hearth.Core.Tests.Rules;

/// <summary>Family rule sets: members with a role for whom a condition holds, needs counted once per headline, and the eligibility scale.</summary>
public class FamilyRuleTests
{
    private static readonly DateOnly AsOf = new(2026, 7, 20);

    private static readonly CompiledRuleSet Needs = CompiledRuleSet.Compile(RuleSet.Parse("""
        {
          "name": "needs", "version": "1", "subject": "family", "scale": "eligibility",
          "cohort": { "members": { "roles": ["Child"], "when": { "age": { "lt": 18 } } } },
          "rules": [
            { "id": "edu-attendance", "indicator": "EDU", "description": "A child's attendance under 90%", "weight": 1,
              "when": { "members": { "roles": ["Child"], "when": { "rate": { "events": ["attendance_term"], "numerator": "present", "denominator": "sessions_possible", "window": { "terms": 3 }, "is": { "lt": 0.9 } } } } } },
            { "id": "edu-suspensions", "indicator": "EDU", "description": "A child with 3+ suspensions", "weight": 1,
              "when": { "members": { "roles": ["Child"], "when": { "count": { "events": ["exclusion"], "where": { "category": ["SUSP"] }, "window": { "terms": 3 }, "is": { "ge": 3 } } } } } },
            { "id": "fin-workless", "indicator": "FIN", "description": "An adult on out-of-work benefits", "weight": 1,
              "when": { "members": { "roles": ["Parent", "StepParent", "Carer"], "when": { "count": { "events": ["benefit_claim"], "where": { "benefit": ["JSA", "ESA"] }, "window": { "months": 12, "overlapping": true } } } } } },
            { "id": "crime-any", "indicator": "CRIME", "description": "Anyone a suspect", "weight": 1,
              "when": { "members": { "when": { "count": { "events": ["police_incident"], "where": { "role": ["Suspect"] }, "window": { "months": 12 } } } } } },
            { "id": "rel-early-help", "indicator": "REL", "description": "Early help found a relationships need", "weight": 1,
              "when": { "count": { "events": ["early_help_episode"], "where_includes": { "assessment_needs": ["REL"] }, "window": { "months": 12, "overlapping": true } } } },
            { "id": "two-children-absent", "indicator": "EDU-siblings", "description": "Two or more children absent", "weight": 0,
              "when": { "members": { "roles": ["Child"], "when": { "rate": { "events": ["attendance_term"], "numerator": "present", "denominator": "sessions_possible", "window": { "terms": 3 }, "is": { "lt": 0.9 } } }, "is": { "ge": 2 } } } }
          ],
          "bands": [ { "band": "not_eligible", "from": 0 }, { "band": "eligible", "from": 3 } ]
        }
        """, "needs"));

    [Fact]
    public void Family_WithNeedsUnderThreeHeadlines_IsNotEligible_AndEachHeadlineCountsOnce()
    {
        var child = Pupil(10, [Attendance("2025/26", "SUM", 50, 100), .. Suspensions(3)]);
        var family = Family((child, "Child"), (Adult([Benefit("JSA")]), "Parent"));

        var score = Needs.Evaluate(family, AsOf)!;

        score.Score.ShouldBe(2, "EDU (twice over) and FIN");
        score.Band.ShouldBe("not_eligible");
        score.Reasons.Where(r => r.Indicator == "EDU").Count(r => r.Counted).ShouldBe(1, "two EDU rules fired, one counts");
    }

    [Fact]
    public void Family_WithThreeHeadlines_IsEligible_AndTheReasonsNameTheMembers()
    {
        var child = Pupil(10, [Attendance("2025/26", "SUM", 50, 100)]);
        var parent = Adult([Benefit("ESA")]);
        var partner = Adult([Event("police_incidents", "police_incident", "2026-03-01", null, ("role", "Suspect"))]);
        var family = Family((child, "Child"), (parent, "Parent"), (partner, "StepParent"));

        var score = Needs.Evaluate(family, AsOf)!;

        score.Band.ShouldBe("eligible");
        score.Score.ShouldBe(3);
        var crime = score.Reasons.Single(r => r.Id == "crime-any");
        crime.Facts.ShouldContain(f => f.StartsWith($"member {partner.Id} (StepParent)", StringComparison.Ordinal));
        crime.Evidence.Single().EventType.ShouldBe("police_incident");
        var workless = score.Reasons.Single(r => r.Id == "fin-workless");
        workless.Facts[0].ShouldBe("1 member (Carer, Parent, StepParent) with count of benefit_claim (benefit ESA/JSA) in the last 12 months (open at any time) ≥ 1 (members needed: ≥ 1)");
        workless.Facts[1].ShouldStartWith($"member {parent.Id} (Parent): ");
    }

    [Fact]
    public void Members_RoleFilter_IgnoresMembersWithOtherRoles()
    {
        // Only the parent is on out-of-work benefits here, but listed as a Grandparent, which the rule does not count.
        var family = Family((Pupil(8, []), "Child"), (Adult([Benefit("JSA")]), "Grandparent"));

        Needs.Evaluate(family, AsOf)!.Reasons.ShouldNotContain(r => r.Id == "fin-workless");
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public void Members_Threshold_CountsTheMembersForWhomTheConditionHolds(int absentChildren, bool fires)
    {
        var children = Enumerable.Range(0, 3).Select(i => (Pupil(9 + i, [Attendance("2025/26", "SUM", i < absentChildren ? 60 : 98, 100)]), "Child")).ToArray();

        Needs.Evaluate(Family(children), AsOf)!.Reasons.Any(r => r.Id == "two-children-absent").ShouldBe(fires);
    }

    [Fact]
    public void Cohort_FamilyWithNoChildUnder18_IsNotScored() =>
        Needs.Evaluate(Family((Adult([]), "Parent"), (Pupil(19, []), "Child")), AsOf).ShouldBeNull();

    [Theory]
    [InlineData("REL", true)]
    [InlineData("FIN; REL", true)]
    [InlineData("FIN,REL", true)]
    [InlineData("RELATIONSHIPS", false)]
    [InlineData("FIN", false)]
    public void WhereIncludes_ReadsTheAttributeAsAList(string needs, bool fires)
    {
        var parent = Adult([Event("early_help", "early_help_episode", "2026-01-10", null, ("assessment_needs", needs))]);

        Needs.Evaluate(Family((Pupil(6, []), "Child"), (parent, "Parent")), AsOf)!.Reasons.Any(r => r.Id == "rel-early-help").ShouldBe(fires);
    }

    [Fact]
    public void FamilyEvents_AreEveryMembersEvents()
    {
        var child = Pupil(10, [Attendance("2025/26", "SUM", 50, 100)]);
        var parent = Adult([Benefit("JSA")]);

        var family = Family((child, "Child"), (parent, "Parent"));

        family.EventsOf("attendance_term").Count.ShouldBe(1);
        family.EventsOf("benefit_claim").Count.ShouldBe(1);
    }

    [Fact]
    public void Compile_MembersInAPersonRuleSet_IsRefused()
    {
        var error = Should.Throw<InvalidRuleSetException>(() => CompiledRuleSet.Compile(RuleSet.Parse("""
            { "name": "p", "version": "1", "subject": "person", "scale": "rag",
              "rules": [ { "id": "r", "description": "d", "weight": 1, "when": { "members": { "roles": ["Child"] } } } ],
              "bands": [ { "band": "green", "from": 0 } ] }
            """, "p")));

        error.Message.ShouldContain("members may only be used in a family rule set");
    }

    [Fact]
    public void Compile_EmptyRoles_IsRefusedWithWhere()
    {
        var error = Should.Throw<InvalidRuleSetException>(() => CompiledRuleSet.Compile(RuleSet.Parse("""
            { "name": "f", "version": "1", "subject": "family", "scale": "eligibility",
              "rules": [ { "id": "r", "description": "d", "weight": 1, "when": { "members": { "roles": [] } } } ],
              "bands": [ { "band": "not_eligible", "from": 0 }, { "band": "red", "from": 3 } ] }
            """, "f")));

        error.Message.ShouldContain("rules[0].when.members.roles: give at least one role");
        error.Message.ShouldContain("'red' is not a band of the eligibility scale (not_eligible, eligible)");
    }

    private static Subject Family(params (Subject Person, string Role)[] members) =>
        Subject.Family(1, new Dictionary<string, string>(StringComparer.Ordinal), [.. members.Select(m => new SubjectMember(m.Person, m.Role))]);

    private static Subject Adult(IEnumerable<SubjectEvent> events) => Pupil(35, events);

    private static SubjectEvent Benefit(string benefit) =>
        Event("benefits", "benefit_claim", "2025-01-01", null, ("benefit", benefit), ("member_type", "claimant"));

    private static IEnumerable<SubjectEvent> Suspensions(int count) =>
        Enumerable.Range(0, count).Select(i => Event("school_exclusions", "exclusion", $"2026-0{i + 1}-10", null, ("category", "SUSP")));
}
