namespace Hearth.Core.Rules;

/// <summary>Dates from <see cref="From"/> up to but not including <see cref="Until"/>.</summary>
public readonly record struct DateSpan(DateOnly From, DateOnly Until);

/// <summary>
/// What moving the scoring date from one day to a later one changes, with no new data: the events whose date or end
/// date a window's edge passes. A subject with none of them (and no birthday in between, when rules test age) gets the
/// same answer on both dates, which is what lets <c>hearth score --changed</c> re-score only the subjects that moved.
/// </summary>
public static class WindowShift
{
    /// <summary>
    /// The spans of event dates and of end dates that move in or out of some window between the two dates; null when
    /// the spans cannot say (the date went back, or a school term began, which moves every term window at once).
    /// </summary>
    public static (IReadOnlyList<DateSpan> EventDates, IReadOnlyList<DateSpan> EndDates)? Between(IEnumerable<Window?> windows, DateOnly before, DateOnly after)
    {
        ArgumentNullException.ThrowIfNull(windows);
        if (after < before)
        {
            return null;
        }

        // Every window ends at the scoring date: an event dated after the earlier date was not yet seen.
        var eventDates = new List<DateSpan>();
        var endDates = new List<DateSpan>();
        if (after > before)
        {
            eventDates.Add(new DateSpan(before.AddDays(1), after.AddDays(1)));
        }

        foreach (var window in windows.OfType<Window>().Distinct())
        {
            if (window.Terms is not null)
            {
                if (SchoolTerms.TermOf(before) != SchoolTerms.TermOf(after))
                {
                    return null;
                }

                continue;
            }

            // The window's start moves from one date to the other: events (or, for an overlapping window, end dates)
            // from the old start up to the new one drop out.
            var from = Start(window, before);
            var until = Start(window, after);
            if (until > from)
            {
                (window.Overlapping ? endDates : eventDates).Add(new DateSpan(from, until));
            }
        }

        return (eventDates, endDates);
    }

    /// <summary>Whether the subject's age in whole years differs between the two dates.</summary>
    public static bool AgeChanges(DateOnly? dateOfBirth, DateOnly before, DateOnly after)
    {
        if (dateOfBirth is not { } dob)
        {
            return false;
        }

        var subject = new Subject(0, dob, new Dictionary<string, string>(StringComparer.Ordinal), []);
        return subject.AgeOn(before) != subject.AgeOn(after);
    }

    private static DateOnly Start(Window window, DateOnly asOf) =>
        window.Days is { } days ? asOf.AddDays(-days) : asOf.AddMonths(-(window.Months ?? 0));
}
