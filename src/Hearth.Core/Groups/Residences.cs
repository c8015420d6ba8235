namespace Hearth.Core.Groups;

/// <summary>How an observation places a person at a property.</summary>
public enum ResidenceEvidenceKind
{
    /// <summary>A tenure with a start and, once it ends, an end: a council tax liability, a tenancy, a benefit claim at an address.</summary>
    Tenure,

    /// <summary>A dated sighting: the address a school census, a police incident or a health contact recorded on that day.</summary>
    Sighting,

    /// <summary>
    /// An address a source holds with no date of its own (a school's list of parents' contacts), dated by when the
    /// record was received. It says where someone lives only when no dated evidence says anything.
    /// </summary>
    Undated,
}

/// <summary>One piece of evidence that a person lived at a property.</summary>
/// <param name="PersonId">The golden id of the person.</param>
/// <param name="Uprn">The property.</param>
/// <param name="From">The day the evidence starts (a sighting's date).</param>
/// <param name="To">The day a tenure ended; null while it is open, and for sightings.</param>
/// <param name="Kind">Tenure or sighting.</param>
/// <param name="Feed">The feed that said so.</param>
/// <param name="Reference">Where to find it: the source record and, where there is one, the event.</param>
public sealed record ResidenceObservation(long PersonId, long Uprn, DateOnly From, DateOnly? To, ResidenceEvidenceKind Kind, string Feed, string Reference);

/// <summary>A period at one property, with the evidence for it.</summary>
/// <param name="PersonId">The golden id of the person.</param>
/// <param name="Uprn">The property.</param>
/// <param name="From">The first evidence of the period.</param>
/// <param name="To">When the person moved on (the next property's first evidence, or a tenure's end); null if current.</param>
/// <param name="IsCurrent">Whether this is where the person lives on the as-of date.</param>
/// <param name="Evidence">The observations behind the period, oldest first.</param>
public sealed record Residence(long PersonId, long Uprn, DateOnly From, DateOnly? To, bool IsCurrent, IReadOnlyList<ResidenceObservation> Evidence);

/// <summary>How residences are read from evidence.</summary>
public sealed record ResidenceSettings
{
    /// <summary>
    /// A sighting older than this many days does not on its own say where someone lives now. The default is long
    /// because many residents are seen rarely (an adult with no children at school may appear only in council tax),
    /// and an open tenure already beats any sighting.
    /// </summary>
    public int SightingCurrentForDays { get; init; } = 1825;

    /// <summary>A tenure that ended within this many days of the as-of date still counts as current (extracts lag).</summary>
    public int TenureEndGraceDays { get; init; } = 31;
}

/// <summary>
/// Where a person lived, from the dated evidence of every source. Periods are read in date order: evidence at a new
/// property starts a new period and ends the one before. Where the person lives now is decided separately, because
/// sources disagree and lag: an open tenure (council tax, tenancy, benefit claim) beats a sighting, the latest-starting
/// open tenure wins between two (an old account a source never closed is the commonest error), and otherwise the latest
/// recent sighting wins; an undated address counts only when nothing dated is known. A person known to have died lives nowhere. Pure and deterministic.
/// </summary>
public static class ResidenceResolver
{
    /// <summary>The residence periods of one person, oldest first.</summary>
    public static IReadOnlyList<Residence> Resolve(IEnumerable<ResidenceObservation> observations, DateOnly asOf, DateOnly? diedOn, ResidenceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(settings);
        var all = observations.Where(o => o.From <= asOf).ToList();
        if (all.Any(o => o.Kind != ResidenceEvidenceKind.Undated))
        {
            all.RemoveAll(o => o.Kind == ResidenceEvidenceKind.Undated);
        }

        var ordered = all
            .OrderBy(o => o.From).ThenBy(o => o.Kind).ThenBy(o => o.Uprn).ThenBy(o => o.Reference, StringComparer.Ordinal).ToList();
        if (ordered.Count == 0)
        {
            return [];
        }

        var current = diedOn is { } died && died <= asOf ? null : CurrentUprn(ordered, asOf, settings);
        var periods = new List<(long Uprn, DateOnly From, DateOnly Last, List<ResidenceObservation> Evidence)>();
        foreach (var observation in ordered)
        {
            var last = observation.To is { } end && end <= asOf ? end : observation.Kind == ResidenceEvidenceKind.Tenure && observation.To is null ? asOf : observation.From;
            if (periods.Count > 0 && periods[^1].Uprn == observation.Uprn)
            {
                var p = periods[^1];
                p.Evidence.Add(observation);
                periods[^1] = (p.Uprn, p.From, last > p.Last ? last : p.Last, p.Evidence);
            }
            else
            {
                periods.Add((observation.Uprn, observation.From, last, [observation]));
            }
        }

        // The current property's last period is current, whatever came after it from a weaker source.
        var currentIndex = current is { } uprn ? periods.FindLastIndex(p => p.Uprn == uprn) : -1;
        var result = new List<Residence>(periods.Count);
        for (var i = 0; i < periods.Count; i++)
        {
            var p = periods[i];
            if (i == currentIndex)
            {
                result.Add(new Residence(p.Evidence[0].PersonId, p.Uprn, p.From, null, true, p.Evidence));
                continue;
            }

            var next = i + 1 < periods.Count ? periods[i + 1].From : (DateOnly?)null;
            var to = next is { } n && n > p.From ? n : p.Last;
            if (diedOn is { } d && d <= asOf && (i == periods.Count - 1 || to > d))
            {
                to = d;
            }

            result.Add(new Residence(p.Evidence[0].PersonId, p.Uprn, p.From, to, false, p.Evidence));
        }

        return result;
    }

    private static long? CurrentUprn(List<ResidenceObservation> ordered, DateOnly asOf, ResidenceSettings settings)
    {
        ResidenceObservation? tenure = null;
        ResidenceObservation? sighting = null;
        ResidenceObservation? undated = null;
        var graceFrom = asOf.AddDays(-settings.TenureEndGraceDays);
        var recentFrom = asOf.AddDays(-settings.SightingCurrentForDays);
        foreach (var o in ordered)
        {
            if (o.Kind == ResidenceEvidenceKind.Tenure)
            {
                if (o.To is null || o.To >= graceFrom)
                {
                    tenure = o;
                }
            }
            else if (o.Kind == ResidenceEvidenceKind.Undated)
            {
                undated = o;
            }
            else if (o.From >= recentFrom)
            {
                sighting = o;
            }
        }

        // ordered is by start date, so the last qualifying observation is the latest-starting one.
        return (tenure ?? sighting ?? undated)?.Uprn;
    }
}
