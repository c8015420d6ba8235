using Dapper;
using Hearth.Core.Groups;
using Hearth.Services.Access;
using Hearth.Services.Audit;
using Hearth.Services.Groups;
using Hearth.Services.Ingestion;
using Hearth.Services.Matching;
using Hearth.Services.Persistence;
using Hearth.TestCommon;

namespace Hearth.Services.Tests.Groups;

/// <summary>The small city, loaded and matched once per store for the grouping tests (each test may run groups again).</summary>
public sealed class MatchedCityStores(CityFixture city) : IDisposable
{
    private readonly Dictionary<StoreProvider, TestStore> _stores = [];
    private readonly Lock _lock = new();

    public TestStore For(StoreProvider provider)
    {
        lock (_lock)
        {
            if (!_stores.TryGetValue(provider, out var store))
            {
                store = TestStore.Create(provider);
                new IngestService(store.Location, FixedTime.At(2026, 10, 1)).Ingest(new IngestCommand(city.Feeds, Repository.FeedDefinitions), null, TestContext.Current.CancellationToken);
                new MatchService(store.Location, FixedTime.At(2026, 10, 1), MatchingConfiguration.NameEquivalents(Path.Combine(Repository.Root, "config", "matching", "name-equivalents.json")))
                    .Match(new MatchCommand("test"));
                _stores[provider] = store;
            }

            return store;
        }
    }

    public void Dispose()
    {
        foreach (var store in _stores.Values)
        {
            store.Dispose();
        }
    }
}

/// <summary>
/// Grouping over the store, on both stores: every configured layer is built, ids and memberships are stable when
/// nothing changed, a refresh logs who joined and left and keeps the history, the groups recover the truth to the
/// measured level, and showing a person or a family gives the evidence and is audited.
/// </summary>
public class GroupServiceTests(CityFixture city, MatchedCityStores stores) : IClassFixture<MatchedCityStores>
{
    private static readonly IReadOnlyList<GroupLayerDefinition> Layers = GroupCatalogue.Load(Path.Combine(Repository.Root, "config", "groups"));

