using System.Buffers.Binary;
using System.Net;
using Dapper;
using Hearth.Services.Audit;
using Hearth.Services.Identity;
using Hearth.Services.Persistence;
using Hearth.TestCommon;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Hearth.Web.Tests;

/// <summary>Identity's weak defaults, fixed: replay, window, lockout, CSRF, headers, cookies, timeouts, rate limits, storage at rest, tamper detection.</summary>
public class SecurityTests(PortalCity city)
{
    [Fact]
    public async Task TotpCode_UsedOnce_IsRefusedTheSecondTime()
    {
        using var portal = new Portal(city, StoreProvider.Sqlite);
        var user = portal.User("admin");
        var code = portal.CodeFor(user);
        using (var first = portal.Browse())
        {
            var password = await first.SubmitAsync("/sign-in", new() { ["UserName"] = "admin", ["Password"] = user.Password });
            var signedIn = await first.SubmitAsync(password.Headers.Location!.OriginalString, new() { ["Code"] = code });
            signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        using var second = portal.Browse();
        var again = await second.SubmitAsync("/sign-in", new() { ["UserName"] = "admin", ["Password"] = user.Password });
        var replayed = await second.SubmitAsync(again.Headers.Location!.OriginalString, new() { ["Code"] = code });
        replayed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await replayed.Content.ReadAsStringAsync()).ShouldContain("The code is not right or has expired");
        CityFacts.Count(portal.Store, "SELECT COUNT(*) FROM audit_log WHERE action = 'sign-in-code-failed' AND actor = 'admin'").ShouldBe(1);
    }

