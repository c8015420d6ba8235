using Hearth.Core.Rules;

namespace Hearth.Core.Tests.Rules;

/// <summary>The evaluator on small rule sets written as JSON, as a deployment writes them, against hand-built subjects.</summary>
public class RuleEvaluationTests
{
    private static readonly DateOnly AsOf = new(2026, 7, 20); // summer term 2025/26

    private static readonly CompiledRuleSet Set = CompiledRuleSet.Compile(RuleSet.Parse("""
        {
          "name": "test", "version": "1.2", "subject": "person", "scale": "rag",
          "cohort": { "age": { "ge": 5, "le": 16 } },
          "rules": [
            { "id": "attendance-low", "indicator": "attendance", "description": "Attendance under 90%", "weight": 2,
              "when": { "rate": { "events": ["attendance_term"], "numerator": "present", "denominator": "sessions_possible", "window": { "terms": 3 }, "is": { "lt": 0.9 } } } },
            { "id": "attendance-severe", "indicator": "attendance", "description": "Attendance under 50%", "weight": 3,
              "when": { "rate": { "events": ["attendance_term"], "numerator": "present", "denominator": "sessions_possible", "window": { "terms": 3 }, "is": { "lt": 0.5 } } } },
            { "id": "suspensions", "description": "3+ suspensions in 3 terms", "weight": 2,
              "when": { "count": { "events": ["exclusion"], "where": { "category": ["SUSP"] }, "window": { "terms": 3 }, "is": { "ge": 3 } } } },
            { "id": "exploitation-factor", "description": "Exploitation factor at assessment", "weight": 3,
              "when": { "count": { "events": ["assessment_factor"], "where": { "factor": ["11A", "13A", "24A"] }, "window": { "months": 12 } } } },
            { "id": "open-plan", "description": "Open child protection plan", "weight": 1,
              "when": { "count": { "events": ["child_protection_plan"], "window": { "months": 6, "overlapping": true } } } },
            { "id": "suspect-not-victim", "description": "Suspect and never a victim", "weight": 1,
              "when": { "all": [
                { "count": { "events": ["police_incident"], "where": { "role": ["Suspect"] }, "window": { "days": 365 } } },
                { "not": { "count": { "events": ["police_incident"], "where": { "role": ["Victim"] } } } } ] } },
            { "id": "serious-offence", "description": "Serious youth justice outcome or drugs", "weight": 1,
              "when": { "any": [
                { "count": { "events": ["youth_justice_outcome"], "where_number": { "gravity_score": { "ge": 5 } } } },
                { "count": { "events": ["youth_justice_outcome"], "where": { "offence_category": ["Drugs offences"] } } } ] } }
          ],
          "bands": [ { "band": "green", "from": 0 }, { "band": "amber", "from": 2 }, { "band": "red", "from": 5 } ],
          "overrides": [
            { "id": "young-and-high", "description": "13 or under with a high indicator", "band": "red",
              "when": { "all": [ { "age": { "le": 13 } }, { "fired": { "min_weight": 3 } } ] } }
          ]
        }
        """, "test"));

    private static readonly string[] Terms = ["AUT", "SPR", "SUM"];

    private static long _nextId = 1;

    public static TheoryData<string, int[], bool> AttendanceCases => new()
    {
        // description, present out of 100 in each of the last three terms (AUT, SPR, SUM 2025/26), fires under 90%
        { "all at 95%", [95, 95, 95], false },
        { "exactly 90% is not under", [90, 90, 90], false },
        { "one bad term pulls it under", [95, 95, 60], true },
        { "just under", [89, 90, 90], true },
    };

    [Theory]
    [MemberData(nameof(AttendanceCases))]
    public void Rate_AttendanceOverThreeTerms_FiresUnderNinetyPercent(string description, int[] present, bool fires)
    {
        var events = present.Select((p, i) => Attendance("2025/26", Terms[i], p, 100)).ToList();

        var score = Set.Evaluate(Pupil(age: 14, events), AsOf)!;

        score.Reasons.Any(r => r.Id == "attendance-low").ShouldBe(fires, description);
    }

