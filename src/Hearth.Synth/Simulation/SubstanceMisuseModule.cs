using Hearth.Synth.Feeds;
using Hearth.Synth.Noise;
using Hearth.Synth.Randomness;
using Hearth.Synth.World;

namespace Hearth.Synth.Simulation;

/// <summary>
/// Drug and alcohol treatment, recorded as treatment providers report to NDTMS: initials, date of birth, sex and
/// postcode district only, so matching these records is hard, as it is in real life.
/// </summary>
public sealed class SubstanceMisuseModule(Sim sim) : Module(sim)
{
    public static readonly FeedDescriptor Feed = new()
    {
        Name = "substance_misuse",
        System = "Drug and alcohol treatment provider (NDTMS-style extract)",
        Description = "One row per treatment episode: referral, triage, treatment start, substances, exit and reason, and whether children live with the client.",
        Format = FeedFormat.Csv,
        File = "substance_misuse.csv",
        Encoding = "windows-1252",
        Delimiter = ",",
        DateFormat = "dd/MM/yy",
        Columns =
        [
            new("ClientRef", ColumnKind.Identifier), new("Initials", ColumnKind.Code), new("DOB", ColumnKind.Date), new("Sex", ColumnKind.Code),
            new("PostcodeDistrict", ColumnKind.Code), new("ReferralDate", ColumnKind.Date), new("TriageDate", ColumnKind.Date), new("TreatmentStart", ColumnKind.Date),
            new("Substance1", ColumnKind.Code), new("Substance2", ColumnKind.Code), new("ExitDate", ColumnKind.Date), new("ExitReason", ColumnKind.Code),
            new("ParentalStatus", ColumnKind.Code), new("Service", ColumnKind.Code),
        ],
        Key = ["ClientRef", "ReferralDate"],
        Entities = ["person", "event:substance_misuse_treatment"],
        Identifiers = "Only initials, date of birth (two-digit year), sex and postcode district: the NDTMS attributor.",
        NoiseMultiplier = 1.0,
    };

    private static readonly WeightedTable<string> AdultSubstances = WeightedTable.Of<string>(("Alcohol", 40), ("Opiates", 20), ("Crack cocaine", 10), ("Cocaine", 12), ("Cannabis", 12), ("Benzodiazepines", 3), ("Amphetamines", 3));

    private readonly Dictionary<int, Episode> _open = [];
    private TabularFeed _feed = null!;
    private SourceSystem _provider = null!;

    public override void Initialise()
    {
        _feed = Sim.Tabular(Feed);
        _provider = Sim.System("treatment_provider", "TP", 6, new IdentifierCoverage(), Feed.NoiseMultiplier);
    }

    public override void Step(Month month)
    {
        var random = Random(month);
        foreach (var unit in City.Units)
        {
            if (unit.Property is null || unit.Departed)
            {
                continue;
            }

            var substance = unit.Needs[(int)NeedKind.SubstanceMisuse];
            var exploitation = unit.Needs[(int)NeedKind.Exploitation];
            Person? client = null;
            if (substance.Active && substance.Carrier is { } user && random.Chance(0.035))
            {
                client = user;
            }
            else if (exploitation.Active && exploitation.Carrier is { } young && young.AgeOn(month.Start) >= 13 && random.Chance(0.012))
            {
                client = young;
            }

            if (client is not null && !_open.ContainsKey(client.Id) && client.IsAliveOn(month.Start))
            {
                var referral = month.Day(random);
                var youth = client.AgeOn(referral) < 18;
                var first = youth ? "Cannabis" : AdultSubstances.Pick(random);
                _open[client.Id] = new Episode
                {
                    Person = client,
                    Referral = referral,
                    Triage = referral.AddDays(random.Next(2, 21)),
                    Substance1 = first,
                    Substance2 = random.Chance(0.4) ? (youth ? "Alcohol" : AdultSubstances.Pick(random)) : null,
                    Service = youth ? "Young people's service" : "Adult service",
                };
            }
        }

        foreach (var episode in _open.Values.ToList())
        {
            var person = episode.Person;
            if (episode.TreatmentStart is null)
            {
                if (episode.Triage >= month.End)
                {
                    // Still waiting for triage.
                    continue;
                }

                episode.TreatmentStart = random.Chance(0.85) ? episode.Triage.AddDays(random.Next(0, 14)) : null;
                if (episode.TreatmentStart is null)
                {
                    Exit(episode, episode.Triage.AddDays(random.Next(5, 30)), "Did not start treatment");
                }

                continue;
            }

            var carrier = person.Family?.Needs[(int)NeedKind.SubstanceMisuse];
            var stillUsing = carrier is { Active: true } c && c.Carrier == person;
            if (!person.IsAliveOn(month.End))
            {
                Exit(episode, person.DeathDate!.Value, "Died");
            }
            else if (!stillUsing && random.Chance(0.3))
            {
                Exit(episode, month.Day(random), random.Chance(0.75) ? "Treatment completed - drug free" : "Treatment completed - occasional user");
            }
            else if (random.Chance(0.04))
            {
                Exit(episode, month.Day(random), random.Chance(0.7) ? "Dropped out" : random.Chance(0.5) ? "Transferred - not in custody" : "Transferred - in custody");
            }
        }
    }

    public override void Finish()
    {
        foreach (var episode in _open.Values.OrderBy(e => e.Referral).ThenBy(e => e.Person.Id))
        {
            Write(episode);
        }
    }

    private void Exit(Episode episode, DateOnly date, string reason)
    {
        if (date >= City.End)
        {
            return;
        }

        var earliest = episode.TreatmentStart?.AddDays(1) ?? episode.Triage;
        episode.Exit = date < earliest ? earliest : date;
        episode.ExitReason = reason;
        Write(episode);
        _open.Remove(episode.Person.Id);
    }

    private void Write(Episode episode)
    {
        var person = episode.Person;
        var record = _provider.Identify(person, episode.Referral);
        var initials = string.Concat(Feeds.TextFolding.ToAscii(record.Forename).AsSpan(0, 1), Feeds.TextFolding.ToAscii(record.Surname).AsSpan(0, 1)).ToUpperInvariant();
        var postcode = record.PostcodeOn(episode.Referral);
        var district = postcode is null ? null : postcode.Split(' ')[0];
        var children = person.Family?.Children(episode.Referral).ToList() ?? [];
        var parental = children.Count == 0 ? "Not a parent" : children.All(c => c.Household == person.Household) ? "All children live with client" : children.Any(c => c.Household == person.Household) ? "Some children live with client" : "No children live with client";
        if (person.AgeOn(episode.Referral) < 18)
        {
            parental = "Not a parent";
        }

        _feed.Write(
            [record.LocalId, initials, record.BirthDate, person.Sex == Sex.Male ? "M" : "F", district, episode.Referral, episode.Triage < City.End ? episode.Triage : null,
             episode.TreatmentStart < City.End ? episode.TreatmentStart : null, episode.Substance1, episode.Substance2, episode.Exit, episode.ExitReason, parental, episode.Service],
            ("client", person));
    }

    private sealed class Episode
    {
        public required Person Person { get; init; }

        public required DateOnly Referral { get; init; }

        public required DateOnly Triage { get; init; }

        public required string Substance1 { get; init; }

        public required string? Substance2 { get; init; }

        public required string Service { get; init; }

        public DateOnly? TreatmentStart { get; set; }

        public DateOnly? Exit { get; set; }

        public string? ExitReason { get; set; }
    }
}
