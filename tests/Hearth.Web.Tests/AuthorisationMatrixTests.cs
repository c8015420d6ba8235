using System.Net;
using Hearth.Services.Persistence;

namespace Hearth.Web.Tests;

/// <summary>
/// Every route as every role, in scope and out of scope: who may see what, with no insecure direct object reference.
/// A person out of scope answers exactly as a person who does not exist.
/// </summary>
public class AuthorisationMatrixTests(PortalCity city)
{
    private const string NoSuchPerson = "999999999";

    private static readonly string[] Everyone = ["admin", "analyst", "head.teacher", "safe.practitioner", "family.support", "early.years"];

    /// <summary>The routes that take no person, and the status each role gets: a permission missing is a 403.</summary>
    private static readonly Dictionary<string, Dictionary<string, HttpStatusCode>> Routes = new()
    {
        ["/"] = Expect(ok: ["admin", "analyst", "head.teacher", "safe.practitioner", "family.support", "early.years"]),
        ["/search?Q=smith"] = Expect(ok: ["admin", "head.teacher", "safe.practitioner", "family.support", "early.years"]),
        ["/review"] = Expect(ok: ["admin"]),
        ["/admin/audit"] = Expect(ok: ["admin"]),
        ["/admin/access"] = Expect(ok: ["admin"]),
        ["/analytics"] = Expect(ok: ["admin", "analyst"]),
        ["/break-glass"] = Expect(ok: ["admin", "head.teacher", "safe.practitioner", "family.support", "early.years"]),
        // The demo store has groups (issue 5): group 1 is a household of people in no demo user's scope, so only the
        // administrator finds it; for everyone else it is simply not there.
        ["/families/1"] = Expect(ok: ["admin"], notFound: ["head.teacher", "safe.practitioner", "family.support", "early.years"]),
    };

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task EveryRoute_AsEveryRole_GivesTheExpectedStatus(StoreProvider provider)
    {
        using var portal = new Portal(city, provider);
        var reviewItem = CityFacts.FirstReviewItem(portal.Store);
        foreach (var role in Everyone)
        {
            using var browser = await portal.SignInAsync(role);
            foreach (var (route, expected) in Routes)
            {
                using var response = await browser.GetAsync(route);
                response.StatusCode.ShouldBe(expected[role], $"{role} GET {route}");
            }

            using var review = await browser.GetAsync($"/review/{reviewItem}");
            review.StatusCode.ShouldBe(role == "admin" ? HttpStatusCode.OK : HttpStatusCode.Forbidden, $"{role} GET /review/{reviewItem}");
        }
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task PersonRoutes_InAndOutOfScope_AreSeenOnlyInScope_AndOutOfScopeLooksLikeNoOne(StoreProvider provider)
    {
        using var portal = new Portal(city, provider);
        var everyone = CityFacts.AllPeople(portal.Store);
        foreach (var role in Everyone)
        {
            var visible = CityFacts.Visible(portal.Store, role);
            if (role is not ("admin" or "analyst"))
            {
                visible.Count.ShouldBeGreaterThan(0, $"the demo gives {role} people to see");
                visible.Count.ShouldBeLessThan(everyone.Length / 2, $"{role} sees a small part of the city");
            }

            var inScope = visible.Order().Take(3).ToList();
            // Out of scope: people spread through the city whom the rules above say this role may not see, and anyone
            // the role is excluded from.
            var outOfScope = everyone.Where(id => !visible.Contains(id)).Where((_, i) => i % 97 == 0).Take(5).Concat(CityFacts.Excluded(portal.Store, role)).ToList();
            using var browser = await portal.SignInAsync(role);
            using var nobody = await browser.GetAsync($"/people/{NoSuchPerson}");
            var nobodyBody = await nobody.Content.ReadAsStringAsync();
            foreach (var id in inScope)
            {
                using var response = await browser.GetAsync($"/people/{id}");
                response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{role} sees person {id}");
                using var match = await browser.GetAsync($"/people/{id}/match");
                match.StatusCode.ShouldBe(role == "admin" ? HttpStatusCode.OK : HttpStatusCode.Forbidden, $"{role} GET /people/{id}/match");
            }

            foreach (var id in outOfScope)
            {
                using var response = await browser.GetAsync($"/people/{id}");
                if (role == "analyst")
                {
                    response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
                    continue;
                }

                response.StatusCode.ShouldBe(HttpStatusCode.NotFound, $"{role} must not see person {id}");
                (await response.Content.ReadAsStringAsync()).ShouldBe(nobodyBody, "out of scope answers exactly as no such person");
            }

            nobody.StatusCode.ShouldBe(role == "analyst" ? HttpStatusCode.Forbidden : HttpStatusCode.NotFound);
        }
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task FamilyScope_CoversTheFamilyAsItIsNow_NotThoseWhoLeftIt_NorAPeerNetwork(StoreProvider provider)
    {
        using var portal = new Portal(city, provider);
        const string role = "family.support";
        var visible = CityFacts.Visible(portal.Store, role);
        var family = CityFacts.GroupOutOfScope(portal.Store, "family", visible, size: 2);
        var (current, past) = (family.Members[0], family.Members[1]);
        CityFacts.EndMembership(portal.Store, family.GroupId, past);
        var network = CityFacts.GroupOutOfScope(portal.Store, "association", visible, size: 1);
        family.Members.ShouldNotContain(network.Members[0]);
        CityFacts.GrantFamilyScope(portal.Store, role, family.GroupId, network.GroupId);

        using var browser = await portal.SignInAsync(role);
        using (var now = await browser.GetAsync($"/people/{current}"))
        {
            now.StatusCode.ShouldBe(HttpStatusCode.OK, $"person {current} is in family {family.GroupId} now");
        }

        using (var left = await browser.GetAsync($"/people/{past}"))
        {
            left.StatusCode.ShouldBe(HttpStatusCode.NotFound, $"person {past} has left family {family.GroupId}");
        }

        using (var peer = await browser.GetAsync($"/people/{network.Members[0]}"))
        {
            peer.StatusCode.ShouldBe(HttpStatusCode.NotFound, $"a peer network ({network.GroupId}) is not a caseload family");
        }
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task EveryRoute_SignedOut_RedirectsToSignIn(StoreProvider provider)
    {
        using var portal = new Portal(city, provider);
        using var browser = portal.Browse();
        foreach (var route in Routes.Keys.Concat(["/people/1", "/people/1/match", "/review/1"]))
        {
            using var response = await browser.GetAsync(route);
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, route);
            response.Headers.Location!.OriginalString.ShouldContain("/sign-in");
        }
    }

    private static Dictionary<string, HttpStatusCode> Expect(string[] ok, string[]? notFound = null) =>
        Everyone.ToDictionary(role => role, role => ok.Contains(role) ? HttpStatusCode.OK : notFound?.Contains(role) == true ? HttpStatusCode.NotFound : HttpStatusCode.Forbidden);
}
