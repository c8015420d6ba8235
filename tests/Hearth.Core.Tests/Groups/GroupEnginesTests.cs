using Hearth.Core.Groups;

namespace Hearth.Core.Tests.Groups;

/// <summary>Households, extended families, associations, Louvain and stable ids.</summary>
public class GroupEnginesTests
{
    private static readonly DateOnly AsOf = new(2026, 8, 31);

    private static Dictionary<long, PersonFacts> People(int age, params long[] ids) =>
        ids.ToDictionary(id => id, id => new PersonFacts(id, AsOf.AddYears(-age), null));

    private static ProposedGroup Group(params long[] members) => new("family", null, [.. members.Select(m => new GroupMember(m, "Member"))], []);

    [Fact]
    public void Households_CurrentResidentsAndPastOnes_OneHouseholdPerOccupiedProperty()
    {
        Residence R(long person, long uprn, bool current, string from, string? to = null) =>
            new(person, uprn, DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), to is null ? null : DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), current, []);
        var people = People(30, 1, 2, 3, 4);
        var households = HouseholdBuilder.Build(new GroupLayerDefinition { Name = "household", Kind = GroupLayerKind.Household },
            [R(1, 100, true, "2020-01-01"), R(2, 100, true, "2021-01-01"), R(3, 100, false, "2019-01-01", "2022-01-01"), R(3, 200, true, "2022-01-01"), R(4, 300, false, "2018-01-01", "2020-01-01")],
            people, AsOf);

        households.Select(h => h.Key).ShouldBe(["uprn:100", "uprn:200"]);
        households[0].CurrentMembers().ShouldBe([1L, 2L]);
        households[0].Members.Single(m => m.PersonId == 3).To.ShouldBe(new DateOnly(2022, 1, 1));
    }

    [Fact]
    public void ExtendedFamilies_JoinedByASharedMemberOrAKinLink_ToTheConfiguredDepth()
    {
        var layer = new GroupLayerDefinition { Name = "extended", Kind = GroupLayerKind.ExtendedFamily, OfLayer = "family", KinLinks = ["grandparent_of"], Depth = 1, MaxMembers = 50 };
        (long, ProposedGroup)[] families = [(10, Group(1, 2)), (11, Group(2, 3)), (12, Group(4, 5)), (13, Group(6, 7)), (14, Group(8))];
        PersonLink[] links = [new(3, 4, "grandparent_of", "test", null, null, 0.95, "r"), new(5, 6, "grandparent_of", "test", null, null, 0.95, "r")];

        var depthOne = ExtendedFamilyBuilder.Build(layer, families, links);
        var depthThree = ExtendedFamilyBuilder.Build(layer with { Depth = 3 }, families, links);

        // From family 10, one join reaches 11 (person 2 in both); 12 is two joins away.
        depthOne[0].CurrentMembers().ShouldBe([1L, 2L, 3L]);
        depthThree.ShouldHaveSingleItem().CurrentMembers().ShouldBe([1L, 2L, 3L, 4L, 5L, 6L, 7L]);
        depthThree[0].Edges.ShouldContain(e => e.Evidence.Any(x => x.Contains("grandparent_of", StringComparison.Ordinal)));
    }

    [Fact]
    public void Louvain_TwoCliquesJoinedByOneEdge_TwoCommunities_Deterministically()
    {
        var edges = new List<(int, int, double)>();
        foreach (var offset in new[] { 0, 5 })
        {
            for (var i = 0; i < 5; i++)
            {
                for (var j = i + 1; j < 5; j++)
                {
                    edges.Add((offset + i, offset + j, 1));
                }
            }
        }

        edges.Add((4, 5, 1));
        var first = Louvain.Communities(10, edges);
        var again = Louvain.Communities(10, edges);

        first.ShouldBe(again);
        first.Take(5).Distinct().ShouldHaveSingleItem();
        first.Skip(5).Distinct().ShouldHaveSingleItem();
        first[0].ShouldNotBe(first[9]);
    }

    /// <summary>Peer networks of young people (25 or under) involved in the same police incidents in the last 12 months, 3 or more.</summary>
    private static readonly GroupLayerDefinition PoliceAssociations = new()
    {
        Name = "association",
        Kind = GroupLayerKind.Association,
        Sources = [new AssociationSource { Link = "co_involved_police_incident", Weight = 1 }],
        WindowMonths = 12,
        MaxAge = 25,
        MinSize = 3,
    };

    [Fact]
    public void Associations_CoInvolvementInTheWindow_AmongYoungPeople_WithEvidence()
    {
        var people = People(16, 1, 2, 3, 4).Concat(People(40, 9)).ToDictionary(p => p.Key, p => p.Value);
        PersonLink L(long a, long b, string on) => new(a, b, "co_involved_police_incident", "police_incidents", DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture), null, 0.9, "HFP/26/1");
        var groups = AssociationBuilder.Build(PoliceAssociations, people, [L(1, 2, "2026-05-01"), L(2, 3, "2026-06-01"), L(1, 3, "2026-06-01"), L(3, 9, "2026-06-01"), L(3, 4, "2020-01-01")], AsOf);

        // 9 is an adult and the link to 4 is older than the window.
        var network = groups.ShouldHaveSingleItem();
        network.CurrentMembers().ShouldBe([1L, 2L, 3L]);
        network.Members.ShouldAllBe(m => m.Role == "core");
        network.Edges.Count.ShouldBe(3);
        network.Edges[0].Evidence.ShouldHaveSingleItem().ShouldContain("HFP/26/1");
    }

    [Fact]
    public void Associations_TwoNetworksJoinedByOneLink_EachKeepsOnlyItsOwnEdges()
    {
        var people = People(16, 1, 2, 3, 4, 5, 6, 7, 8);
        PersonLink L(long a, long b) => new(a, b, "co_involved_police_incident", "police_incidents", new DateOnly(2026, 6, 1), null, 0.9, $"HFP/{a}/{b}");
        var groups = AssociationBuilder.Build(PoliceAssociations, people, [L(1, 2), L(2, 3), L(1, 3), L(3, 4), L(2, 4), L(1, 4), L(4, 5), L(5, 6), L(6, 7), L(5, 7), L(7, 8), L(5, 8), L(6, 8)], AsOf);

        groups.Count.ShouldBe(2);
        groups[0].CurrentMembers().ShouldBe([1L, 2L, 3L, 4L]);
        groups[0].Edges.Select(e => (e.Left, e.Right)).Order().ShouldBe([(1L, 2L), (1L, 3L), (1L, 4L), (2L, 3L), (2L, 4L), (3L, 4L)]);
        groups[1].CurrentMembers().ShouldBe([5L, 6L, 7L, 8L]);
        groups[1].Edges.Count.ShouldBe(6);
        groups.SelectMany(g => g.Edges).ShouldNotContain(e => e.Left == 4 && e.Right == 5);
    }

    [Fact]
    public void GroupIds_KeepIdsByKeyThenByOverlap_NewGroupsGetNewIds_GoneGroupsRetire()
    {
        ExistingGroup[] previous = [new(1, "uprn:100", [10, 11]), new(2, null, [20, 21, 22]), new(3, null, [30])];
        ProposedGroup[] proposed =
        [
            new("household", "uprn:100", [new GroupMember(12, "Adult")], []),
            Group(20, 21, 23),
            Group(40, 41),
        ];

        var assignment = GroupIds.Assign(proposed, previous, nextId: 4);

        assignment.IdOf.ShouldBe([1L, 2L, 4L]);
        assignment.Retired.ShouldBe([3L]);
        assignment.Created.ShouldBe(1);
    }

    [Fact]
    public void GroupIds_TwoFamiliesMerge_TheLargerPartKeepsItsId_TheOtherRetires()
    {
        ExistingGroup[] previous = [new(1, null, [1, 2]), new(2, null, [3, 4, 5])];

        var assignment = GroupIds.Assign([Group(1, 2, 3, 4, 5)], previous, nextId: 3);

        assignment.IdOf.ShouldBe([2L]);
        assignment.Retired.ShouldBe([1L]);
    }

    [Theory]
    [InlineData("Family", "parent_links")]
    [InlineData("ExtendedFamily", "of_layer")]
    [InlineData("Association", "sources")]
    public void Problems_AKindWithoutTheRulesItNeeds_IsNamed(string kind, string missing)
    {
        var layer = new GroupLayerDefinition { Name = "x", Kind = Enum.Parse<GroupLayerKind>(kind) };

        layer.Problems().ShouldContain(p => p.Contains(missing, StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_ABadName_IsNamed() =>
        new GroupLayerDefinition { Name = "Has Spaces", Kind = GroupLayerKind.Household }.Problems().ShouldHaveSingleItem().ShouldContain("name");
}
