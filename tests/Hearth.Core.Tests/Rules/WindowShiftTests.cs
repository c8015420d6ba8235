using Hearth.Core.Rules;

namespace Hearth.Core.Tests.Rules;

/// <summary>Which event dates a move of the scoring date carries across a window's edge.</summary>
public class WindowShiftTests
{
    private static readonly DateOnly Before = new(2026, 7, 20);

    [Fact]
    public void Between_MonthWindow_GivesTheNewEventsAndThoseThatDropOut()
    {
        var shift = WindowShift.Between([new Window { Months = 6 }], Before, new DateOnly(2026, 7, 25))!.Value;

        shift.EventDates.ShouldBe([new DateSpan(new DateOnly(2026, 7, 21), new DateOnly(2026, 7, 26)), new DateSpan(new DateOnly(2026, 1, 20), new DateOnly(2026, 1, 25))]);
        shift.EndDates.ShouldBeEmpty();
    }

    [Fact]
    public void Between_OverlappingWindow_MovesEndDates()
    {
        var shift = WindowShift.Between([new Window { Days = 30, Overlapping = true }, null], Before, new DateOnly(2026, 7, 21))!.Value;

        shift.EndDates.ShouldBe([new DateSpan(new DateOnly(2026, 6, 20), new DateOnly(2026, 6, 21))]);
        shift.EventDates.ShouldBe([new DateSpan(new DateOnly(2026, 7, 21), new DateOnly(2026, 7, 22))], "an event dated the new day is seen for the first time");
    }

    [Fact]
    public void Between_SameDay_MovesNothing()
    {
        var shift = WindowShift.Between([new Window { Months = 12 }, new Window { Terms = 3 }], Before, Before)!.Value;

        shift.EventDates.ShouldBeEmpty();
        shift.EndDates.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("2026-08-31", true)]
    [InlineData("2026-09-01", false)]
    [InlineData("2026-07-19", false)]
    public void Between_TermWindowAcrossATermOrBackwards_CannotSay(string after, bool spans)
    {
        var result = WindowShift.Between([new Window { Terms = 3 }], Before, DateOnly.Parse(after, System.Globalization.CultureInfo.InvariantCulture));

        result.HasValue.ShouldBe(spans);
    }

    [Theory]
    [InlineData("2008-07-21", true)]
    [InlineData("2008-07-20", false)]
    [InlineData("2008-08-01", false)]
    public void AgeChanges_OnlyWhenABirthdayFallsBetween(string dateOfBirth, bool changes) =>
        WindowShift.AgeChanges(DateOnly.Parse(dateOfBirth, System.Globalization.CultureInfo.InvariantCulture), Before, new DateOnly(2026, 7, 31)).ShouldBe(changes);
}
