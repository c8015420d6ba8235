using System.Globalization;
using Hearth.Synth.Noise;

namespace Hearth.Synth.Tests;

public class NoiseTests(CityFixture city)
{
    /// <summary>
    /// The generator counts every chance it had to make each mistake and every time it made it. Each observed rate
    /// must sit within 4.5 standard errors of the configured rate (times the source's multiplier).
    /// </summary>
    [Fact]
    public void NoiseSummary_EveryKindWithEnoughChances_IsWithinToleranceOfTheConfiguredRate()
    {
        var rows = city.Noisy.Truth("noise_summary.csv");
        var checkedRows = 0;
        foreach (var row in rows)
        {
            var n = long.Parse(row["opportunities"], CultureInfo.InvariantCulture);
            var configured = double.Parse(row["configured_rate"], CultureInfo.InvariantCulture);
            var observed = double.Parse(row["observed_rate"], CultureInfo.InvariantCulture);
            if (n < 200 || configured == 0)
            {
                continue;
            }

            var standardError = Math.Sqrt(configured * (1 - configured) / n);
            Math.Abs(observed - configured).ShouldBeLessThanOrEqualTo((4.5 * standardError) + 0.001, $"{row["scope"]} {row["kind"]}: observed {observed} over {n} chances, configured {configured}");
            checkedRows++;
        }

        checkedRows.ShouldBeGreaterThan(100);
    }

    [Fact]
    public void NoiseSummary_EveryKindOfNoise_HappensSomewhere()
    {
        var applied = city.Noisy.Truth("noise_summary.csv")
            .Where(r => long.Parse(r["applied"], CultureInfo.InvariantCulture) > 0)
            .Select(r => r["kind"])
            .ToHashSet();
        foreach (var kind in Enum.GetValues<NoiseKind>())
        {
            applied.ShouldContain(kind.ToString());
        }
    }

    /// <summary>Measured from the files themselves, not the generator's own counts: transposed dates of birth.</summary>
    [Fact]
    public void Feeds_DatesOfBirthTransposed_AtTheConfiguredRate()
    {
        var rate = NoiseProfile.Default.DateOfBirthTransposed;
        double expected = 0;
        double variance = 0;
        var transposed = 0;
        foreach (var (feed, dobColumn, format) in new[] { ("police_incidents", "DOB", "dd/MM/yyyy"), ("ae_attendances", "DOB", "yyyyMMdd"), ("nccis", "DOB", "d MMM yyyy"), ("mental_health_referrals", "BirthDate", "yyyy-MM-dd") })
        {
            var manifest = city.Noisy.Feed(feed);
            var p = rate * manifest.NoiseMultiplier;
            var firstRowPerPerson = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (person, row) in RowsWithPeople(feed))
            {
                if (row[dobColumn].Length > 0)
                {
                    firstRowPerPerson.TryAdd(person, row[dobColumn]);
                }
            }

            foreach (var (person, recorded) in firstRowPerPerson)
            {
                var truth = DateOnly.ParseExact(city.Noisy.People[person]["birth_date"], "yyyy-MM-dd", CultureInfo.InvariantCulture);
                if (truth.Day > 12 || truth.Day == truth.Month)
                {
                    continue;
                }

                expected += p;
                variance += p * (1 - p);
                if (DateOnly.TryParseExact(recorded, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date == new DateOnly(truth.Year, truth.Day, truth.Month))
                {
                    transposed++;
                }
            }
        }

        expected.ShouldBeGreaterThan(10);
        Math.Abs(transposed - expected).ShouldBeLessThanOrEqualTo((4.5 * Math.Sqrt(variance)) + 2, $"{transposed} transposed against {expected:0.0} expected");
    }

    /// <summary>Measured from the files: NHS numbers that are present but wrong, in the fixed-width A&amp;E extract.</summary>
    [Fact]
    public void AeAttendances_MistypedNhsNumbers_AtTheConfiguredRate()
    {
        var manifest = city.Noisy.Feed("ae_attendances");
        var p = NoiseProfile.Default.IdentifierTypo * manifest.NoiseMultiplier * (1 - (NoiseProfile.Default.IdentifierMissing * manifest.NoiseMultiplier));
        var perPerson = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (person, row) in RowsWithPeople("ae_attendances"))
        {
            perPerson.TryAdd(person, row["NHSNumber"]);
        }

