using System.Net;
using Dapper;
using Hearth.Services.Persistence;

namespace Hearth.Web.Tests;

/// <summary>The portal's journeys on both stores: sign in, search, the single view, break-glass, exclusions, review, audit.</summary>
public class PortalTests(PortalCity city)
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task SignIn_WithPasswordAndTotp_OpensTheHomePage_AndIsAudited(StoreProvider provider)
    {
        using var portal = new Portal(city, provider);
        using var browser = await portal.SignInAsync("head.teacher");

        var home = await browser.PageAsync("/");
        home.QuerySelector("main h1")!.TextContent.ShouldBe("Hearth");
        home.Body!.TextContent.ShouldContain("Signed in as head.teacher");
        CityFacts.Count(portal.Store, "SELECT COUNT(*) FROM audit_log WHERE action = 'sign-in' AND actor = 'head.teacher'").ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task BenchUsers_AreHeadTeachersOfDifferentSchools_EachSeesTheirOwnPupil_AndNotAnotherSchools(StoreProvider provider)
    {
        // The load benchmark (hearth bench portal) is only honest if its users go through need-to-know like real
        // head teachers: each views a pupil of their own school, and the next user's pupil is out of their scope.
        using var portal = new Portal(city, provider, new() { ["Hearth:Demo:BenchUsers"] = "3" });
        var bench = portal.BenchUsers;
        bench.Select(u => u.Username).ShouldBe(["bench.001", "bench.002", "bench.003"]);
        bench.Select(u => u.PersonId).Distinct().Count().ShouldBe(3, "no two users look at the same child");
        bench[0].School.ShouldNotBe(bench[1].School, "the users are spread over the schools first");
        var refused = 0;
        for (var i = 0; i < bench.Count; i++)
        {
            var user = bench[i];
            CityFacts.ScopeValues(portal.Store, user.Username, "school").ShouldBe([user.School]);
            var visible = CityFacts.WithEvent(portal.Store, "school_census", "la_estab", [user.School]);
            visible.ShouldContain(user.PersonId);
            using var browser = await portal.SignInAsync(user.Username, user.Password, user.TotpSecret);
            (await browser.PageAsync($"/people/{user.PersonId}")).QuerySelector("main h1").ShouldNotBeNull();
            var other = bench[(i + 1) % bench.Count];
            if (!visible.Contains(other.PersonId))
            {
                using var response = await browser.GetAsync($"/people/{other.PersonId}");
                response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
                refused++;
            }
        }

        refused.ShouldBeGreaterThan(0, "at least one user was tried on another school's pupil");

        CityFacts.Count(portal.Store, "SELECT COUNT(*) FROM audit_log WHERE action = 'view-person' AND actor LIKE 'bench.%'").ShouldBeGreaterThanOrEqualTo(3);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Search_ByNameOrIdentifier_FindsOnlyPeopleInScope_AndIsAudited(StoreProvider provider)
    {
        using var portal = new Portal(city, provider);
        var visible = CityFacts.Visible(portal.Store, "head.teacher");
        using var connection = portal.Store.Open();
        var pupil = connection.QueryFirst<(long Id, string Forename, string Surname)>(
            $"SELECT id, forename, surname FROM golden_records WHERE id IN ({string.Join(',', visible)}) AND forename IS NOT NULL AND surname IS NOT NULL ORDER BY id");
        var outsider = connection.QueryFirst<(long Id, string Nhs)>(
            $"SELECT id, nhs_number FROM golden_records WHERE nhs_number IS NOT NULL AND id NOT IN ({string.Join(',', visible)}) ORDER BY id");
        using var browser = await portal.SignInAsync("head.teacher");

        // A typo in the surname still finds the pupil.
        var typo = pupil.Surname[..^1] + (pupil.Surname[^1] == 'e' ? 'a' : 'e');
        var byName = await browser.PageAsync($"/search?Q={Uri.EscapeDataString(pupil.Forename + " " + typo)}");
        var found = Ids(byName);
        found.ShouldContain(pupil.Id);
        found.ShouldAllBe(id => visible.Contains(id));

        var byNhs = await browser.PageAsync($"/search?Q={outsider.Nhs}");
        Ids(byNhs).ShouldBeEmpty("a person out of scope is not found even by their NHS number");
        byNhs.QuerySelector("#results")!.TextContent.ShouldContain("0 people found");

        var invalid = await browser.PageAsync("/search?Q=&DateOfBirth.Day=31&DateOfBirth.Month=2&DateOfBirth.Year=2015");
        invalid.QuerySelector(".govuk-error-summary")!.TextContent.ShouldContain("Date of birth must be a real date");
        invalid.Title!.ShouldStartWith("Error:");

        CityFacts.Count(portal.Store, "SELECT COUNT(*) FROM audit_log WHERE action = 'search' AND actor = 'head.teacher'").ShouldBe(2);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task PersonView_ShowsTheGoldenRecordSourcesAndChronology_FiltersBySource_AndIsAudited(StoreProvider provider)
    {
        using var portal = new Portal(city, provider);
        using var connection = portal.Store.Open();
        var person = connection.ExecuteScalar<long>(
            """
            SELECT gm.golden_id FROM golden_members gm JOIN person_records p ON p.id = gm.person_record_id JOIN events e ON e.record_id = p.record_id AND e.person_slot = p.slot
            WHERE e.is_current = TRUE GROUP BY gm.golden_id HAVING COUNT(DISTINCT e.feed) >= 3 ORDER BY COUNT(*) DESC, gm.golden_id LIMIT 1
            """);
        var events = connection.ExecuteScalar<long>(
            "SELECT COUNT(*) FROM golden_members gm JOIN person_records p ON p.id = gm.person_record_id JOIN events e ON e.record_id = p.record_id AND e.person_slot = p.slot WHERE e.is_current = TRUE AND gm.golden_id = @person",
            new { person });
        using var browser = await portal.SignInAsync("admin");

        var page = await browser.PageAsync($"/people/{person}");
        page.QuerySelector("main")!.TextContent.ShouldContain($"{events} events, newest first");
        page.QuerySelectorAll(".govuk-summary-list__row").Length.ShouldBeGreaterThan(2);
        page.QuerySelector(".govuk-summary-list")!.TextContent.ShouldContain("From:");
        var dates = page.QuerySelectorAll("#chronology-table tbody tr td:first-child").Select(td => DateOnly.Parse(td.TextContent.Split(" to ")[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        dates.ShouldBe(dates.OrderDescending().ToList(), "newest first");

        var feed = page.QuerySelectorAll("#feed option").Select(o => o.GetAttribute("value")).First(v => v is { Length: > 0 })!;
        var filtered = await browser.PageAsync($"/people/{person}?feed={feed}");
        var title = filtered.QuerySelector($"#feed option[value='{feed}']")!.TextContent;
        filtered.QuerySelectorAll("#chronology-table tbody tr td:nth-child(3)").ShouldAllBe(td => td.TextContent == title);

        CityFacts.Count(portal.Store, "SELECT COUNT(*) FROM audit_log WHERE action = 'view-person' AND actor = 'admin' AND target_id = @id", new { id = person.ToString(System.Globalization.CultureInfo.InvariantCulture) }).ShouldBe(2);
        var explanation = await browser.PageAsync($"/people/{person}/match");
        explanation.QuerySelector("main h1")!.TextContent.ShouldBe("Why these records were joined");
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task SensitiveFlag_HidesTheAddressFromTheSchool_ButNotFromTheAdministrator(StoreProvider provider)
    {
        using var portal = new Portal(city, provider);
        var flagged = CityFacts.Flagged(portal.Store).Single();
        using var school = await portal.SignInAsync("head.teacher");
        var seenBySchool = await school.PageAsync($"/people/{flagged}");
        seenBySchool.QuerySelector("main")!.TextContent.ShouldContain("Withheld: this person's address is protected.");
        seenBySchool.QuerySelectorAll(".govuk-summary-list__key").Select(k => k.TextContent.Trim()).ShouldNotContain("Postcode");

        using var admin = await portal.SignInAsync("admin");
        var seenByAdmin = await admin.PageAsync($"/people/{flagged}");
        seenByAdmin.QuerySelector("main")!.TextContent.ShouldNotContain("Withheld");
        seenByAdmin.QuerySelector("main")!.TextContent.ShouldContain("Protected address");
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task BreakGlass_NeedsAReason_OpensOnePerson_IsListedForReview_AndCannotBeatAnExclusion(StoreProvider provider)
    {
        using var portal = new Portal(city, provider);
        var visible = CityFacts.Visible(portal.Store, "head.teacher");
        var outsider = CityFacts.AllPeople(portal.Store).First(id => !visible.Contains(id));
        var excluded = CityFacts.Excluded(portal.Store, "head.teacher").Single();
        using var browser = await portal.SignInAsync("head.teacher");
        (await browser.GetAsync($"/people/{outsider}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var tooShort = await browser.SubmitAsync("/break-glass", new() { ["PersonId"] = outsider.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Reason"] = "urgent" });
        tooShort.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tooShort.Content.ReadAsStringAsync()).ShouldContain("at least 20 characters");

        const string Reason = "Police called: child found alone at night, need the family's contacts now";
        var granted = await browser.SubmitAsync("/break-glass", new() { ["PersonId"] = outsider.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Reason"] = Reason });
        granted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = await browser.PageAsync($"/people/{outsider}");
        page.QuerySelector(".govuk-warning-text")!.TextContent.ShouldContain("emergency access");

        var refused = await browser.SubmitAsync("/break-glass", new() { ["PersonId"] = excluded.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Reason"] = Reason });
        (await refused.Content.ReadAsStringAsync()).ShouldContain("There is no person with that id");
        (await browser.GetAsync($"/people/{excluded}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // An hour later the glass is whole again.
        portal.Time.Advance(TimeSpan.FromMinutes(61));
        using var later = await portal.SignInAsync("head.teacher");
        (await later.GetAsync($"/people/{outsider}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        using var admin = await portal.SignInAsync("admin");
        (await admin.PageAsync("/")).QuerySelector(".govuk-notification-banner")!.TextContent.ShouldContain("1 break-glass access is waiting for review");
        var access = await admin.PageAsync("/admin/access");
        access.QuerySelector("#break-glass + table")!.TextContent.ShouldContain(Reason);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Exclusion_AddedByTheAdministrator_BeatsTheAllocation(StoreProvider provider)
    {
        using var portal = new Portal(city, provider);
        var allocated = CityFacts.Scope(portal.Store, "safe.practitioner", "person").Order().First();
        using var practitioner = await portal.SignInAsync("safe.practitioner");
        (await practitioner.GetAsync($"/people/{allocated}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var admin = await portal.SignInAsync("admin");
        var added = await admin.SubmitAsync("/admin/access", new() { ["ExcludeUser"] = "safe.practitioner", ["ExcludePerson"] = allocated.ToString(System.Globalization.CultureInfo.InvariantCulture), ["ExcludeReason"] = "The practitioner is the young person's neighbour" }, action: "Exclude");
        added.StatusCode.ShouldBe(HttpStatusCode.Redirect, await added.Content.ReadAsStringAsync());

        (await practitioner.GetAsync($"/people/{allocated}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        CityFacts.Count(portal.Store, "SELECT COUNT(*) FROM audit_log WHERE action = 'add-exclusion' AND actor = 'admin'").ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task ReviewDecision_IsRecordedWithWhoAndWhy_InTheSameTransactionAsItsAudit(StoreProvider provider)
    {
        using var portal = new Portal(city, provider);
        var item = CityFacts.FirstReviewItem(portal.Store);
        using var admin = await portal.SignInAsync("admin");

        var missing = await admin.SubmitAsync($"/review/{item}", new() { ["Reason"] = "" });
        (await missing.Content.ReadAsStringAsync()).ShouldContain("Select whether these are the same person");

        var decided = await admin.SubmitAsync($"/review/{item}", new() { ["Decision"] = "different_people", ["Reason"] = "Different dates of birth and different mothers" });
        decided.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        using var connection = portal.Store.Open();
        connection.QuerySingle<(string Decision, string By, string Reason)>("SELECT decision, decided_by, reason FROM match_decisions")
            .ShouldBe(("different_people", "admin", "Different dates of birth and different mothers"));
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'decide-match' AND reason = 'Different dates of birth and different mothers'").ShouldBe(1);
        (await admin.PageAsync($"/review/{item}")).QuerySelector(".govuk-inset-text")!.TextContent.ShouldContain("different people");
        (await admin.PageAsync("/review")).QuerySelectorAll($"a[href='/review/{item}']").ShouldBeEmpty("a decided pair leaves the queue");
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task AuditSearch_ShowsWhoLookedAtAPerson_AndWhatAUserLookedAt(StoreProvider provider)
    {
        using var portal = new Portal(city, provider);
        var pupil = CityFacts.Visible(portal.Store, "head.teacher").Order().First();
        using (var school = await portal.SignInAsync("head.teacher"))
        {
            await school.PageAsync($"/people/{pupil}");
        }

        using var admin = await portal.SignInAsync("admin");
        var byPerson = await admin.PageAsync($"/admin/audit?Person={pupil}");
        var rows = byPerson.QuerySelectorAll("tbody tr").Select(r => r.TextContent).ToList();
        rows.ShouldContain(r => r.Contains("head.teacher", StringComparison.Ordinal) && r.Contains("view-person", StringComparison.Ordinal));

        var byUser = await admin.PageAsync("/admin/audit?Actor=head.teacher");
        var actions = byUser.QuerySelectorAll("tbody tr td:nth-child(4)").Select(td => td.TextContent).ToList();
        actions.ShouldContain("sign-in");
        actions.ShouldContain("view-person");
        byUser.QuerySelectorAll("tbody tr td:nth-child(3)").ShouldAllBe(td => td.TextContent == "head.teacher");
    }

    [Fact]
    public async Task Analyst_SeesAggregatesWithSmallNumbersSuppressed_AndNoPerson()
    {
        using var portal = new Portal(city, StoreProvider.Sqlite);
        using var analyst = await portal.SignInAsync("analyst");
        var page = await analyst.PageAsync("/analytics");
        var counts = page.QuerySelectorAll("tbody td").Select(td => td.TextContent).ToList();
        counts.ShouldNotBeEmpty();
        counts.ShouldAllBe(c => c == "0" || c.StartsWith("fewer than 5", StringComparison.Ordinal) || long.Parse(c.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) >= 5);
        page.QuerySelectorAll("a[href^='/people/']").ShouldBeEmpty();
    }

    private static List<long> Ids(AngleSharp.Html.Dom.IHtmlDocument page) =>
        [.. page.QuerySelectorAll("main table a[href^='/people/']").Select(a => long.Parse(a.GetAttribute("href")!["/people/".Length..], System.Globalization.CultureInfo.InvariantCulture))];
}
