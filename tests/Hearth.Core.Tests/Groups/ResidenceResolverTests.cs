using Hearth.Core.Groups;

namespace Hearth.Core.Tests.Groups;

/// <summary>Where someone lives, from evidence that disagrees and lags.</summary>
public class ResidenceResolverTests
{
    private static readonly DateOnly AsOf = new(2026, 8, 31);

    private static ResidenceObservation Tenure(long uprn, string from, string? to = null, string feed = "council_tax") =>
        new(1, uprn, DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), to is null ? null : DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), ResidenceEvidenceKind.Tenure, feed, $"{feed} {uprn} {from}");

    private static ResidenceObservation Seen(long uprn, string on, string feed = "school_census") =>
        new(1, uprn, DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture), null, ResidenceEvidenceKind.Sighting, feed, $"{feed} {uprn} {on}");

    private static ResidenceObservation Undated(long uprn) => new(1, uprn, AsOf, null, ResidenceEvidenceKind.Undated, "school_contacts", "contact");

    private static long? Current(params ResidenceObservation[] observations) =>
        ResidenceResolver.Resolve(observations, AsOf, null, new ResidenceSettings()).SingleOrDefault(r => r.IsCurrent)?.Uprn;

    [Fact]
    public void Resolve_OpenTenureAndALaterSightingElsewhere_TheTenureWins() =>
        Current(Tenure(100, "2020-01-01"), Seen(200, "2026-03-01", "police_incidents")).ShouldBe(100);

    [Fact]
    public void Resolve_TwoOpenTenures_TheLaterStartingOneWins() =>
        Current(Tenure(100, "2015-01-01"), Tenure(200, "2024-06-01")).ShouldBe(200);

    [Fact]
    public void Resolve_EndedTenureThenNothing_LivesNowhereKnown() =>
        Current(Tenure(100, "2015-01-01", "2024-06-01")).ShouldBeNull();

    [Fact]
    public void Resolve_TenureEndedWithinTheGrace_StillCurrent() =>
        Current(Tenure(100, "2015-01-01", "2026-08-15")).ShouldBe(100);

    [Fact]
    public void Resolve_OnlySightings_TheLatestRecentOneWins() =>
        Current(Seen(100, "2024-01-01"), Seen(200, "2026-05-01"), Seen(100, "2025-01-01")).ShouldBe(200);

    [Fact]
    public void Resolve_OnlyAnOldSighting_IsNotCurrent() =>
        Current(Seen(100, "2019-01-01")).ShouldBeNull();

    [Fact]
    public void Resolve_UndatedAddress_CountsOnlyWhenNothingDatedIsKnown()
    {
        Current(Undated(300)).ShouldBe(300);
        Current(Undated(300), Seen(100, "2026-01-01")).ShouldBe(100);
    }

    [Fact]
    public void Resolve_SomeoneWhoDied_LivesNowhere_AndTheirLastPeriodEndsOnTheDay()
    {
        var periods = ResidenceResolver.Resolve([Tenure(100, "2015-01-01")], AsOf, new DateOnly(2025, 3, 1), new ResidenceSettings());

        periods.ShouldHaveSingleItem().IsCurrent.ShouldBeFalse();
        periods[0].To.ShouldBe(new DateOnly(2025, 3, 1));
    }

    [Fact]
    public void Resolve_AMove_GivesTwoPeriods_TheFirstEndingWhenTheSecondStarts()
    {
        var periods = ResidenceResolver.Resolve([Seen(100, "2023-10-01"), Seen(100, "2024-01-15"), Tenure(200, "2024-09-01"), Seen(200, "2025-10-01")], AsOf, null, new ResidenceSettings());

        periods.Select(p => (p.Uprn, p.From, p.To, p.IsCurrent)).ShouldBe(
        [
            (100L, new DateOnly(2023, 10, 1), (DateOnly?)new DateOnly(2024, 9, 1), false),
            (200L, new DateOnly(2024, 9, 1), (DateOnly?)null, true),
        ]);
        periods[0].Evidence.Count.ShouldBe(2);
        periods[1].Evidence.Count.ShouldBe(2);
    }

    [Fact]
    public void Resolve_EvidenceAfterTheAsOfDate_IsIgnored() =>
        Current(Seen(100, "2026-01-01"), Seen(200, "2026-10-01")).ShouldBe(100);

    [Fact]
    public void Resolve_SameEvidenceInAnyOrder_SameAnswer()
    {
        ResidenceObservation[] evidence = [Tenure(100, "2015-01-01"), Seen(200, "2025-01-01"), Tenure(300, "2022-01-01", "2023-01-01"), Seen(100, "2026-01-01")];
        var forward = ResidenceResolver.Resolve(evidence, AsOf, null, new ResidenceSettings());
        var backward = ResidenceResolver.Resolve(evidence.Reverse(), AsOf, null, new ResidenceSettings());

        backward.Select(p => (p.Uprn, p.From, p.To, p.IsCurrent)).ShouldBe(forward.Select(p => (p.Uprn, p.From, p.To, p.IsCurrent)));
    }
}
