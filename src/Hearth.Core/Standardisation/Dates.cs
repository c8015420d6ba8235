using System.Globalization;

namespace Hearth.Core.Standardisation;

/// <summary>What kind of date a value is, which decides how a two-digit year is read and what is plausible.</summary>
public enum DateKind
{
    /// <summary>A date of birth: a two-digit year is in the past.</summary>
    Birth,

    /// <summary>An event date: a two-digit year is the latest that is at most a year after today.</summary>
    Event,
}

/// <summary>Parses dates in the many formats council systems write them, and judges dates of birth.</summary>
public static class Dates
{
    /// <summary>The formats tried after a feed's own, most specific first.</summary>
    public static readonly IReadOnlyList<string> CommonFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm",
        "dd/MM/yyyy", "d/M/yyyy", "dd/MM/yyyy HH:mm", "dd/MM/yyyy HH:mm:ss", "dd-MM-yyyy", "dd.MM.yyyy", "yyyyMMdd",
        "d MMM yyyy", "dd MMM yyyy", "d MMMM yyyy", "dd-MMM-yyyy", "dd-MMM-yy", "dd/MM/yy", "d/M/yy", "ddMMyyyy",
    ];

    /// <summary>
    /// Parses a date (and time, if given) using the feed's formats first, then the common ones. Two-digit years are
    /// read as the past for dates of birth and as no more than a year ahead for events; <paramref name="today"/> decides
    /// which century that is.
    /// </summary>
    public static bool TryParse(string? text, IReadOnlyList<string>? formats, DateKind kind, DateOnly today, out DateOnly date, out TimeOnly? time) =>
        TryParseIn(text, (formats ?? []).Concat(CommonFormats), kind, today, out date, out time);

    /// <summary>
    /// Parses a date in exactly the formats given and no others, for a source whose format is known: a value that does
    /// not fit is not read some other way (with <c>MM/dd/yyyy</c>, 13/01/2001 is no date rather than 13 January).
    /// </summary>
    public static bool TryParseExactly(string? text, IReadOnlyList<string> formats, DateKind kind, DateOnly today, out DateOnly date) =>
        TryParseIn(text, formats, kind, today, out date, out _);

    private static bool TryParseIn(string? text, IEnumerable<string> formats, DateKind kind, DateOnly today, out DateOnly date, out TimeOnly? time)
    {
        date = default;
        time = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var value = text.Trim();
        foreach (var format in formats)
        {
            if (TryParseExact(value, format, out var parsed))
            {
                if (format.Contains("yy", StringComparison.Ordinal) && !format.Contains("yyyy", StringComparison.Ordinal))
                {
                    parsed = CenturyFor(parsed, kind, today);
                }

                date = DateOnly.FromDateTime(parsed);
                time = format.Contains('H', StringComparison.Ordinal) ? TimeOnly.FromDateTime(parsed) : null;
                return date.Year is >= 1850 and <= 2200;
            }
        }

        return false;
    }

    /// <summary>
    /// Parses a trimmed value in exactly one format, giving the clock time as written. Numeric formats take a fast path
    /// that agrees with the framework's parser (a test compares them); the rest go to the framework.
    /// </summary>
    internal static bool TryParseExact(string value, string format, out DateTime parsed)
    {
        if (NumericDateFormat.For(format) is { } numeric)
        {
            switch (numeric.TryParse(value, out parsed))
            {
                case NumericDateFormat.Outcome.Parsed:
                    return true;
                case NumericDateFormat.Outcome.NoMatch:
                    return false;
            }
        }

        // DateTimeOffset keeps the clock time as written: DateTime would convert a value with an offset (yyyy-MM-ddTHH:mm:ssK)
        // to the server's time zone, which can move it to another day.
        var ok = DateTimeOffset.TryParseExact(value, format, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal, out var written);
        parsed = ok ? written.DateTime : default;
        return ok;
    }

    /// <summary>The day in ISO form, as Hearth stores dates.</summary>
    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// Judges a date of birth against the domain rules: in the future, or more than 120 years ago, it is an error;
    /// 1900-01-01 (and the spreadsheet day zero, 1899-12-30 or 1899-12-31) is the placeholder systems write for an
    /// unknown date, not a date; any other 1 January (1970-01-01 included) is a flag worth a warning.
    /// </summary>
    public static BirthDateJudgement Judge(DateOnly birthDate, DateOnly today)
    {
        if (birthDate > today)
        {
            return BirthDateJudgement.InTheFuture;
        }

        if (birthDate is { Year: 1900, Month: 1, Day: 1 } or { Year: 1899, Month: 12, Day: 30 or 31 })
        {
            return BirthDateJudgement.Placeholder;
        }

        if (birthDate < today.AddYears(-120))
        {
            return BirthDateJudgement.TooOld;
        }

        return birthDate.Month == 1 && birthDate.Day == 1 ? BirthDateJudgement.PossiblePlaceholder : BirthDateJudgement.Plausible;
    }

    private static DateTime CenturyFor(DateTime parsed, DateKind kind, DateOnly today)
    {
        // .NET's two-digit year window (1930 to 2029) is wrong for both. A birth is in the past, so a date later than today
        // (this year's or not) belongs to the century before; an event may be booked ahead, but not by decades, so one
        // more than a year after today does too: in 2026 an event in '27 is 2027 and one in '99 is 1999.
        var twoDigits = parsed.Year % 100;
        var inThisCentury = parsed.AddYears(today.Year - (today.Year % 100) + twoDigits - parsed.Year);
        var latest = kind == DateKind.Birth ? today : today.AddYears(1);
        return DateOnly.FromDateTime(inThisCentury) > latest ? inThisCentury.AddYears(-100) : inThisCentury;
    }
}

/// <summary>The verdict on a date of birth.</summary>
public enum BirthDateJudgement
{
    /// <summary>Nothing wrong.</summary>
    Plausible,

    /// <summary>1 January: real, or a placeholder for an unknown date.</summary>
    PossiblePlaceholder,

    /// <summary>After today: an error (an expected date of birth belongs in its own field).</summary>
    InTheFuture,

    /// <summary>More than 120 years ago: an error.</summary>
    TooOld,

    /// <summary>A date systems write when the real one is unknown (1900-01-01): a flag, and no date of birth.</summary>
    Placeholder,
}
