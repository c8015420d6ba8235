using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Hearth.Services.Persistence;
using Hearth.TestCommon;
using Hearth.Web.Tests;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(PortalCity))]

namespace Hearth.Web.BrowserTests;

/// <summary>
/// A person's journey in a real browser: sign in with password and TOTP, find a child, read the single view and its
/// chronology, and decide a match, with axe-core run on every page and no serious or critical violation allowed;
/// and the same search with JavaScript off.
/// </summary>
public class BrowserJourneyTests(PortalCity city)
{
    private static string? Chromium => TestEnvironment.ChromiumPath;

    [Fact(Timeout = 240_000)]
    public async Task SchoolLead_SignsInWithTotp_FindsAPupil_AndReadsTheChronology_OnAccessiblePages()
    {
        using var portal = new Portal(city, StoreProvider.Sqlite, kestrel: true);
        await using var session = await OpenAsync(javaScript: true);
        var page = session.Page;
        var user = portal.User("head.teacher");
        var pupil = CityFacts.Visible(portal.Store, "head.teacher").Order().First();
        var name = Name(portal, pupil);

        await page.GotoAsync(portal.Address + "/");
        await CheckAccessibilityAsync(page, "sign in");
        await page.GetByLabel("User name").FillAsync("head.teacher");
        await page.GetByLabel("Password").FillAsync(user.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.WaitForURLAsync("**/sign-in/code**");
        await CheckAccessibilityAsync(page, "code");
        await page.GetByLabel("Enter the code from your authenticator app").FillAsync(portal.CodeFor(user));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Hearth", Exact = true }).WaitForAsync();
        await CheckAccessibilityAsync(page, "home");

        await page.GetByRole(AriaRole.Link, new() { Name = "Find a person" }).First.ClickAsync();
        await page.GetByLabel("Name or identifier").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.Locator("#results").WaitForAsync();
        await CheckAccessibilityAsync(page, "search results");
        await page.Locator($"a[href='/people/{pupil}']").ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Chronology" }).WaitForAsync();
        (await page.Locator("h1").InnerTextAsync()).ShouldBe(name);
        await CheckAccessibilityAsync(page, "person");

        var feed = await page.Locator("#feed option:nth-child(2)").GetAttributeAsync("value");
        await page.Locator("#feed").SelectOptionAsync(feed!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await page.WaitForURLAsync($"**feed={feed}**");
        await CheckAccessibilityAsync(page, "filtered chronology");

        // Out of scope is not found, as no one is.
        var outsider = CityFacts.AllPeople(portal.Store).First(id => !CityFacts.Visible(portal.Store, "head.teacher").Contains(id));
        var response = await page.GotoAsync($"{portal.Address}/people/{outsider}");
        response!.Status.ShouldBe(404);
        await CheckAccessibilityAsync(page, "not found");
    }

    [Fact(Timeout = 240_000)]
    public async Task Administrator_DecidesAMatch_OnAccessiblePages()
    {
        using var portal = new Portal(city, StoreProvider.Sqlite, kestrel: true);
        await using var session = await OpenAsync(javaScript: true);
        var page = session.Page;
        await SignInAsync(page, portal, "admin");
        await page.GotoAsync(portal.Address + "/review");
        await CheckAccessibilityAsync(page, "review queue");
        await page.GetByRole(AriaRole.Link, new() { Name = "Review pair" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Are these the same person?" }).WaitForAsync();
        await CheckAccessibilityAsync(page, "review pair");

        await page.GetByRole(AriaRole.Button, new() { Name = "Record decision" }).ClickAsync();
        await page.Locator(".govuk-error-summary").WaitForAsync();
        await CheckAccessibilityAsync(page, "review pair with errors");

        await page.GetByLabel("No, different people").CheckAsync();
        await page.GetByLabel("Why").FillAsync("Different dates of birth and schools");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record decision" }).ClickAsync();
        await page.WaitForURLAsync("**/review");
        CityFacts.Count(portal.Store, "SELECT COUNT(*) FROM match_decisions WHERE decided_by = 'admin' AND reason = 'Different dates of birth and schools'").ShouldBe(1);

        foreach (var path in new[] { "/admin/audit?Actor=admin", "/admin/access", "/analytics", $"/people/{CityFacts.AllPeople(portal.Store)[0]}/match" })
        {
            await page.GotoAsync(portal.Address + path);
            await CheckAccessibilityAsync(page, path);
        }
    }

    [Fact(Timeout = 240_000)]
    public async Task Search_WithJavaScriptOff_StillWorks()
    {
        using var portal = new Portal(city, StoreProvider.Sqlite, kestrel: true);
        await using var session = await OpenAsync(javaScript: false);
        var page = session.Page;
        await SignInAsync(page, portal, "safe.practitioner");
        var allocated = CityFacts.Scope(portal.Store, "safe.practitioner", "person").Order().First();
        await page.GotoAsync(portal.Address + "/search");
        await page.GetByLabel("Name or identifier").FillAsync(Name(portal, allocated));
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.Locator($"a[href='/people/{allocated}']").ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Chronology" }).WaitForAsync();
        // With scripts off the page's own JavaScript never ran, so govuk-frontend never marked the body.
        // (Playwright's Evaluate needs the page's script world, which is off here; locators use their own.)
        (await page.Locator("body.js-enabled").CountAsync()).ShouldBe(0);
        (await page.Locator("body").GetAttributeAsync("class") ?? "").ShouldNotContain("js-enabled");

        // axe needs scripts to run, so check the page exactly as served without JavaScript in a script-enabled page.
        var servedWithoutScripts = await page.ContentAsync();
        await using var checker = await OpenAsync(javaScript: true);
        // Same origin first, so the served page's stylesheets resolve and colour contrast is judged as users see it.
        await checker.Page.GotoAsync(portal.Address + "/sign-in");
        await checker.Page.SetContentAsync(servedWithoutScripts.Replace("<script", "<template data-script-removed", StringComparison.Ordinal).Replace("</script>", "</template>", StringComparison.Ordinal));
        await CheckAccessibilityAsync(checker.Page, "person without JavaScript");
    }

    private static string Name(Portal portal, long goldenId)
    {
        using var connection = portal.Store.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT forename || ' ' || surname FROM golden_records WHERE id = {goldenId}";
        return (string)command.ExecuteScalar()!;
    }

    private static async Task SignInAsync(IPage page, Portal portal, string userName)
    {
        var user = portal.User(userName);
        await page.GotoAsync(portal.Address + "/sign-in");
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(user.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.WaitForURLAsync("**/sign-in/code**");
        await page.GetByLabel("Enter the code from your authenticator app").FillAsync(portal.CodeFor(user));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Hearth", Exact = true }).WaitForAsync();
        portal.Time.Advance(TimeSpan.FromSeconds(30));
    }

    /// <summary>axe-core with the WCAG 2.0, 2.1 and 2.2 A and AA rules: no serious or critical violation.</summary>
    private static async Task CheckAccessibilityAsync(IPage page, string what)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
        });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => string.Join(' ', n.Target)))}").ToList();
        serious.ShouldBeEmpty($"accessibility of {what}: {string.Join("; ", serious)}");
    }

    private static async Task<BrowserSession> OpenAsync(bool javaScript)
    {
        TestEnvironment.Require(Chromium is not null && File.Exists(Chromium), "Chromium", "Install Debian's chromium and set HEARTH_TEST_CHROMIUM=/usr/bin/chromium; .ci/run does this. Never run playwright install.");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = javaScript });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        return new BrowserSession(playwright, browser, page);
    }

    private sealed class BrowserSession(IPlaywright playwright, IBrowser browser, IPage page) : IAsyncDisposable
    {
        public IPage Page => page;

        public async ValueTask DisposeAsync()
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }
}
