using Hearth.Core.Common;

namespace Hearth.Synth.Tests;

public class IdentifierTests(CityFixture city)
{
    [Fact]
    public void Truth_EveryNhsNumber_IsValidUniqueAndInTheTestRange()
    {
        var numbers = city.Noisy.People.Values.Select(p => p["nhs_number"]).Where(n => n.Length > 0).ToList();
        numbers.Count.ShouldBeGreaterThan((int)(city.Noisy.People.Count * 0.95));
        numbers.ShouldAllBe(n => NhsNumber.IsValid(n) && n.StartsWith("999"));
        numbers.Distinct().Count().ShouldBe(numbers.Count);
    }

    [Fact]
    public void Truth_EveryUpn_HasAValidCheckLetterAndIsUnique()
    {
        var upns = city.Noisy.People.Values.Select(p => p["upn"]).Where(u => u.Length > 0).ToList();
        upns.Count.ShouldBeGreaterThan(500);
        upns.ShouldAllBe(u => UniquePupilNumber.IsValid(u));
        upns.Distinct().Count().ShouldBe(upns.Count);
        // Most pupils' UPNs were issued by the city's own schools.
        upns.Count(u => u.Substring(1, 3) == "999").ShouldBeGreaterThan(upns.Count / 2);
    }

    [Fact]
    public void Truth_EveryUln_HasAValidCheckDigitAndIsUnique()
    {
        var ulns = city.Noisy.People.Values.Select(p => p["uln"]).Where(u => u.Length > 0).ToList();
        ulns.Count.ShouldBeGreaterThan(100);
        ulns.ShouldAllBe(u => UniqueLearnerNumber.IsValid(u));
        ulns.Distinct().Count().ShouldBe(ulns.Count);
    }

    [Fact]
    public void Truth_EveryNino_HasAValidFormatAndIsUnique()
    {
        var ninos = city.Noisy.People.Values.Select(p => p["nino"]).Where(n => n.Length > 0).ToList();
        ninos.Count.ShouldBeGreaterThan(city.Noisy.People.Count / 2);
        ninos.ShouldAllBe(n => NationalInsuranceNumber.IsValid(n));
        ninos.Distinct().Count().ShouldBe(ninos.Count);
    }

    [Fact]
    public void Truth_PhonesAndEmails_UseRangesReservedForFiction()
    {
        var people = city.Noisy.People.Values.ToList();
        people.Select(p => p["mobile"]).Where(m => m.Length > 0).ShouldAllBe(m => m.StartsWith("07700 900"));
        people.Select(p => p["email"]).Where(e => e.Length > 0).ShouldAllBe(e => e.EndsWith("@example.com") || e.EndsWith("@example.org") || e.EndsWith("@example.net"));
    }

    [Fact]
    public void Gazetteer_EveryUprnAndPostcode_IsValid()
    {
        var feed = city.Noisy.Feed("gazetteer");
        var rows = FeedReaders.Delimited(city.Noisy.FeedPath("gazetteer"), feed, out _);
        rows.Count.ShouldBeGreaterThan(2_000);
        rows.Where(r => !Uprn.TryParse(r["UPRN"], out var _) || !Postcode.IsValid(r["Postcode"])).ShouldBeEmpty();
        rows.Select(r => r["UPRN"]).Distinct().Count().ShouldBe(rows.Count);
        rows.ShouldAllBe(r => r["Postcode"].StartsWith("HF"));
    }
}
