using Hearth.Core.Groups;

namespace Hearth.Core.Tests.Groups;

/// <summary>Families by the default family layer's rules, on small hand-made households.</summary>
public class FamilyBuilderTests
{
    private static readonly DateOnly AsOf = new(2026, 8, 31);

    private static readonly GroupLayerDefinition Layer = new()
    {
        Name = "family",
        Kind = GroupLayerKind.Family,
        ParentLinks = ["mother_of", "father_of", "step_parent_of", "claim_dependant_of"],
        StepParentLinks = ["step_parent_of"],
        CarerLinks = ["claim_dependant_of"],
        SiblingLinks = ["sibling_of", "half_sibling_of"],
        PartnerLinks = ["partner_of"],
        GrandparentLinks = ["grandparent_of"],
        HouseholdLinks = ["same_tenancy"],
        MaxMembers = 8,
    };

    /// <summary>Person ids are their ages, plus a hundred per family, so tests read easily: 135 is a 35-year-old.</summary>
    private static Dictionary<long, PersonFacts> People(params long[] ids) =>
        ids.ToDictionary(id => id, id => new PersonFacts(id, AsOf.AddYears(-(int)(id % 100)).AddDays(-10), null));

    private static PersonLink Link(long left, long right, string type) => new(left, right, type, "test", null, null, 0.95, "record");

    private static List<List<(long, string)>> Families(Dictionary<long, PersonFacts> people, IEnumerable<PersonLink> links, Dictionary<long, long> homes, GroupLayerDefinition? layer = null) =>
        [.. FamilyBuilder.Build(layer ?? Layer, people, links, homes, AsOf).Families.Select(f => f.Members.Select(m => (m.PersonId, m.Role)).ToList())];

    [Fact]
    public void Build_ParentsLivingWithTheirChildren_OneFamilyWithRoles()
    {
        var families = Families(People(135, 137, 108, 105), [Link(135, 108, "mother_of"), Link(137, 108, "father_of"), Link(135, 105, "mother_of"), Link(108, 105, "sibling_of")],
            new() { [135] = 1, [137] = 1, [108] = 1, [105] = 1 });

        families.ShouldHaveSingleItem().ShouldBe([(105L, "Child"), (108L, "Child"), (135L, "Parent"), (137L, "Parent")]);
    }

    [Fact]
    public void Build_TwoFamilies_EachKeepsExactlyTheEdgesBetweenItsOwnMembers()
    {
        var people = People(135, 137, 108, 105, 240, 212);
        var homes = new Dictionary<long, long> { [135] = 1, [137] = 1, [108] = 1, [105] = 1, [240] = 2, [212] = 2 };
        var built = FamilyBuilder.Build(Layer, people, [Link(135, 108, "mother_of"), Link(240, 212, "mother_of"), Link(137, 108, "father_of"), Link(108, 105, "sibling_of"), Link(135, 105, "mother_of")], homes, AsOf);

        built.Families.Count.ShouldBe(2);
        var first = built.Families.Single(f => f.CurrentMembers().Contains(108));
        first.Edges.Select(e => (e.Left, e.Right)).ShouldBe([(135L, 108L), (137L, 108L), (135L, 105L), (105L, 108L)]);
        var second = built.Families.Single(f => f.CurrentMembers().Contains(212));
        second.Edges.ShouldHaveSingleItem().Evidence.ShouldBe(["mother_of (test: record)"]);
    }

    [Fact]
    public void Build_AFatherWhoHasLeft_IsNotInTheChildsCurrentFamily()
    {
        var families = Families(People(135, 140, 108), [Link(135, 108, "mother_of"), Link(140, 108, "father_of")], new() { [135] = 1, [108] = 1, [140] = 2 });

        families.ShouldHaveSingleItem().ShouldBe([(108L, "Child"), (135L, "Parent")]);
    }

    [Fact]
    public void Build_AChildInCare_StaysWithTheirBirthParents()
    {
        // The child lives with foster carers (home 9), with none of the parents a source names.
        var families = Families(People(135, 137, 108, 150), [Link(135, 108, "mother_of"), Link(137, 108, "father_of")], new() { [135] = 1, [137] = 1, [108] = 9, [150] = 9 });

        families.ShouldHaveSingleItem().ShouldBe([(108L, "Child"), (135L, "Parent"), (137L, "Parent")]);
    }