    [Theory]
    [InlineData(-2, false)]
    [InlineData(-1, true)]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(2, false)]
    public async Task TotpCode_OnlyWithinOneStepOfNow_IsAccepted(int steps, bool accepted)
    {
        using var portal = new Portal(city, StoreProvider.Sqlite);
        var user = portal.User("analyst");
        using var browser = portal.Browse();
        var password = await browser.SubmitAsync("/sign-in", new() { ["UserName"] = "analyst", ["Password"] = user.Password });
        var result = await browser.SubmitAsync(password.Headers.Location!.OriginalString, new() { ["Code"] = portal.CodeFor(user, steps) });
        result.StatusCode.ShouldBe(accepted ? HttpStatusCode.Redirect : HttpStatusCode.OK);
    }

    [Fact]
    public async Task WrongPasswords_FiveTimes_LockTheAccount_EvenAgainstTheRightPassword_ForFiveMinutes()
    {
        using var portal = new Portal(city, StoreProvider.Sqlite);
        var user = portal.User("early.years");
        using var browser = portal.Browse();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await browser.SubmitAsync("/sign-in", new() { ["UserName"] = "early.years", ["Password"] = "not-the-password-" + i });
            wrong.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var right = await browser.SubmitAsync("/sign-in", new() { ["UserName"] = "early.years", ["Password"] = user.Password });
        right.StatusCode.ShouldBe(HttpStatusCode.OK, "locked: the right password does not help");
        (await right.Content.ReadAsStringAsync()).ShouldContain("Your account is locked");
        CityFacts.Count(portal.Store, "SELECT COUNT(*) FROM audit_log WHERE action = 'locked-out' AND actor = 'early.years'").ShouldBeGreaterThan(0);

        portal.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var after = await browser.SubmitAsync("/sign-in", new() { ["UserName"] = "early.years", ["Password"] = user.Password });
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect, "the lockout ends after five minutes");
    }

    [Fact]
    public async Task WrongCodes_CountTowardsTheSameLockout()
    {
        using var portal = new Portal(city, StoreProvider.Sqlite);
        var user = portal.User("family.support");
        using var browser = portal.Browse();
        var password = await browser.SubmitAsync("/sign-in", new() { ["UserName"] = "family.support", ["Password"] = user.Password });
        var codePage = password.Headers.Location!.OriginalString;
        for (var i = 0; i < 5; i++)
        {
            (await browser.SubmitAsync(codePage, new() { ["Code"] = "00000" + i })).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var right = await browser.SubmitAsync(codePage, new() { ["Code"] = portal.CodeFor(user) });
        right.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await right.Content.ReadAsStringAsync()).ShouldContain("Your account is locked");
    }

    [Fact]
    public async Task Post_WithoutAntiforgeryToken_IsRejected()
    {
        using var portal = new Portal(city, StoreProvider.Sqlite);
        using var anonymous = portal.Browse();
        var signIn = await anonymous.Client.PostAsync(new Uri("/sign-in", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "admin", ["Password"] = "x" }));
        signIn.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        using var admin = await portal.SignInAsync("admin");
        var item = CityFacts.FirstReviewItem(portal.Store);
        var forged = await admin.Client.PostAsync(new Uri($"/review/{item}", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["Decision"] = "same_person", ["Reason"] = "forged" }));
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        CityFacts.Count(portal.Store, "SELECT COUNT(*) FROM match_decisions").ShouldBe(0);
    }

    [Fact]
    public async Task Responses_CarryStrictSecurityHeaders_AndCookiesAreSecureHttpOnlyStrict()
    {
        using var portal = new Portal(city, StoreProvider.Sqlite);
        using var browser = portal.Browse();
        using var response = await browser.GetAsync("/sign-in");
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.ShouldContain("default-src 'self'");
        csp.ShouldContain("script-src 'self'");
        csp.ShouldContain("frame-ancestors 'none'");
        csp.ShouldContain("object-src 'none'");
        csp.ShouldNotContain("unsafe-inline");
        csp.ShouldNotContain("unsafe-eval");
        var hsts = response.Headers.GetValues("Strict-Transport-Security").Single();
        int.Parse(hsts.Split(';')[0].Split('=')[1], System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(31_536_000);
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        response.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
        response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("no-referrer");
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();

        var user = portal.User("admin");
        var password = await browser.SubmitAsync("/sign-in", new() { ["UserName"] = "admin", ["Password"] = user.Password });
        var code = await browser.SubmitAsync(password.Headers.Location!.OriginalString, new() { ["Code"] = portal.CodeFor(user) });
        var cookies = password.Headers.GetValues("Set-Cookie").Concat(code.Headers.GetValues("Set-Cookie")).ToList();
        cookies.ShouldContain(c => c.StartsWith("hearth-session=", StringComparison.Ordinal));
        foreach (var cookie in cookies.Where(c => !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)))
        {
            cookie.ShouldContain("secure", Case.Insensitive, cookie);
            cookie.ShouldContain("httponly", Case.Insensitive, cookie);
            cookie.ShouldContain("samesite=strict", Case.Insensitive, cookie);
        }
    }

    [Fact]
    public async Task Session_IdleFor20Minutes_Ends_WhileActivityKeepsItAlive()
    {
        using var portal = new Portal(city, StoreProvider.Sqlite);
        using var browser = await portal.SignInAsync("admin");
        portal.Time.Advance(TimeSpan.FromMinutes(15));
        (await browser.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
        portal.Time.Advance(TimeSpan.FromMinutes(15));
        (await browser.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK, "15 minutes after the last request, within the idle limit");
        portal.Time.Advance(TimeSpan.FromMinutes(21));
        var expired = await browser.GetAsync("/");
        expired.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        expired.Headers.Location!.OriginalString.ShouldContain("/sign-in");
    }

    [Fact]
    public async Task Session_OlderThanEightHours_Ends_HoweverActive()
    {
        using var portal = new Portal(city, StoreProvider.Sqlite);
        using var browser = await portal.SignInAsync("admin");
        for (var minutes = 0; minutes < 8 * 60 - 20; minutes += 15)
        {
            portal.Time.Advance(TimeSpan.FromMinutes(15));
            (await browser.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK, $"{minutes + 15} minutes in");
        }

        portal.Time.Advance(TimeSpan.FromMinutes(30));
        var expired = await browser.GetAsync("/");
        expired.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        expired.Headers.Location!.OriginalString.ShouldContain("/sign-in");
    }

    [Fact]
    public async Task SignInAttempts_BeyondTheRateLimit_AreRefusedWith429()
    {
        using var portal = new Portal(city, StoreProvider.Sqlite, new() { ["Hearth:RateLimit:SignInPerFiveMinutes"] = "4" });
        using var browser = portal.Browse();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var page = await browser.GetAsync("/sign-in");
            statuses.Add(page.StatusCode);
        }

        statuses.Take(4).ShouldAllBe(s => s == HttpStatusCode.OK);
        statuses.Skip(4).ShouldAllBe(s => s == HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Secrets_AtRest_AreHashedOrEncrypted_AndPasswordsUse210000Pbkdf2Iterations()
    {
        using var portal = new Portal(city, StoreProvider.Sqlite);
        var user = portal.User("admin");
        using var connection = portal.Store.Open();
        var stored = connection.QuerySingle<(string Hash, string Key, string Id)>("SELECT password_hash, authenticator_key, id FROM users WHERE user_name = 'admin'");
        var hash = Convert.FromBase64String(stored.Hash);
        hash[0].ShouldBe((byte)0x01, "Identity's V3 format");
        BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(1)).ShouldBe(2u, "HMAC-SHA512");
        BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(5)).ShouldBe(210_000u);
        stored.Key.ShouldNotContain(user.TotpSecret);
        var codes = connection.Query<string>("SELECT code_hash FROM user_recovery_codes WHERE user_id = @Id", new { stored.Id }).ToList();
        codes.Count.ShouldBe(10);
        codes.ShouldAllBe(c => c.Length == 64);
        codes.ShouldNotContain(user.RecoveryCodes[0]);
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM data_protection_keys").ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task NewUser_EnrolsWithAQrCode_GetsRecoveryCodes_AndEachRecoveryCodeWorksOnce()
    {
        using var portal = new Portal(city, StoreProvider.Sqlite);
        using (var scope = portal.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<HearthUser>>();
            var created = await users.CreateAsync(new HearthUser { UserName = "new.starter", DisplayName = "New Starter", Role = "family_support_practitioner", CreatedAt = "2026-11-02T10:00:00.000Z", CreatedBy = "test" }, "a long enough passphrase");
            created.Succeeded.ShouldBeTrue(string.Join(", ", created.Errors.Select(e => e.Description)));
        }

        using var browser = portal.Browse();
        var password = await browser.SubmitAsync("/sign-in", new() { ["UserName"] = "new.starter", ["Password"] = "a long enough passphrase" });
        password.Headers.Location!.OriginalString.ShouldStartWith("/sign-in/set-up-authenticator");
        (await browser.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.Redirect, "a password alone opens no session");
        var setUp = await browser.PageAsync(password.Headers.Location.OriginalString);
        setUp.QuerySelector("img.app-qr")!.GetAttribute("src")!.ShouldStartWith("data:image/png;base64,");
        var key = setUp.QuerySelector("#secret-key")!.TextContent.Replace(" ", "", StringComparison.Ordinal);
        var code = Hearth.Core.Security.Totp.Code(Hearth.Core.Security.Totp.FromBase32(key), Hearth.Core.Security.Totp.StepAt(portal.Time.GetUtcNow()));
        var enrolled = await browser.SubmitAsync(password.Headers.Location.OriginalString, new() { ["Code"] = code });
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await enrolled.Content.ReadAsStringAsync());
        var recovery = page.QuerySelectorAll("ul.app-code li").Select(li => li.TextContent.Trim()).ToList();
        recovery.Count.ShouldBe(10);
        (await browser.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);

        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var again = portal.Browse();
            var pw = await again.SubmitAsync("/sign-in", new() { ["UserName"] = "new.starter", ["Password"] = "a long enough passphrase" });
            var result = await again.SubmitAsync(pw.Headers.Location!.OriginalString, new() { ["Code"] = recovery[0] });
            result.StatusCode.ShouldBe(attempt == 0 ? HttpStatusCode.Redirect : HttpStatusCode.OK, attempt == 0 ? "a recovery code works" : "but only once");
        }
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task AuditChain_AfterTampering_IsDetected_AlteredRemovedReorderedOrCutShort(StoreProvider provider)
    {
        using var portal = new Portal(city, provider);
        using (var browser = await portal.SignInAsync("admin"))
        {
            foreach (var id in CityFacts.AllPeople(portal.Store).Take(6))
            {
                await browser.PageAsync($"/people/{id}");
            }
        }

        var audit = portal.Services.GetRequiredService<AuditLog>();
        var intact = audit.Verify();
        intact.Intact.ShouldBeTrue(string.Join("; ", intact.Problems));
        intact.Entries.ShouldBeGreaterThan(10);

        using var connection = portal.Store.Open();
        // Someone with the database drops the protection first, as an attacker would.
        connection.Execute(provider == StoreProvider.Sqlite
            ? "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete"
            : "DROP TRIGGER audit_log_no_change ON audit_log; DROP TRIGGER audit_log_no_truncate ON audit_log");
        var last = connection.ExecuteScalar<long>("SELECT MAX(id) FROM audit_log");

        connection.Execute("UPDATE audit_log SET actor = 'someone.else' WHERE id = 8");
        audit.Verify().Problems.ShouldContain(p => p.Contains("entry 8 was altered", StringComparison.Ordinal));

        using var fresh = new Portal(city, provider);
        // A clean copy for removal and truncation, so that each finding stands alone.
        var freshAudit = fresh.Services.GetRequiredService<AuditLog>();
        using (var browser = await fresh.SignInAsync("admin"))
        {
            await browser.PageAsync("/");
        }

        using var freshConnection = fresh.Store.Open();
        freshConnection.Execute(provider == StoreProvider.Sqlite ? "DROP TRIGGER audit_log_no_delete" : "DROP TRIGGER audit_log_no_change ON audit_log");
        freshConnection.Execute("DELETE FROM audit_log WHERE id = 3");
        freshAudit.Verify().Problems.ShouldContain(p => p.Contains("missing: removed", StringComparison.Ordinal));

        var top = freshConnection.ExecuteScalar<long>("SELECT MAX(id) FROM audit_log");
        freshConnection.Execute("DELETE FROM audit_log WHERE id = @top", new { top });
        freshAudit.Verify().Problems.ShouldContain(p => p.Contains("entries were removed from the end", StringComparison.Ordinal));
        last.ShouldBeGreaterThan(10);
    }

    [Fact]
    public async Task AuditVerifyCommand_ExitsZeroWhenIntact_AndOneWithTheProblemWhenTampered()
    {
        using var portal = new Portal(city, StoreProvider.Sqlite);
        using (var browser = await portal.SignInAsync("admin"))
        {
            await browser.PageAsync("/");
        }

        var store = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(portal.Store.ConnectionString).DataSource;
        var intact = await HearthProcess.RunAsync("audit", "verify", "--store", store, "--head", portal.AuditHeadPath);
        intact.ExitCode.ShouldBe(0, intact.Output + intact.Error);
        intact.Output.ShouldContain("The audit is intact");

        using (var connection = portal.Store.Open())
        {
            connection.Execute("DROP TRIGGER audit_log_no_update");
            connection.Execute("UPDATE audit_log SET reason = 'nothing to see' WHERE id = 2");
        }

        var tampered = await HearthProcess.RunAsync("audit", "verify", "--store", store, "--head", portal.AuditHeadPath);
        tampered.ExitCode.ShouldBe(1, tampered.Output + tampered.Error);
        tampered.Output.ShouldContain("entry 2 was altered");
    }
}