    [Fact]
    public void Rate_TermOutsideTheWindow_IsNotCounted_WhateverItsDate()
    {
        // Summer 2024/25 is the fourth term back; the date (on roll from) is inside any window, the term is not.
        var events = new[] { Attendance("2024/25", "SUM", 10, 100), Attendance("2025/26", "AUT", 95, 100) };

        var score = Set.Evaluate(Pupil(14, events), AsOf)!;

        score.Reasons.ShouldNotContain(r => r.Indicator == "attendance");
    }

    [Fact]
    public void Rate_NoSessions_IsUnknownAndDoesNotFire() =>
        Set.Evaluate(Pupil(14, [Attendance("2025/26", "SUM", 0, 0)]), AsOf)!.Reasons.ShouldBeEmpty();

    [Fact]
    public void Indicator_TwoLevelsFire_OnlyTheHigherCounts()
    {
        var score = Set.Evaluate(Pupil(14, [Attendance("2025/26", "SUM", 40, 100)]), AsOf)!;

        score.Score.ShouldBe(3);
        score.Reasons.Single(r => r.Id == "attendance-severe").Counted.ShouldBeTrue();
        score.Reasons.Single(r => r.Id == "attendance-low").Counted.ShouldBeFalse();
        score.Band.ShouldBe("amber");
    }

    public static TheoryData<string, string[], string[], bool> SuspensionCases => new()
    {
        // description, categories, dates, fires at 3+ SUSP in the last 3 terms (from 1 September 2025)
        { "three suspensions", ["SUSP", "SUSP", "SUSP"], ["2025-10-01", "2026-02-01", "2026-05-01"], true },
        { "two suspensions", ["SUSP", "SUSP"], ["2025-10-01", "2026-02-01"], false },
        { "a permanent exclusion is not a suspension", ["SUSP", "SUSP", "PERM"], ["2025-10-01", "2026-02-01", "2026-05-01"], false },
        { "one before the window", ["SUSP", "SUSP", "SUSP"], ["2025-07-01", "2026-02-01", "2026-05-01"], false },
        { "one after the evaluation date", ["SUSP", "SUSP", "SUSP"], ["2025-10-01", "2026-02-01", "2026-07-21"], false },
        { "category in lower case", ["susp", "SUSP", "SUSP"], ["2025-10-01", "2026-02-01", "2026-05-01"], true },
    };

    [Theory]
    [MemberData(nameof(SuspensionCases))]
    public void Count_Suspensions_FireAtThreeInThreeTerms(string description, string[] categories, string[] dates, bool fires)
    {
        var events = categories.Select((c, i) => Event("school_exclusions", "exclusion", dates[i], null, ("category", c))).ToList();

        var score = Set.Evaluate(Pupil(14, events), AsOf)!;

        var reason = score.Reasons.SingleOrDefault(r => r.Id == "suspensions");
        (reason is not null).ShouldBe(fires, description);
        if (reason is not null)
        {
            reason.Evidence.Select(e => e.EventId).ShouldBe(events.Where(e => string.Equals(e.Attributes["category"], "SUSP", StringComparison.OrdinalIgnoreCase)).Select(e => e.Id), ignoreOrder: true);
            reason.Facts.Single().ShouldStartWith("3 × exclusion (category SUSP) in the last 3 terms");
        }
    }

    [Theory]
    [InlineData("11A", true)]
    [InlineData("24A", true)]
    [InlineData("1A", false)]
    [InlineData("11B", false)]
    public void Count_FactorInList_Fires(string factor, bool fires) =>
        Set.Evaluate(Pupil(15, [Event("cin_census", "assessment_factor", "2026-01-10", null, ("factor", factor))]), AsOf)!
            .Reasons.Any(r => r.Id == "exploitation-factor").ShouldBe(fires);

