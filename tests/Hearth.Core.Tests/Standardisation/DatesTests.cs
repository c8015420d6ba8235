using System.Globalization;
using Hearth.Core.Standardisation;

namespace Hearth.Core.Tests.Standardisation;

public class DatesTests
{
    private static readonly DateOnly Today = new(2026, 9, 1);

    private static DateOnly Day(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2024-01-02", "2024-01-02")]
    [InlineData(" 2024-01-02 ", "2024-01-02")]
    [InlineData("02/01/2024", "2024-01-02")]
    [InlineData("2/1/2024", "2024-01-02")]
    [InlineData("02-01-2024", "2024-01-02")]
    [InlineData("02.01.2024", "2024-01-02")]
    [InlineData("20240102", "2024-01-02")]
    [InlineData("02012024", "2024-01-02")]
    [InlineData("5 Apr 2024", "2024-04-05")]
    [InlineData("05 Apr 2024", "2024-04-05")]
    [InlineData("5 April 2024", "2024-04-05")]
    [InlineData("05-Apr-2024", "2024-04-05")]
    [InlineData("05-APR-2024", "2024-04-05")]
    [InlineData("05-Apr-24", "2024-04-05")]
    [InlineData("29/02/2024", "2024-02-29")]
    public void TryParse_CommonFormats_GiveTheDay(string text, string expected)
    {
        Dates.TryParse(text, null, DateKind.Event, Today, out var date, out var time).ShouldBeTrue();

        date.ShouldBe(Day(expected));
        time.ShouldBeNull();
    }

    [Theory]
    [InlineData("05/04/35", DateKind.Birth, "1935-04-05")]
    [InlineData("05/04/35", DateKind.Event, "1935-04-05")]  // was 2035: an event is at most a year ahead of today
    [InlineData("05/04/99", DateKind.Event, "1999-04-05")]
    [InlineData("05/04/27", DateKind.Event, "2027-04-05")]  // within a year of today
    [InlineData("01/09/27", DateKind.Event, "2027-09-01")]  // exactly a year ahead
    [InlineData("02/09/27", DateKind.Event, "1927-09-02")]  // a day more
    [InlineData("05/04/10", DateKind.Birth, "2010-04-05")]
    [InlineData("05/04/10", DateKind.Event, "2010-04-05")]
    [InlineData("5/4/99", DateKind.Birth, "1999-04-05")]
    [InlineData("05/04/27", DateKind.Birth, "1927-04-05")]
    [InlineData("05/04/26", DateKind.Birth, "2026-04-05")]  // this year, already past
    [InlineData("05/10/26", DateKind.Birth, "1926-10-05")]  // this year but after today: a birth is in the past
    [InlineData("05/04/00", DateKind.Birth, "2000-04-05")]
    [InlineData("05-Apr-35", DateKind.Birth, "1935-04-05")]
    [InlineData("05-Apr-35", DateKind.Event, "1935-04-05")]
    [InlineData("05-Apr-26", DateKind.Event, "2026-04-05")]
    public void TryParse_TwoDigitYear_PivotsOnKindAndToday(string text, DateKind kind, string expected)
    {
        Dates.TryParse(text, null, kind, Today, out var date, out _).ShouldBeTrue();

        date.ShouldBe(Day(expected));
    }

    [Theory]
    [InlineData("01/02/2024", "MM/dd/yyyy", "2024-01-02")]
    [InlineData("01/02/2024", "dd/MM/yyyy", "2024-02-01")]
    [InlineData("2024|02|01", "yyyy|MM|dd", "2024-02-01")]
    [InlineData("Feb 1, 2024", "MMM d, yyyy", "2024-02-01")]
    public void TryParse_FeedFormat_IsTriedFirst(string text, string format, string expected)
    {
        Dates.TryParse(text, [format], DateKind.Event, Today, out var date, out _).ShouldBeTrue();

        date.ShouldBe(Day(expected));
    }

    [Fact]
    public void TryParse_FeedFormatNotMatching_FallsBackToCommonFormats()
    {
        Dates.TryParse("2024-02-01", ["MM/dd/yyyy"], DateKind.Event, Today, out var date, out _).ShouldBeTrue();

        date.ShouldBe(new DateOnly(2024, 2, 1));
    }

    [Theory]
    [InlineData("01/02/2024 10:30", "2024-02-01", 10, 30, 0)]
    [InlineData("01/02/2024 10:30:15", "2024-02-01", 10, 30, 15)]
    [InlineData("2024-02-01 23:05", "2024-02-01", 23, 5, 0)]
    [InlineData("2024-02-01 23:05:59", "2024-02-01", 23, 5, 59)]
    [InlineData("2024-02-01T08:00:00", "2024-02-01", 8, 0, 0)]
    [InlineData("2024-02-01T00:00:00", "2024-02-01", 0, 0, 0)]
    public void TryParse_WithTime_CapturesTheTime(string text, string expectedDate, int hour, int minute, int second)
    {
        Dates.TryParse(text, null, DateKind.Event, Today, out var date, out var time).ShouldBeTrue();

        date.ShouldBe(Day(expectedDate));
        time.ShouldBe(new TimeOnly(hour, minute, second));
    }

    [Theory]
    // The day and time as the source wrote them, whatever the server's time zone.
    [InlineData("2024-06-01T00:30:00+01:00", "2024-06-01", 0, 30)]
    [InlineData("2024-01-15T09:00:00Z", "2024-01-15", 9, 0)]
    [InlineData("2024-06-01T23:30:00-05:00", "2024-06-01", 23, 30)]
    public void TryParse_WithOffset_KeepsTheWrittenDayAndTime(string text, string expectedDate, int hour, int minute)
    {
        Dates.TryParse(text, null, DateKind.Event, Today, out var date, out var time).ShouldBeTrue();

        date.ShouldBe(Day(expectedDate));
        time.ShouldBe(new TimeOnly(hour, minute));
    }

    [Theory]
    [InlineData("2024-03-05T10:22:33.123Z", "10:22:33.123")]
    [InlineData("2024-03-05T10:22:33.1Z", "10:22:33.1")]
    [InlineData("2024-03-05T10:22:33.1234567+01:00", "10:22:33.1234567")]
    [InlineData("2024-03-05T10:22:33.123", "10:22:33.123")]
    public void TryParse_IsoTimestampWithFractionalSeconds_GivesTheDayAndTime(string text, string expectedTime)
    {
        Dates.TryParse(text, null, DateKind.Event, Today, out var date, out var time).ShouldBeTrue();

        date.ShouldBe(new DateOnly(2024, 3, 5));
        time.ShouldBe(TimeOnly.Parse(expectedTime, CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not a date")]
    [InlineData("31/02/2024")]
    [InlineData("29/02/2023")]
    [InlineData("13/13/2024")]
    [InlineData("2024-13-01")]
    [InlineData("2024/01/02")]
    [InlineData("01/01/1800")]   // parses, but before 1850
    [InlineData("01/01/2201")]   // parses, but after 2200
    [InlineData("=TODAY()")]
    public void TryParse_Garbage_IsFalse(string? text) =>
        Dates.TryParse(text, null, DateKind.Birth, Today, out _, out _).ShouldBeFalse();

    [Theory]
    [InlineData("2015-04-05", BirthDateJudgement.Plausible)]
    [InlineData("2026-09-01", BirthDateJudgement.Plausible)]          // born today
    [InlineData("2026-09-02", BirthDateJudgement.InTheFuture)]
    [InlineData("2027-01-01", BirthDateJudgement.InTheFuture)]        // in the future beats 1 January
    [InlineData("1906-09-01", BirthDateJudgement.Plausible)]          // exactly 120 years
    [InlineData("1906-08-31", BirthDateJudgement.TooOld)]
    [InlineData("1850-06-15", BirthDateJudgement.TooOld)]
    [InlineData("2015-01-01", BirthDateJudgement.PossiblePlaceholder)]
    [InlineData("1970-01-01", BirthDateJudgement.PossiblePlaceholder)]
    // Was TooOld; but 1900-01-01 is what systems write when the date is unknown, so it says nothing about the person's
    // age: a placeholder, flagged and not kept, at any date the check is run.
    [InlineData("1900-01-01", BirthDateJudgement.Placeholder)]
    [InlineData("1899-12-31", BirthDateJudgement.Placeholder)]
    [InlineData("1899-12-30", BirthDateJudgement.Placeholder)]
    [InlineData("1900-01-02", BirthDateJudgement.TooOld)]
    [InlineData("2015-12-31", BirthDateJudgement.Plausible)]
    [InlineData("2015-02-01", BirthDateJudgement.Plausible)]
    public void Judge_BirthDates_ApplyTheDomainRules(string birth, BirthDateJudgement expected) =>
        Dates.Judge(Day(birth), Today).ShouldBe(expected);

    [Fact]
    public void Judge_Placeholder_IsThePlaceholderWhateverToday() =>
        Dates.Judge(new DateOnly(1900, 1, 1), new DateOnly(2010, 1, 1)).ShouldBe(BirthDateJudgement.Placeholder);

    [Fact]
    public void Iso_WritesYearMonthDay() =>
        Dates.Iso(new DateOnly(2024, 1, 2)).ShouldBe("2024-01-02");
}