    private static GroupService Service(TestStore store) => new(store.Location, FixedTime.At(2026, 10, 2));

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void Build_City_BuildsEveryLayer_IsStableWhenNothingChanged_AndRecoversTheTruth(StoreProvider provider)
    {
        var store = stores.For(provider);
        var service = Service(store);

        var first = service.Build(new GroupCommand("test", Layers));
        var second = service.Build(new GroupCommand("test", Layers));

        first.Layers.Select(l => l.Layer).ShouldBe(["household", "family", "foster_care", "extended_family", "association"]);
        first.Layers.ShouldAllBe(l => l.Groups > 0, "the small city has some of every layer");
        first.People.ShouldBeGreaterThan(2_500);
        foreach (var layer in second.Layers)
        {
            (layer.Created, layer.Retired, layer.Joined, layer.Left, layer.RoleChanged).ShouldBe((0, 0, 0, 0, 0), $"nothing changed, so {layer.Layer} must not");
        }

        second.Layers.Select(l => (l.Groups, l.Members)).ShouldBe(first.Layers.Select(l => (l.Groups, l.Members)));
        using var connection = store.Location.Open();
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM group_changes WHERE run_id = @RunId", new { second.RunId }).ShouldBe(0);
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM person_links").ShouldBe(second.Links);
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM residences WHERE is_current = TRUE").ShouldBe(second.PeopleWithHome);

        var evaluation = GroupTruthEvaluation.Evaluate(store.Location, city.Truth);
        // Measured on this city (2,500 people, seed 31), 2026-12-02: households 0.961 / 0.897, families 0.951 / 0.866.
        // A guard against regressions; the target (0.98 each) is not met, see docs/groups.md.
        evaluation.Households.Precision.ShouldBeGreaterThan(0.95, evaluation.Households.ToString());
        evaluation.Households.Recall.ShouldBeGreaterThan(0.88, evaluation.Households.ToString());
        evaluation.Families.Precision.ShouldBeGreaterThan(0.93, evaluation.Families.ToString());
        evaluation.Families.Recall.ShouldBeGreaterThan(0.85, evaluation.Families.ToString());
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void Build_LaterAsOf_LogsJoinsAndLeaves_KeepsHistory_AndLeavesOneConsistentState(StoreProvider provider)
    {
        var store = stores.For(provider);
        var service = Service(store);

        var earlier = service.Build(new GroupCommand("test", Layers) { AsOf = new DateOnly(2025, 3, 1) });
        var later = service.Build(new GroupCommand("test", Layers));

        earlier.AsOf.ShouldBe(new DateOnly(2025, 3, 1));
        later.AsOf.ShouldBeGreaterThan(earlier.AsOf);
        var households = later.Layers.Single(l => l.Layer == "household");
        (households.Joined + households.Left).ShouldBeGreaterThan(0, "people moved in eighteen months");
        using var connection = store.Location.Open();
        var logged = connection.Query<(string Change, long Count)>("SELECT change, COUNT(*) FROM group_changes WHERE run_id = @RunId GROUP BY change", new { later.RunId })
            .ToDictionary(c => c.Change, c => c.Count, StringComparer.Ordinal);
        logged.GetValueOrDefault("joined").ShouldBe(later.Layers.Sum(l => (long)l.Joined));
        logged.GetValueOrDefault("left").ShouldBe(later.Layers.Sum(l => (long)l.Left));
        logged.GetValueOrDefault("created").ShouldBe(later.Layers.Sum(l => (long)l.Created));
        logged.GetValueOrDefault("retired").ShouldBe(later.Layers.Sum(l => (long)l.Retired));

        // Closed memberships keep their dates; open ones belong to live groups and match the run's summary.
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM group_members WHERE to_run_id = @RunId AND (to_date IS NULL OR to_date > @AsOf)", new { later.RunId, AsOf = later.AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }).ShouldBe(0);
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE gm.to_run_id IS NULL AND g.retired_run_id IS NOT NULL").ShouldBe(0);
        foreach (var layer in later.Layers)
        {
            connection.ExecuteScalar<long>("SELECT COUNT(*) FROM groups WHERE layer = @Layer AND retired_run_id IS NULL", new { layer.Layer }).ShouldBe(layer.Groups, layer.Layer);
            connection.ExecuteScalar<long>("SELECT COUNT(*) FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE g.layer = @Layer AND gm.to_run_id IS NULL", new { layer.Layer }).ShouldBe(layer.Members, layer.Layer);
        }

        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM (SELECT natural_key FROM groups WHERE layer = 'household' AND retired_run_id IS NULL GROUP BY natural_key HAVING COUNT(*) > 1) d").ShouldBe(0, "one live household per property");
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM group_members WHERE to_run_id IS NOT NULL").ShouldBeGreaterThan(0, "history is kept");
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public void Inspect_AFamilyAndAMember_ShowsMembersAndTheEvidence_AndIsAudited(StoreProvider provider)
    {
        var store = stores.For(provider);
        Service(store).Build(new GroupCommand("test", Layers));
        using var connection = store.Location.Open();
        var familyId = connection.ExecuteScalar<long>(
            "SELECT g.id FROM groups g JOIN group_members gm ON gm.group_id = g.id WHERE g.layer = 'family' AND g.retired_run_id IS NULL AND gm.to_run_id IS NULL GROUP BY g.id HAVING COUNT(*) >= 3 ORDER BY g.id LIMIT 1");
        var head = new AuditHead(Path.Combine(Path.GetTempPath(), "hearth-audit-head-" + Guid.NewGuid().ToString("N")));
        var audit = new AuditLog(store.Location, FixedTime.At(2026, 10, 3), head);
        var inspection = new GroupInspection(audit);
        var access = new AccessContext("", "cli:test", Role.Administrator, "test");
        var before = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log");

        var family = inspection.Group(access, familyId).ShouldNotBeNull();
        var member = family.Members.First(m => m.To is null && m.Role is "Parent" or "Child");
        var person = inspection.Person(access, member.GoldenId).ShouldNotBeNull();

        family.Layer.ShouldBe("family");
        family.Members.Count(m => m.To is null).ShouldBeGreaterThanOrEqualTo(3);
        family.Edges.ShouldNotBeEmpty();
        family.Edges.ShouldAllBe(e => e.Evidence.Count > 0, "every edge says why");
        family.Changes.ShouldContain(c => c.Change == "created");
        person.Groups.ShouldContain(g => g.GroupId == familyId && g.To == null);
        person.Links.ShouldNotBeEmpty();
        person.Links.ShouldAllBe(l => l.Evidence.Count > 0);
        inspection.Group(access, -1).ShouldBeNull();

        var entries = connection.Query<(string Action, string TargetId)>("SELECT action, target_id FROM audit_log WHERE id > @before ORDER BY id", new { before }).ToList();
        entries.ShouldBe([(AuditActions.ViewFamily, familyId.ToString(System.Globalization.CultureInfo.InvariantCulture)), (AuditActions.ViewPerson, member.GoldenId.ToString(System.Globalization.CultureInfo.InvariantCulture)), (AuditActions.ViewFamily, "-1")]);
        audit.Verify().Intact.ShouldBeTrue();
        File.Delete(head.Path);
    }

    [Theory]
    [InlineData(Role.Analyst)]
    [InlineData(Role.SchoolLead)]
    [InlineData(Role.FamilySupport)]
    public void Inspect_AnyoneButAnAdministrator_IsRefusedBeforeAnythingIsRead(Role role)
    {
        var store = stores.For(StoreProvider.Sqlite);
        var inspection = new GroupInspection(new AuditLog(store.Location, FixedTime.At(2026, 10, 3), new AuditHead(Path.Combine(Path.GetTempPath(), "hearth-audit-head-" + Guid.NewGuid().ToString("N")))));
        var access = new AccessContext("u", "someone", role, "test");

        Should.Throw<UnauthorizedAccessException>(() => inspection.Group(access, 1));
        Should.Throw<UnauthorizedAccessException>(() => inspection.Person(access, 1));
    }
}