        var withTruth = perPerson.Where(kv => city.Noisy.People[kv.Key]["nhs_number"].Length > 0 && kv.Value.Length > 0).ToList();
        var wrong = withTruth.Count(kv => kv.Value != city.Noisy.People[kv.Key]["nhs_number"]);
        var n = withTruth.Count;
        n.ShouldBeGreaterThan(1_000);
        Math.Abs(wrong - (n * p)).ShouldBeLessThanOrEqualTo((4.5 * Math.Sqrt(n * p * (1 - p))) + 2, $"{wrong} of {n} wrong, {n * p:0.0} expected");
    }

    /// <summary>Every mistake in the noise log for the police feed is really in the police feed.</summary>
    [Fact]
    public void NoiseLog_PoliceMistakes_AppearInThePoliceFeed()
    {
        var rows = FeedReaders.Delimited(city.Noisy.FeedPath("police_incidents"), city.Noisy.Feed("police_incidents"), out _);
        var byNominal = rows.GroupBy(r => r["NominalID"]).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var log = city.Noisy.Truth("noise_log.csv").Where(r => r["scope"] == "police").ToList();
        var checkedEntries = 0;
        foreach (var entry in log)
        {
            if (!byNominal.TryGetValue(entry["record"], out var nominalRows))
            {
                continue;
            }

            switch (entry["kind"])
            {
                case "DateOfBirthTransposed":
                case "DateOfBirthOtherError":
                    var recorded = DateOnly.ParseExact(entry["recorded_value"], "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
                    nominalRows.Where(r => r["DOB"].Length > 0).ShouldAllBe(r => r["DOB"] == recorded);
                    checkedEntries++;
                    break;
                case "NameSwap":
                    var swapped = entry["recorded_value"].Split(' ');
                    nominalRows.ShouldAllBe(r => string.Equals(r["Forenames"].Trim().Split(' ')[0], swapped[0], StringComparison.OrdinalIgnoreCase));
                    checkedEntries++;
                    break;
                case "IdentifierTypo" or "IdentifierMissing":
                    break;
            }
        }

        checkedEntries.ShouldBeGreaterThan(3);
    }

    /// <summary>With every rate at zero, what a source records is the truth: noise is the only source of error.</summary>
    [Fact]
    public void CleanCity_SourcesRecordTheTruth()
    {
        var clean = city.Clean;
        File.ReadAllLines(Path.Combine(clean.TruthDirectory, "noise_log.csv")).Length.ShouldBe(1);

        foreach (var (person, row) in RowsWithPeople("police_incidents", clean))
        {
            var truth = clean.People[person];
            if (row["DOB"].Length > 0)
            {
                row["DOB"].ShouldBe(DateOnly.ParseExact(truth["birth_date"], "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
            }

            row["Surname"].ShouldBe(Fold(truth["surname"]).ToUpperInvariant());
        }

        foreach (var (person, row) in RowsWithPeople("ae_attendances", clean))
        {
            if (row["NHSNumber"].Length > 0)
            {
                row["NHSNumber"].ShouldBe(clean.People[person]["nhs_number"]);
            }
        }

        foreach (var (person, row) in RowsWithPeople("school_census", clean))
        {
            row["UPN"].ShouldBe(clean.People[person]["upn"]);
        }

        foreach (var feed in clean.Feeds.Where(f => f.Format is "csv" && f.Name != "gazetteer"))
        {
            File.ReadLines(Path.Combine(clean.FeedsDirectory, feed.File), FeedReaders.EncodingOf(feed)).ShouldNotContain(string.Empty, $"{feed.Name} has a blank line");
        }
    }

    private IEnumerable<(string Person, Dictionary<string, string> Row)> RowsWithPeople(string feedName, GeneratedCity? source = null)
    {
        var generated = source ?? city.Noisy;
        var feed = generated.Feed(feedName);
        var rows = feed.Format == "fixed_width"
            ? FeedReaders.FixedWidth(generated.FeedPath(feedName), feed)
            : FeedReaders.Delimited(generated.FeedPath(feedName), feed, out _);
        var truth = SourceRecords.For(generated, feedName);
        foreach (var row in rows)
        {
            var key = string.Join('|', feed.Key.Select(k => row[k]));
            if (truth.TryGetValue(key, out var slots) && slots.Count == 1)
            {
                yield return (slots.Values.Single(), row);
            }
        }
    }

    private static string Fold(string text) => Feeds.TextFolding.ToWindows1252(text);
}

/// <summary>The source-record truth for one feed: record key to slot to person.</summary>
public static class SourceRecords
{
    private static readonly Dictionary<(string, string), Dictionary<string, Dictionary<string, string>>> Cache = [];

    public static Dictionary<string, Dictionary<string, string>> For(GeneratedCity city, string feed)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue((city.Directory, feed), out var map))
            {
                map = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
                foreach (var row in city.Truth("source_records.csv").Where(r => r["feed"] == feed))
                {
                    if (!map.TryGetValue(row["record_key"], out var slots))
                    {
                        map[row["record_key"]] = slots = new Dictionary<string, string>(StringComparer.Ordinal);
                    }

                    slots[row["slot"]] = row["person_id"];
                }

                Cache[(city.Directory, feed)] = map;
            }

            return map;
        }
    }
}