    [Fact]
    public void Build_AParentsPartnerWhoLivesWithThem_JoinsAsStepParent()
    {
        var families = Families(People(135, 139, 108), [Link(135, 108, "mother_of"), Link(135, 139, "partner_of")], new() { [135] = 1, [139] = 1, [108] = 1 });

        families.ShouldHaveSingleItem().ShouldContain((139L, "StepParent"));
    }

    [Fact]
    public void Build_AnExPartnerLivingElsewhere_IsNotInTheFamily()
    {
        var families = Families(People(135, 139, 108), [Link(135, 108, "mother_of"), Link(135, 139, "partner_of")], new() { [135] = 1, [139] = 2, [108] = 1 });

        families.ShouldHaveSingleItem().Select(m => m.Item1).ShouldNotContain(139L);
    }

    [Fact]
    public void Build_HalfSiblingsInDifferentHomes_AreDifferentFamilies()
    {
        var families = Families(People(135, 108, 236, 206), [Link(135, 108, "mother_of"), Link(236, 206, "mother_of"), Link(108, 206, "half_sibling_of")],
            new() { [135] = 1, [108] = 1, [236] = 2, [206] = 2 });

        families.Count.ShouldBe(2);
    }

    [Fact]
    public void Build_AGrandparentLivingWithTheGrandchild_Joins_OneLivingElsewhereDoesNot()
    {
        var families = Families(People(135, 108, 168, 170), [Link(135, 108, "mother_of"), Link(168, 108, "grandparent_of"), Link(170, 108, "grandparent_of")],
            new() { [135] = 1, [108] = 1, [168] = 1, [170] = 5 });

        families.ShouldHaveSingleItem().ShouldBe([(108L, "Child"), (135L, "Parent"), (168L, "Grandparent")]);
    }

    [Fact]
    public void Build_AChildWithNoRecordedParent_JoinsTheAdultsOfParentAgeTheyLiveWith_NotAnOlderLodger()
    {
        var families = Families(People(134, 110, 175, 119), [], new() { [134] = 1, [110] = 1, [175] = 1, [119] = 1 });

        // 134 is 24 years older than the child: a parent or carer. 175 is 65 years older (beyond max_parent_age_gap); 119
        // is 9 years older (below min_parent_age_gap).
        families.ShouldHaveSingleItem().ShouldBe([(110L, "Child"), (134L, "Carer")]);
    }

    [Fact]
    public void Build_TheClaimantOfAChildsBenefit_IsTheirCarer()
    {
        var families = Families(People(160, 109), [Link(160, 109, "claim_dependant_of")], new() { [160] = 1, [109] = 1 });

        families.ShouldHaveSingleItem().ShouldBe([(109L, "Child"), (160L, "Carer")]);
    }

    [Fact]
    public void Build_AnAdultChildAtHome_Joins_OneWhoHasLeftDoesNot()
    {
        var families = Families(People(150, 122, 124, 110), [Link(150, 122, "mother_of"), Link(150, 124, "mother_of"), Link(150, 110, "mother_of")],
            new() { [150] = 1, [122] = 1, [124] = 3, [110] = 1 });

        families.ShouldHaveSingleItem().ShouldBe([(110L, "Child"), (122L, "AdultChild"), (150L, "Parent")]);
    }

    [Fact]
    public void Build_AdultsWithoutChildren_AreNoFamily() =>
        Families(People(135, 137), [Link(135, 137, "partner_of")], new() { [135] = 1, [137] = 1 }).ShouldBeEmpty();

    [Fact]
    public void Build_AFamilyLargerThanTheLimit_IsReportedNotProposed()
    {
        var ids = Enumerable.Range(1, 9).Select(i => 100L * i + 5).Append(140).ToArray();
        var links = ids.Where(i => i != 140).Select(child => Link(140, child, "mother_of")).ToList();
        var build = FamilyBuilder.Build(Layer, People(ids), links, ids.ToDictionary(i => i, _ => 1L), AsOf);

        build.Families.ShouldBeEmpty();
        build.Oversized.ShouldHaveSingleItem().Count.ShouldBe(10);
    }

    [Fact]
    public void Build_EveryEdgeCarriesItsEvidence()
    {
        var family = FamilyBuilder.Build(Layer, People(135, 108), [Link(135, 108, "mother_of")], new Dictionary<long, long> { [135] = 1, [108] = 1 }, AsOf).Families.ShouldHaveSingleItem();

        family.Edges.ShouldHaveSingleItem().Evidence.ShouldHaveSingleItem().ShouldBe("mother_of (test: record)");
    }
}