    [Theory]
    [InlineData("2025-01-01", null, true)]           // still open
    [InlineData("2025-01-01", "2026-03-01", true)]   // closed within the last 6 months
    [InlineData("2024-01-01", "2025-06-01", false)]  // closed before the window
    [InlineData("2026-07-21", null, false)]          // starts after the evaluation date
    public void Overlapping_PlanOpenDuringTheWindow_Fires(string start, string? end, bool fires) =>
        Set.Evaluate(Pupil(10, [Event("cin_census", "child_protection_plan", start, end)]), AsOf)!
            .Reasons.Any(r => r.Id == "open-plan").ShouldBe(fires);

    public static TheoryData<string, string[], bool> PoliceCases => new()
    {
        { "suspect only", ["Suspect"], true },
        { "suspect and victim", ["Suspect", "Victim"], false },
        { "witness only", ["Witness"], false },
    };

    [Theory]
    [MemberData(nameof(PoliceCases))]
    public void AllAndNot_SuspectNeverVictim(string description, string[] roles, bool fires)
    {
        var events = roles.Select(r => Event("police_incidents", "police_incident", "2026-03-01", null, ("role", r))).ToList();

        var reason = Set.Evaluate(Pupil(15, events), AsOf)!.Reasons.SingleOrDefault(r => r.Id == "suspect-not-victim");

        (reason is not null).ShouldBe(fires, description);
        if (reason is not null)
        {
            reason.Evidence.Select(e => e.EventId).ShouldBe([events[0].Id]);
            reason.Facts.ShouldContain(f => f.StartsWith("not ", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("5", "Robbery", 1)]
    [InlineData("2", "Drugs offences", 1)]
    [InlineData("6", "Drugs offences", 2)]   // both branches hold: both are reasons
    [InlineData("2", "Criminal damage", 0)]
    [InlineData("n/a", "Criminal damage", 0)]
    public void Any_EveryBranchThatHolds_IsAFact(string gravity, string category, int facts)
    {
        var e = Event("youth_justice", "youth_justice_outcome", "2026-01-01", null, ("gravity_score", gravity), ("offence_category", category));

        var reason = Set.Evaluate(Pupil(15, [e]), AsOf)!.Reasons.SingleOrDefault(r => r.Id == "serious-offence");

        (reason?.Facts.Count ?? 0).ShouldBe(facts);
    }

    public static TheoryData<int, string[], double, string> BandCases => new()
    {
        // age, rules to make fire, score, band
        { 14, [], 0, "green" },
        { 14, ["open-plan"], 1, "green" },
        { 14, ["suspensions"], 2, "amber" },
        { 14, ["suspensions", "open-plan"], 3, "amber" },
        { 14, ["suspensions", "exploitation-factor"], 5, "red" },
        { 14, ["exploitation-factor"], 3, "amber" },
        { 13, ["exploitation-factor"], 3, "red" },   // 13 or under with a high indicator
        { 12, ["open-plan"], 1, "green" },           // young, but no high indicator
    };

    [Theory]
    [MemberData(nameof(BandCases))]
    public void Bands_ScoreAndOverrides_GiveTheBand(int age, string[] rules, double expectedScore, string expectedBand)
    {
        var events = new List<SubjectEvent>();
        foreach (var rule in rules)
        {
            switch (rule)
            {
                case "open-plan":
                    events.Add(Event("cin_census", "child_protection_plan", "2026-01-01", null));
                    break;
                case "suspensions":
                    events.AddRange(Enumerable.Range(1, 3).Select(i => Event("school_exclusions", "exclusion", $"2026-0{i}-10", null, ("category", "SUSP"))));
                    break;
                default:
                    events.Add(Event("cin_census", "assessment_factor", "2026-01-10", null, ("factor", "24A")));
                    break;
            }
        }

        var score = Set.Evaluate(Pupil(age, events), AsOf)!;

        score.Score.ShouldBe(expectedScore);
        score.Band.ShouldBe(expectedBand);
        score.Version.ShouldBe("1.2");
        score.Reasons.Where(r => r.Kind == "rule").Select(r => r.Id).ShouldBe(rules, ignoreOrder: true);
    }

    [Fact]
    public void Override_RaisingTheBand_NamesTheRuleAndItsEvidence()
    {
        var factor = Event("cin_census", "assessment_factor", "2026-01-10", null, ("factor", "13A"));

        var reason = Set.Evaluate(Pupil(12, [factor]), AsOf)!.Reasons.Single(r => r.Kind == "override");

        reason.Id.ShouldBe("young-and-high");
        reason.Counted.ShouldBeTrue();
        reason.Facts.ShouldContain("age 12 (≤ 13)");
        reason.Facts.ShouldContain("fired: exploitation-factor (3)");
        reason.Evidence.Single().EventId.ShouldBe(factor.Id);
    }

    [Theory]
    [InlineData(4, false)]
    [InlineData(5, true)]
    [InlineData(16, true)]
    [InlineData(17, false)]
    public void Cohort_OutsideTheAgeRange_GetsNoScore(int age, bool scored) =>
        (Set.Evaluate(Pupil(age, []), AsOf) is not null).ShouldBe(scored);

    [Fact]
    public void Cohort_NoDateOfBirth_GetsNoScore() =>
        Set.Evaluate(new Subject(1, null, new Dictionary<string, string>(StringComparer.Ordinal), []), AsOf).ShouldBeNull();

    [Fact]
    public void Evaluate_SameSubjectTwice_GivesTheSameAnswer()
    {
        var subject = Pupil(14, [Attendance("2025/26", "SUM", 40, 100), Event("cin_census", "child_protection_plan", "2026-01-01", null)]);

        var first = Set.Evaluate(subject, AsOf)!;
        var second = Set.Evaluate(subject, AsOf)!;

        second.Score.ShouldBe(first.Score);
        second.Band.ShouldBe(first.Band);
        second.Reasons.Select(r => (r.Id, string.Join("|", r.Facts))).ShouldBe(first.Reasons.Select(r => (r.Id, string.Join("|", r.Facts))));
    }

    [Theory]
    [InlineData("2026-07-20", 2025 * 3 + 2)]
    [InlineData("2026-08-31", 2025 * 3 + 2)]
    [InlineData("2026-09-01", 2026 * 3 + 0)]
    [InlineData("2026-12-31", 2026 * 3 + 0)]
    [InlineData("2027-01-01", 2026 * 3 + 1)]
    [InlineData("2027-04-01", 2026 * 3 + 2)]
    public void SchoolTerms_DateFallsInItsTerm(string date, int term) =>
        SchoolTerms.TermOf(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(term);

    [Theory]
    [InlineData("2025/26", "SUM", 2025 * 3 + 2)]
    [InlineData("2025-26", "AUT", 2025 * 3 + 0)]
    [InlineData("2025", "Spring", 2025 * 3 + 1)]
    [InlineData("25/26", "SUM", null)]
    [InlineData("2025/26", "XYZ", null)]
    public void SchoolTerms_Parse_ReadsTheAcademicYearAndTerm(string year, string term, int? expected) =>
        SchoolTerms.Parse(year, term).ShouldBe(expected);

    internal static Subject Pupil(int age, IEnumerable<SubjectEvent> events) =>
        new(Interlocked.Increment(ref _nextId), AsOf.AddYears(-age).AddDays(-1), new Dictionary<string, string>(StringComparer.Ordinal) { ["sex"] = "F" }, events);

    internal static SubjectEvent Attendance(string year, string term, int present, int possible) =>
        Event("school_attendance", "attendance_term", "2021-09-01", null, ("academic_year", year), ("term", term), ("present", present.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("sessions_possible", possible.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    internal static SubjectEvent Event(string feed, string type, string date, string? end, params (string Key, string Value)[] attributes) =>
        new(Interlocked.Increment(ref _nextId), feed, type, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture),
            end is null ? null : DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), attributes.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal));
}
