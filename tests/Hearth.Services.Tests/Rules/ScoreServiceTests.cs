using System.Globalization;
using System.Text.Json;
using Dapper;
using Hearth.Core.Rules;
using Hearth.Services.Persistence;
using Hearth.Services.Rules;
using Hearth.TestCommon;

namespace Hearth.Services.Tests.Rules;

/// <summary>
/// Scoring over the store on both stores, with golden records and events written directly so that each test says
/// exactly what a person's record holds: scores and their reasons, history only on change, alerts once, and who
/// acknowledged them.
/// </summary>
public sealed class ScoreServiceTests
{
    private static readonly DateOnly AsOf = new(2026, 7, 20);

    private static CompiledRuleSet VulnerablePupil => RuleCatalogue.Load(Path.Combine(Repository.Root, "config", "rules")).Single(s => s.Name == "vulnerable-pupil");

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void Score_FirstRun_ScoresTheCohortWithReasonsAndEvidence_AndRaisesNoAlerts(StoreProvider provider)
    {
        using var store = TestStore.Create(provider);
        var city = new TinyCity(store.Location);
        var pupil = city.Person("2012-03-01");
        var adult = city.Person("1985-06-01");
        var attendance = city.Attendance(pupil, "2025/26", "SUM", present: 80, possible: 100);
        var suspensions = new[] { "2025-10-01", "2026-01-15", "2026-05-05" }.Select(d => city.Event(pupil, "school_exclusions", "exclusion", d, new { category = "SUSP", sessions = "2" })).ToList();
        city.Event(adult, "police_incidents", "police_incident", "2026-03-01", new { role = "Suspect" });

        var result = Service(store).Score(new ScoreCommand("test") { AsOf = AsOf, RuleSets = [VulnerablePupil] });

        result.Subjects.ShouldBe(2);
        result.RuleSets.Single().Scored.ShouldBe(1, "the adult is outside the cohort");
        result.Alerts.ShouldBe(0, "a first run is the baseline: nothing has changed yet");
        using var connection = store.Location.Open();
        var row = connection.QuerySingle<(long SubjectId, string Version, double Score, string Band, string Reasons)>(
            "SELECT subject_id, rule_version, score, band, reasons FROM scores WHERE subject_type = 'person' AND rule_set = 'vulnerable-pupil'");
        row.SubjectId.ShouldBe(pupil);
        row.Score.ShouldBe(4);
        row.Band.ShouldBe("amber");
        row.Version.ShouldBe("1.0.0");
        var reasons = JsonSerializer.Deserialize<List<ScoreReason>>(row.Reasons, ScoreService.Json)!;
        reasons.Select(r => r.Id).ShouldBe(["attendance-below-90", "suspensions-3-plus"], ignoreOrder: true);
        reasons.Single(r => r.Id == "attendance-below-90").Evidence.Single().EventId.ShouldBe(attendance);
        reasons.Single(r => r.Id == "suspensions-3-plus").Evidence.Select(e => e.EventId).ShouldBe(suspensions, ignoreOrder: true);
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM score_history").ShouldBe(1);
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM alerts").ShouldBe(0);

        var explained = Service(store).Explain(pupil);
        explained.Single().Reasons.Single(r => r.Id == "suspensions-3-plus").Evidence.ShouldAllBe(e => e.Feed == "school_exclusions" && e.EventType == "exclusion");
        Service(store).Explain(adult).ShouldBeEmpty();
        Should.Throw<ArgumentException>(() => Service(store).Explain(999_999));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void Score_RerunWithoutChanges_WritesNoHistoryAndNoAlerts(StoreProvider provider)
    {
        using var store = TestStore.Create(provider);
        var city = new TinyCity(store.Location);
        var pupil = city.Person("2012-03-01");
        city.Attendance(pupil, "2025/26", "SUM", present: 40, possible: 100);
        city.Event(pupil, "police_incidents", "police_incident", "2026-02-01", new { role = "Suspect" });
        var service = Service(store);
        service.Score(new ScoreCommand("test") { AsOf = AsOf });
        using var connection = store.Location.Open();
        var history = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM score_history");
        history.ShouldBe(3, "one row per rule set the 14-year-old is scored by");

        var second = service.Score(new ScoreCommand("test") { AsOf = AsOf });

        second.HistoryRows.ShouldBe(0);
        second.Alerts.ShouldBe(0);
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM score_history").ShouldBe(history);
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores WHERE run_id = @RunId", new { second.RunId }).ShouldBe(3, "every current score says which run last confirmed it");
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM score_runs WHERE finished_at IS NOT NULL").ShouldBe(2);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void Score_WorseBandAndNewExclusion_RaiseAlertsOnce_AndAcknowledgeRecordsWhoWhenAndWhy(StoreProvider provider)
    {
        using var store = TestStore.Create(provider);
        var city = new TinyCity(store.Location);
        var pupil = city.Person("2012-03-01");
        city.Attendance(pupil, "2025/26", "SUM", present: 80, possible: 100);
        foreach (var date in new[] { "2025-10-01", "2026-01-15", "2026-05-05" })
        {
            city.Event(pupil, "school_exclusions", "exclusion", date, new { category = "SUSP" });
        }

        var service = Service(store);
        service.Score(new ScoreCommand("test") { AsOf = AsOf, RuleSets = [VulnerablePupil] }).Alerts.ShouldBe(0);

        // A child protection plan (3) takes the score from 4 to 7: amber to red. The new suspension is alerted on its own.
        city.Event(pupil, "cin_census", "child_protection_plan", "2026-06-01", new { initial_category = "NEG" });
        var exclusion = city.Event(pupil, "school_exclusions", "exclusion", "2026-07-01", new { category = "SUSP" });
        var second = service.Score(new ScoreCommand("test") { AsOf = AsOf, RuleSets = [VulnerablePupil] });

        second.HistoryRows.ShouldBe(1);
        second.Alerts.ShouldBe(2);
        using var connection = store.Location.Open();
        var alerts = service.Alerts();
        alerts.Select(a => a.Kind).ShouldBe(["band_worsened", "new_exclusion"], ignoreOrder: true);
        alerts.ShouldAllBe(a => a.SubjectId == pupil && a.SubjectType == "person" && a.RuleSet == "vulnerable-pupil");
        using (var detail = JsonDocument.Parse(alerts.Single(a => a.Kind == "band_worsened").Detail))
        {
            detail.RootElement.GetProperty("from").GetString().ShouldBe("amber");
            detail.RootElement.GetProperty("to").GetString().ShouldBe("red");
        }

        using (var detail = JsonDocument.Parse(alerts.Single(a => a.Kind == "new_exclusion").Detail))
        {
            detail.RootElement.GetProperty("event_id").GetInt64().ShouldBe(exclusion);
        }

        connection.QuerySingle<(string? Previous, string Band)>("SELECT previous_band, band FROM score_history ORDER BY id DESC LIMIT 1").ShouldBe(("amber", "red"));

        // The same exclusion loaded again as a new version of its record is not new; nor is anything on a plain re-run.
        city.Reload(exclusion);
        var third = service.Score(new ScoreCommand("test") { AsOf = AsOf, RuleSets = [VulnerablePupil] });
        third.Alerts.ShouldBe(0);
        third.HistoryRows.ShouldBe(0);
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM alerts").ShouldBe(2);

        var band = alerts.Single(a => a.Kind == "band_worsened");
        var acknowledged = service.Acknowledge(new AcknowledgeCommand(band.Id, "a.practitioner", "Discussed at the school's safeguarding meeting"));

        acknowledged.AcknowledgedBy.ShouldBe("a.practitioner");
        acknowledged.AcknowledgementReason.ShouldBe("Discussed at the school's safeguarding meeting");
        acknowledged.AcknowledgedAt.ShouldBe(Timestamps.Format(Now));
        service.Alerts().Select(a => a.Id).ShouldNotContain(band.Id);
        service.Alerts(includeAcknowledged: true).Count.ShouldBe(2);
        Should.Throw<InvalidOperationException>(() => service.Acknowledge(new AcknowledgeCommand(band.Id, "b.other", "again"))).Message.ShouldContain("already acknowledged");
        Should.Throw<ArgumentException>(() => service.Acknowledge(new AcknowledgeCommand(band.Id + 100, "b.other", "no such alert")));
        Should.Throw<ArgumentException>(() => service.Acknowledge(new AcknowledgeCommand(band.Id, "b.other", " ")));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void Score_PersonAgesOutOfTheCohort_LosesTheScore_WithAHistoryRow(StoreProvider provider)
    {
        using var store = TestStore.Create(provider);
        var city = new TinyCity(store.Location);
        var pupil = city.Person("2009-01-01");
        city.Attendance(pupil, "2025/26", "SUM", present: 80, possible: 100);
        var service = Service(store);
        service.Score(new ScoreCommand("test") { AsOf = AsOf, RuleSets = [VulnerablePupil] }).RuleSets.Single().Scored.ShouldBe(1);

        var later = service.Score(new ScoreCommand("test") { AsOf = new DateOnly(2027, 2, 1), RuleSets = [VulnerablePupil] });

        later.RuleSets.Single().LeftCohort.ShouldBe(1);
        using var connection = store.Location.Open();
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM scores").ShouldBe(0);
        connection.QuerySingle<(string? Band, string? Previous)>("SELECT band, previous_band FROM score_history ORDER BY id DESC LIMIT 1").ShouldBe((null, "green"));
    }

    private static CompiledRuleSet SupportingFamilies => RuleCatalogue.Load(Path.Combine(Repository.Root, "config", "rules")).Single(s => s.Name == "supporting-families");

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void Score_Family_CountsHeadlinesAcrossItsCurrentMembers_AndSaysWhoAndWhy(StoreProvider provider)
    {
        using var store = TestStore.Create(provider);
        var city = new TinyCity(store.Location);
        var child = city.Person("2014-05-01");
        var parent = city.Person("1988-02-01");
        var leftParent = city.Person("1986-09-09");
        var attendance = city.Attendance(child, "2025/26", "SUM", present: 70, possible: 100);
        var claim = city.Event(parent, "benefits", "benefit_claim", "2025-11-01", new { benefit = "JSA", member_type = "claimant" });
        var help = city.Event(parent, "early_help", "early_help_episode", "2026-02-01", new { assessment_needs = "HLTH; REL" });
        // A parent who has left the family: their police record is not the family's any more.
        city.Event(leftParent, "police_incidents", "police_incident", "2026-04-01", new { role = "Suspect", domestic_abuse = "N" });
        var family = city.Family(("Child", child, false), ("Parent", parent, false), ("Parent", leftParent, true));

        var result = Service(store).Score(new ScoreCommand("test") { AsOf = AsOf, RuleSets = [SupportingFamilies] });

        var summary = result.RuleSets.Single();
        summary.Scored.ShouldBe(1);
        summary.Bands["eligible"].ShouldBe(1, "EDU, FIN, HLTH and REL: four headlines");
        var score = Service(store).Explain(ScoreService.Family, family).Single();
        score.Score.ShouldBe(4);
        score.Band.ShouldBe("eligible");
        score.Reasons.Where(r => r.Counted).Select(r => r.Indicator).ShouldBe(["EDU", "FIN", "HLTH", "REL"], ignoreOrder: true);
        score.Reasons.ShouldNotContain(r => r.Indicator == "CRIME", "the parent who left is not a member now");
        var edu = score.Reasons.Single(r => r.Id == "edu-attendance");
        edu.Facts.ShouldContain(f => f.StartsWith($"member {child} (Child)", StringComparison.Ordinal));
        edu.Evidence.Single().EventId.ShouldBe(attendance);
        score.Reasons.Single(r => r.Id == "fin-workless").Evidence.Single().EventId.ShouldBe(claim);
        score.Reasons.Where(r => r.Id is "hlth-early-help" or "rel-early-help").SelectMany(r => r.Evidence).ShouldAllBe(e => e.EventId == help);
        Service(store).History(ScoreService.Family, family).Single().Band.ShouldBe("eligible");
        Should.Throw<ArgumentException>(() => Service(store).Explain(ScoreService.Family, 987_654));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void Score_FamilyBecomingEligible_RaisesOneFamilyAlert_AndTheTimelineShowsTheChange(StoreProvider provider)
    {
        using var store = TestStore.Create(provider);
        var city = new TinyCity(store.Location);
        var child = city.Person("2014-05-01");
        var parent = city.Person("1988-02-01");
        city.Attendance(child, "2025/26", "SUM", present: 70, possible: 100);
        city.Event(parent, "benefits", "benefit_claim", "2025-11-01", new { benefit = "ESA", member_type = "claimant" });
        var family = city.Family(("Child", child, false), ("Parent", parent, false));
        var service = Service(store);
        service.Score(new ScoreCommand("test") { AsOf = AsOf, RuleSets = [SupportingFamilies] });
        service.Explain(ScoreService.Family, family).Single().Band.ShouldBe("not_eligible");

        city.Event(parent, "homelessness", "homelessness_duty", "2026-06-01", new { duty_type = "Prevention" });
        var second = service.Score(new ScoreCommand("test") { AsOf = AsOf, RuleSets = [SupportingFamilies] });
        var third = service.Score(new ScoreCommand("test") { AsOf = AsOf, RuleSets = [SupportingFamilies] });

        second.Alerts.ShouldBe(1);
        third.Alerts.ShouldBe(0, "raised once");
        var alert = service.Alerts().Single();
        (alert.SubjectType, alert.SubjectId, alert.Kind).ShouldBe((ScoreService.Family, family, "band_worsened"));
        var timeline = service.History(ScoreService.Family, family);
        timeline.Select(h => (h.Band, h.PreviousBand)).ShouldBe([("not_eligible", null), ("eligible", "not_eligible")]);
        timeline[1].Reasons.ShouldContain(r => r.Id == "hous-homelessness" && r.Counted);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void Score_FamilyWithAClosedEpisode_StoresTheClaimJudgement_AndAChangedRunJudgesItAgainAtTheNextMonthlyTest(StoreProvider provider)
    {
        using var store = TestStore.Create(provider);
        var city = new TinyCity(store.Location);
        var child = city.Person("2014-07-01");
        var parent = city.Person("1988-02-01");
        // Three needs at the assessment on 2025-12-01 (CRIME, HOUS, FIN), each over well before the episode closed.
        city.Event(parent, "police_incidents", "police_incident", "2025-03-01", new { role = "Suspect", domestic_abuse = "N" });
        city.Event(parent, "homelessness", "homelessness_duty", "2025-04-01", new { duty_type = "Prevention" });
        city.Event(parent, "benefits", "benefit_claim", "2025-01-01", new { benefit = "JSA", member_type = "claimant" }, end: "2025-10-15");
        ClosedEpisode(city, "EH9", child, parent);
        var family = city.Family(("Child", child, false), ("Parent", parent, false));
        var service = Service(store);

        var first = service.Score(new ScoreCommand("test") { AsOf = new DateOnly(2026, 5, 10), RuleSets = [SupportingFamilies] });

        first.Claims.ShouldBe(new Dictionary<string, long>(StringComparer.Ordinal) { ["pending"] = 1 });
        var claim = service.Claims("supporting-families").ShouldHaveSingleItem();
        (claim.FamilyId, claim.CaseId, claim.Status, claim.IdentifiedOn, claim.ClosedOn).ShouldBe((family, "EH9", "pending", "2025-12-01", "2026-01-31"));
        (claim.ClaimableFrom, claim.NextCheck, claim.Tariff).ShouldBe(("2026-07-31", "2026-05-31", 800.0));
        var needs = JsonSerializer.Deserialize<List<ClaimNeed>>(claim.Needs, ScoreService.Json)!;
        needs.Select(n => n.Headline).ShouldBe(["CRIME", "HOUS", "FIN"], ignoreOrder: true);
        var outcomes = JsonSerializer.Deserialize<List<ClaimOutcome>>(claim.Outcomes, ScoreService.Json)!;
        outcomes.ShouldAllBe(o => o.Met && !o.Sustained && o.Tests.Count == 4, "tested at closure and at the end of each of 3 months since");

        // Nothing in the store moves, but the next monthly test has come round: a changed-only run judges the family again.
        var second = service.Score(new ScoreCommand("test") { AsOf = new DateOnly(2026, 6, 2), RuleSets = [SupportingFamilies], ChangedOnly = true });

        second.Mode.ShouldBe("changed");
        var again = service.Claims("supporting-families").ShouldHaveSingleItem();
        (again.AsOf, again.NextCheck, again.Status).ShouldBe(("2026-06-02", "2026-06-30", "pending"));
        JsonSerializer.Deserialize<List<ClaimOutcome>>(again.Outcomes, ScoreService.Json)!.ShouldAllBe(o => o.Tests.Count == 5);

        var claimable = service.Score(new ScoreCommand("test") { AsOf = new DateOnly(2026, 8, 1), RuleSets = [SupportingFamilies] });
        claimable.Claims.ShouldBe(new Dictionary<string, long>(StringComparer.Ordinal) { ["claimable"] = 1 });
        service.Claims("supporting-families", "claimable").ShouldHaveSingleItem().NextCheck.ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void Score_EpisodeWhoseMembersAreNowInTwoFamilies_IsJudgedOnce_ForTheFamilyHoldingMostOfThem(StoreProvider provider)
    {
        using var store = TestStore.Create(provider);
        var city = new TinyCity(store.Location);
        var child = city.Person("2014-07-01");
        var parent = city.Person("1988-02-01");
        var brother = city.Person("2012-03-01");
        ClosedEpisode(city, "EH7", child, parent, brother);

        // The brother has moved to his other parent's family since: his new family must not claim the case too.
        var stayed = city.Family(("Child", child, false), ("Parent", parent, false));
        city.Family(("Child", brother, false));

        Service(store).Score(new ScoreCommand("test") { AsOf = new DateOnly(2026, 5, 10), RuleSets = [SupportingFamilies] });

        var claim = Service(store).Claims("supporting-families").ShouldHaveSingleItem();
        (claim.FamilyId, claim.CaseId).ShouldBe((stayed, "EH7"));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void Score_ChangedOnly_AfterTheFamilyIsRegrouped_MovesTheClaimToTheCurrentFamily(StoreProvider provider)
    {
        using var store = TestStore.Create(provider);
        var city = new TinyCity(store.Location);
        var child = city.Person("2014-07-01");
        var parent = city.Person("1988-02-01");
        ClosedEpisode(city, "EH8", child, parent);
        var before = city.Family(("Child", child, false), ("Parent", parent, false));
        var service = Service(store);
        service.Score(new ScoreCommand("test") { AsOf = new DateOnly(2026, 5, 10), RuleSets = [SupportingFamilies] });
        service.Claims("supporting-families").ShouldHaveSingleItem().FamilyId.ShouldBe(before);

        // Grouping runs again and the family gets a new group (the old one is retired, with a lower id), as a run of
        // hearth groups records it: a run after the last scoring, and its changes.
        var after = city.Family(("Child", child, false), ("Parent", parent, false));
        using (var connection = store.Location.Open())
        {
            connection.Execute("INSERT INTO group_runs (id, started_at, run_by, as_of, settings) VALUES (2, '9999-01-01T00:00:00.000Z', 'test', '2026-05-11', '{}')");
            connection.Execute("UPDATE groups SET retired_run_id = 2 WHERE id = @before", new { before });
            connection.Execute("INSERT INTO group_changes (run_id, group_id, change) VALUES (2, @before, 'retired'), (2, @after, 'created')", new { before, after });
        }

        service.Score(new ScoreCommand("test") { AsOf = new DateOnly(2026, 5, 11), RuleSets = [SupportingFamilies], ChangedOnly = true });

        service.Claims("supporting-families").ShouldHaveSingleItem().FamilyId.ShouldBe(after, "the retired group neither keeps the case nor outranks the current one");
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void Score_ChangedOnly_GivesExactlyWhatAFullRunGives_WhileScoringOnlyWhatMoved(StoreProvider provider)
    {
        var later = new DateOnly(2026, 8, 25); // still the summer term: term windows stay put
        using var changedStore = TestStore.Create(provider);
        using var fullStore = TestStore.Create(provider);
        var results = new List<ScoreResult>();
        foreach (var (store, changedOnly) in new[] { (changedStore, true), (fullStore, false) })
        {
            var city = new TinyCity(store.Location);
            var service = Service(store);
            var (arrives, withdrawn) = BuildMovingCity(city);
            service.Score(new ScoreCommand("test") { AsOf = AsOf });
            city.Event(arrives, "police_incidents", "police_incident", "2026-08-01", new { role = "Suspect", domestic_abuse = "N" });
            city.Withdraw(withdrawn);
            results.Add(service.Score(new ScoreCommand("test") { AsOf = later, ChangedOnly = changedOnly }));
        }

        results[0].Mode.ShouldBe("changed");
        results[0].PeopleInScope.ShouldBeLessThan(results[1].PeopleInScope, "the unchanged people are not read again");
        results[1].Mode.ShouldBe("full");
        results[0].HistoryRows.ShouldBe(results[1].HistoryRows);
        results[0].HistoryRows.ShouldBeGreaterThan(0, "the city was built so that scores move");
        Rows(changedStore, "SELECT subject_type, subject_id, rule_set, score, band, reasons FROM scores ORDER BY subject_type, subject_id, rule_set")
            .ShouldBe(Rows(fullStore, "SELECT subject_type, subject_id, rule_set, score, band, reasons FROM scores ORDER BY subject_type, subject_id, rule_set"));
        Rows(changedStore, "SELECT subject_type, subject_id, rule_set, score, band, previous_score, previous_band FROM score_history ORDER BY subject_type, subject_id, rule_set, id")
            .ShouldBe(Rows(fullStore, "SELECT subject_type, subject_id, rule_set, score, band, previous_score, previous_band FROM score_history ORDER BY subject_type, subject_id, rule_set, id"));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void Score_ChangedOnly_ScoresEveryoneWhenATermBegins_OrThereIsNoEarlierRun(StoreProvider provider)
    {
        using var store = TestStore.Create(provider);
        var city = new TinyCity(store.Location);
        BuildMovingCity(city);
        var service = Service(store);

        var first = service.Score(new ScoreCommand("test") { AsOf = AsOf, ChangedOnly = true });
        var autumn = service.Score(new ScoreCommand("test") { AsOf = new DateOnly(2026, 9, 2), ChangedOnly = true });

        (first.Mode, first.FullBecause).ShouldBe(("full", "there is no earlier run to start from"));
        autumn.Mode.ShouldBe("full");
        autumn.FullBecause!.ShouldContain("school term");
    }

    /// <summary>People whose scores move between 20 July and 25 August with no new data, and a few who do not.</summary>
    private static (long Arrives, long Withdrawn) BuildMovingCity(TinyCity city)
    {
        // Events whose dates a 3-, 6- or 12-month window's edge passes on the way, and one the edge does not reach.
        var pupil = city.Person("2011-03-01");
        city.Event(pupil, "police_incidents", "police_incident", "2025-08-01", new { role = "Suspect", domestic_abuse = "N" });
        city.Event(pupil, "police_incidents", "police_incident", "2026-02-10", new { role = "Missing person" });
        city.Event(pupil, "ae_attendances", "ae_attendance", "2026-04-30", new { safeguarding_concern = "Y" });
        var steady = city.Person("2012-05-05");
        city.Event(steady, "police_incidents", "police_incident", "2026-06-01", new { role = "Suspect", domestic_abuse = "N" });
        // A plan that ended as the 6-month overlapping window's start passes it.
        var planned = city.Person("2013-01-01");
        city.Event(planned, "cin_census", "child_protection_plan", "2025-06-01", new { latest_category = "NEG" }, end: "2026-02-01");
        // A 17-year-old who turns 18 on the way, and so leaves the pupil cohorts.
        var turning = city.Person("2008-08-01");
        city.Attendance(turning, "2025/26", "SUM", present: 60, possible: 100);
        // Someone a new event arrives for, and someone whose event a later load withdraws.
        var arrives = city.Person("2012-09-09");
        var withdrawnPerson = city.Person("2010-10-10");
        var withdrawn = city.Event(withdrawnPerson, "school_exclusions", "exclusion", "2026-06-01", new { category = "PERM" });
        // A family whose parent's benefit claim ended within the 12 months and now passes out of them.
        var child = city.Person("2015-02-02");
        var parent = city.Person("1985-02-02");
        city.Attendance(child, "2025/26", "SUM", present: 70, possible: 100);
        city.Event(parent, "benefits", "benefit_claim", "2024-01-01", new { benefit = "JSA", member_type = "claimant" }, end: "2025-08-10");
        city.Event(parent, "council_tax", "council_tax_recovery", "2026-03-01", new { recovery_stage = "Summons" });
        city.Event(parent, "early_help", "early_help_episode", "2025-12-01", new { assessment_needs = "HLTH" });
        city.Family(("Child", child, false), ("Parent", parent, false));
        // People nothing happens to.
        for (var i = 0; i < 5; i++)
        {
            city.Attendance(city.Person($"201{i}-03-03"), "2025/26", "SUM", present: 97, possible: 100);
        }

        return (arrives, withdrawn);
    }

    /// <summary>
    /// An early help episode with all its case work (referred 2025-11-15, assessed 2025-12-01 with a FIN need, a plan
    /// from 2025-12-10, closed 2026-01-31 with needs met), carried by each member as the early help feed gives it.
    /// </summary>
    private static void ClosedEpisode(TinyCity city, string caseId, params long[] members)
    {
        var episode = new { case_id = caseId, assessment_date = "2025-12-01", assessment_needs = "FIN", plan_start = "2025-12-10", lead_team = "Family Hub North", closure_reason = "Needs met" };
        foreach (var member in members)
        {
            city.Event(member, "early_help", "early_help_episode", "2025-11-15", episode, end: "2026-01-31");
        }
    }

    private static List<string> Rows(TestStore store, string sql)
    {
        using var connection = store.Location.Open();
        return [.. connection.Query(sql).Select(row => string.Join("|", ((IDictionary<string, object?>)row).Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))))];
    }

    private static readonly DateTimeOffset Now = new(2026, 7, 20, 9, 0, 0, TimeSpan.Zero);

    private static ScoreService Service(TestStore store) => new(store.Location, new FixedTime(Now));
}
