using System.Globalization;

namespace Hearth.Synth.Tests;

/// <summary>The city looks like a real one: the family shapes, names, schools and services a council sees.</summary>
public class CityShapeTests(CityFixture city)
{
    [Fact]
    public void Families_HaveEveryRealisticShape()
    {
        var types = city.Noisy.Truth("families.csv").Select(f => f["family_type"]).ToHashSet();
        types.ShouldContain("CoupleWithChildren");
        types.ShouldContain("LoneParent");
        types.ShouldContain("Blended");
        types.ShouldContain("Multigenerational");

        var relationships = city.Noisy.Truth("relationships.csv").Select(r => r["relationship"]).ToHashSet();
        foreach (var kind in new[] { "mother_of", "father_of", "sibling_of", "half_sibling_of", "step_sibling_of", "step_parent_of", "partner_of", "grandparent_of", "foster_carer_of" })
        {
            relationships.ShouldContain(kind);
        }
    }

    [Fact]
    public void ChildrenInCare_LiveAwayFromTheirBirthFamilyButStayInIt()
    {
        var placements = city.Noisy.Truth("placements.csv");
        placements.Count.ShouldBeGreaterThan(10);
        var families = city.Noisy.Truth("families.csv");
        var households = city.Noisy.Truth("households.csv");
        var awayAndStillFamily = placements.Count(p =>
            families.Any(f => f["person_id"] == p["person_id"] && f["role"] == "Child" && Covers(f, p["from"])) &&
            (p["carers_household_id"].Length == 0 || households.Any(h => h["person_id"] == p["person_id"] && h["household_id"] == p["carers_household_id"] && h["role"] == "Lodger")));
        awayAndStillFamily.ShouldBeGreaterThan(placements.Count / 2);
    }

    [Fact]
    public void People_AreBornDieAndMoveDuringTheWindow()
    {
        var start = city.Noisy.Options.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var people = city.Noisy.People.Values.ToList();
        people.Count(p => string.CompareOrdinal(p["birth_date"], start) >= 0).ShouldBeGreaterThan(100);
        people.Count(p => p["death_date"].Length > 0 && string.CompareOrdinal(p["death_date"], start) >= 0).ShouldBeGreaterThan(50);
        var movers = city.Noisy.Truth("households.csv").GroupBy(h => h["person_id"]).Count(g => g.Select(h => h["postcode"]).Distinct().Count() > 1);
        movers.ShouldBeGreaterThan(500);
    }

    [Fact]
    public void Names_ReflectADiverseCity()
    {
        var people = city.Noisy.People.Values.ToList();
        people.Select(p => p["tradition"]).Distinct().Count().ShouldBeGreaterThanOrEqualTo(15);
        people.ShouldContain(p => p["surname"].Contains('\''));
        people.ShouldContain(p => p["surname"].Contains('-'));
        people.ShouldContain(p => p["surname"].Contains(' '));
        people.ShouldContain(p => (p["forenames"] + p["surname"]).Any(ch => ch > 127));
        people.ShouldContain(p => p["forenames"].Split(' ').Length >= 3);
        people.ShouldContain(p => p["previous_surname"].Length > 0);
        people.Select(p => p["ethnicity"]).Distinct().Count().ShouldBeGreaterThanOrEqualTo(14);
    }

    [Fact]
    public void Schools_CoverEveryPhaseAndPupilsMoveBetweenThem()
    {
        var phases = FeedReaders.Delimited(city.Noisy.FeedPath("schools"), city.Noisy.Feed("schools"), out _).Select(s => s["Phase"]).ToHashSet();
        phases.ShouldBe(["Primary", "Secondary", "Special", "AlternativeProvision"], ignoreOrder: true);

        var census = FeedReaders.Delimited(city.Noisy.FeedPath("school_census"), city.Noisy.Feed("school_census"), out _);
        var truth = SourceRecords.For(city.Noisy, "school_census");
        var schoolsPerPupil = census.GroupBy(r => truth[string.Join('|', r["CensusDate"], r["LAEstab"], r["AdmissionNo"])]["pupil"])
            .Select(g => g.Select(r => r["LAEstab"]).Distinct().Count());
        schoolsPerPupil.Count(n => n >= 2).ShouldBeGreaterThan(100);
    }

    /// <summary>Needs drive events: children in families with two or more needs are referred far more often.</summary>
    [Fact]
    public void Needs_MakeSocialCareReferralsMoreLikely()
    {
        var start = city.Noisy.Options.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var needsAtStart = city.Noisy.Truth("family_needs.csv")
            .Where(n => Covers(n, start))
            .GroupBy(n => n["family_id"])
            .ToDictionary(g => g.Key, g => g.Count());
        var children = city.Noisy.Truth("families.csv").Where(f => f["role"] == "Child" && Covers(f, start)).ToList();
        var referred = SourceRecords.For(city.Noisy, "cin_census").Values.Select(s => s["child"]).ToHashSet();

        double Rate(Func<int, bool> needs)
        {
            var group = children.Where(c => needs(needsAtStart.GetValueOrDefault(c["family_id"]))).ToList();
            return group.Count(c => referred.Contains(c["person_id"])) / (double)group.Count;
        }

        var none = Rate(n => n == 0);
        var several = Rate(n => n >= 2);
        several.ShouldBeGreaterThan(3 * none, $"referral rate {several:P1} with two or more needs, {none:P1} with none");
    }

    [Fact]
    public void Networks_CoOffendTogether()
    {
        var networks = city.Noisy.Truth("networks.csv");
        networks.ShouldNotBeEmpty();
        var networkOf = networks.GroupBy(n => n["person_id"]).ToDictionary(g => g.Key, g => g.Select(n => n["network_id"]).ToHashSet());
        var police = FeedReaders.Delimited(city.Noisy.FeedPath("police_incidents"), city.Noisy.Feed("police_incidents"), out _);
        var truth = SourceRecords.For(city.Noisy, "police_incidents");
        var groupIncidents = police.Where(r => r["InvolvementRole"] == "Suspect")
            .GroupBy(r => r["OccurrenceRef"])
            .Count(g =>
            {
                var suspects = g.Select(r => truth[string.Join('|', r["OccurrenceRef"], r["NominalID"], r["InvolvementRole"])]["person"]).Distinct().ToList();
                return suspects.Count >= 2 && suspects.All(s => networkOf.ContainsKey(s)) && suspects.Select(s => networkOf[s]).Aggregate((a, b) => [.. a.Intersect(b)]).Count > 0;
            });
        groupIncidents.ShouldBeGreaterThan(5);
    }

    [Fact]
    public void Feeds_HoldOnlyTheIdentifiersTheirSystemsHold()
    {
        string[] Columns(string feed) => [.. city.Noisy.Feed(feed).Columns.Select(c => c.Name)];
        Columns("police_incidents").ShouldNotContain(c => c.Contains("UPN") || c.Contains("NHS"));
        Columns("ae_attendances").ShouldNotContain(c => c.Contains("UPN"));
        Columns("ae_attendances").ShouldContain("NHSNumber");
        Columns("school_census").ShouldContain("UPN");
        Columns("school_census").ShouldNotContain(c => c.Contains("NHS"));
        Columns("council_tax").ShouldNotContain(c => c.Contains("DOB"));
        Columns("substance_misuse").ShouldContain("Initials");
    }

    private static bool Covers(Dictionary<string, string> interval, string date) =>
        string.CompareOrdinal(interval["from"], date) <= 0 && (interval["to"].Length == 0 || string.CompareOrdinal(interval["to"], date) > 0);
}
