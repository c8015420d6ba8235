namespace Hearth.Synth.Calendar;

/// <summary>A school term with its census day and the number of sessions (two a day) it offers.</summary>
public sealed record SchoolTerm(int AcademicYear, string Code, DateOnly Start, DateOnly End, DateOnly CensusDate, int PossibleSessions)
{
    /// <summary>The academic year label used by DfE returns, for example 2024/25.</summary>
    public string AcademicYearLabel => FormattableString.Invariant($"{AcademicYear}/{(AcademicYear + 1) % 100:D2}");

    public bool Contains(DateOnly date) => date >= Start && date <= End;
}

/// <summary>
/// The English school year as the city uses it: three terms, census days in October, January and May,
/// and about 380 possible sessions a year.
/// </summary>
public static class SchoolCalendar
{
    /// <summary>The academic year (the calendar year in which it starts) that contains the date.</summary>
    public static int AcademicYearOf(DateOnly date) => date.Month >= 9 ? date.Year : date.Year - 1;

    /// <summary>Age on 31 August before the given academic year starts.</summary>
    public static int AgeAtStartOfAcademicYear(DateOnly birthDate, int academicYear) => AgeOn(birthDate, new DateOnly(academicYear, 8, 31));

    /// <summary>
    /// National curriculum year: 0 for Reception, 1 to 13, or null when the child is not of school age.
    /// Year N is for children aged N + 4 on 31 August; Reception for those aged 4.
    /// </summary>
    public static int? NationalCurriculumYear(DateOnly birthDate, int academicYear)
    {
        var age = AgeAtStartOfAcademicYear(birthDate, academicYear);
        return age is >= 4 and <= 17 ? age - 4 : null;
    }

    public static int AgeOn(DateOnly birthDate, DateOnly date)
    {
        var age = date.Year - birthDate.Year;
        if (date.Month < birthDate.Month || (date.Month == birthDate.Month && date.Day < birthDate.Day))
        {
            age--;
        }

        return age;
    }

    /// <summary>The three terms of an academic year.</summary>
    public static IReadOnlyList<SchoolTerm> TermsOf(int academicYear)
    {
        var autumnStart = NextWeekday(new DateOnly(academicYear, 9, 3));
        var autumnEnd = PreviousWeekday(new DateOnly(academicYear, 12, 20));
        var springStart = NextWeekday(new DateOnly(academicYear + 1, 1, 6));
        var springEnd = PreviousWeekday(new DateOnly(academicYear + 1, 3, 28));
        var summerStart = NextWeekday(new DateOnly(academicYear + 1, 4, 14));
        var summerEnd = PreviousWeekday(new DateOnly(academicYear + 1, 7, 22));
        return
        [
            new SchoolTerm(academicYear, "AUT", autumnStart, autumnEnd, NthWeekday(academicYear, 10, DayOfWeek.Thursday, 1), 140),
            new SchoolTerm(academicYear, "SPR", springStart, springEnd, NthWeekday(academicYear + 1, 1, DayOfWeek.Thursday, 3), 118),
            new SchoolTerm(academicYear, "SUM", summerStart, summerEnd, NthWeekday(academicYear + 1, 5, DayOfWeek.Thursday, 3), 122),
        ];
    }

    public static DateOnly NthWeekday(int year, int month, DayOfWeek day, int n)
    {
        var date = new DateOnly(year, month, 1);
        while (date.DayOfWeek != day)
        {
            date = date.AddDays(1);
        }

        return date.AddDays(7 * (n - 1));
    }

    public static DateOnly NextWeekday(DateOnly date)
    {
        while (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            date = date.AddDays(1);
        }

        return date;
    }

    public static DateOnly PreviousWeekday(DateOnly date)
    {
        while (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            date = date.AddDays(-1);
        }

        return date;
    }
}
