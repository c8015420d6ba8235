namespace Hearth.Core.Ingestion;

/// <summary>Counts of one attribute across a load: how often it applied, was present, and was valid.</summary>
public sealed class AttributeCounts
{
    /// <summary>Records (or people in records) the attribute applies to.</summary>
    public long Total { get; set; }

    /// <summary>How many had a value.</summary>
    public long Present { get; set; }

    /// <summary>How many had a value that passed its checks.</summary>
    public long Valid { get; set; }

    /// <summary>Present as a share of all.</summary>
    public double Completeness => Total == 0 ? 0 : (double)Present / Total;

    /// <summary>Valid as a share of present.</summary>
    public double Validity => Present == 0 ? 0 : (double)Valid / Present;
}

/// <summary>Data quality measured while a feed loads: completeness and validity per attribute, and reasons counted.</summary>
public sealed class QualityTally
{
    /// <summary>Counts by attribute.</summary>
    public SortedDictionary<string, AttributeCounts> Attributes { get; } = new(StringComparer.Ordinal);

    /// <summary>Quarantined rows by reason (a row with two reasons counts under both).</summary>
    public SortedDictionary<string, long> QuarantineReasons { get; } = new(StringComparer.Ordinal);

    /// <summary>Warnings kept with loaded rows, by reason.</summary>
    public SortedDictionary<string, long> WarningReasons { get; } = new(StringComparer.Ordinal);

    /// <summary>Records one chance for an attribute.</summary>
    public void Observe(string attribute, bool present, bool valid)
    {
        if (!Attributes.TryGetValue(attribute, out var counts))
        {
            Attributes[attribute] = counts = new AttributeCounts();
        }

        counts.Total++;
        if (present)
        {
            counts.Present++;
            if (valid)
            {
                counts.Valid++;
            }
        }
    }

    /// <summary>Adds another tally's counts to this one (tallies kept per batch when records are mapped in parallel).</summary>
    public void Add(QualityTally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (attribute, counts) in other.Attributes)
        {
            if (!Attributes.TryGetValue(attribute, out var mine))
            {
                Attributes[attribute] = mine = new AttributeCounts();
            }

            mine.Total += counts.Total;
            mine.Present += counts.Present;
            mine.Valid += counts.Valid;
        }

        foreach (var (target, source) in new[] { (QuarantineReasons, other.QuarantineReasons), (WarningReasons, other.WarningReasons) })
        {
            foreach (var (reason, count) in source)
            {
                target[reason] = target.GetValueOrDefault(reason) + count;
            }
        }
    }

    /// <summary>Counts the reasons of a quarantined row, or the warnings of a loaded one.</summary>
    public void Count(IEnumerable<RecordIssue> issues, bool quarantined)
    {
        var target = quarantined ? QuarantineReasons : WarningReasons;
        foreach (var reason in issues.Where(i => quarantined ? i.Severity == Severity.Blocking : i.Severity == Severity.Warning).Select(i => i.Reason).Distinct(StringComparer.Ordinal))
        {
            target[reason] = target.GetValueOrDefault(reason) + 1;
        }
    }
}
