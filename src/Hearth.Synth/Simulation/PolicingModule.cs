using System.Globalization;
using Hearth.Synth.Calendar;
using Hearth.Synth.Feeds;
using Hearth.Synth.Noise;
using Hearth.Synth.Randomness;
using Hearth.Synth.World;

namespace Hearth.Synth.Simulation;

/// <summary>
/// Police incidents, one row per person involved: domestic abuse, offending, exploitation (missing episodes, stop and
/// search, county lines), welfare concerns, everyday crime against residents, and group offending by peer networks.
/// Domestic abuse incidents notify schools (Operation Encompass), go to MARAC when high risk, and refer children to
/// social care; offences by children go on to the youth justice service.
/// </summary>
public sealed class PolicingModule(Sim sim) : Module(sim)
{
    public static readonly FeedDescriptor IncidentsFeed = new()
    {
        Name = "police_incidents",
        System = "Police records management system (occurrence and nominal export)",
        Description = "One row per person involved in a police occurrence: victims, suspects, witnesses, missing people and subjects of concern.",
        Format = FeedFormat.Csv,
        File = "police_incidents.csv",
        Encoding = "windows-1252",
        Delimiter = ",",
        DateFormat = "dd/MM/yyyy",
        DateTimeFormat = "dd/MM/yyyy HH:mm",
        Columns =
        [
            new("OccurrenceRef", ColumnKind.Identifier), new("OccurrenceDateTime", ColumnKind.DateTime), new("ReportedDateTime", ColumnKind.DateTime),
            new("OccurrenceType", ColumnKind.Code), new("DomesticAbuseFlag", ColumnKind.Code), new("DASHRisk", ColumnKind.Code), new("ChildrenPresent", ColumnKind.Number),
            new("LocationPostcode", ColumnKind.Postcode), new("NominalID", ColumnKind.Identifier), new("InvolvementRole", ColumnKind.Code),
            new("Surname", ColumnKind.Name), new("Forenames", ColumnKind.Name), new("DOB", ColumnKind.Date), new("AgeAtOccurrence", ColumnKind.Number),
            new("Sex", ColumnKind.Code), new("OfficerDefinedEthnicity", ColumnKind.Code), new("HomeAddress", ColumnKind.Address), new("HomePostcode", ColumnKind.Postcode),
            new("FoundLocation", ColumnKind.Text), new("Outcome", ColumnKind.Code),
        ],
        Key = ["OccurrenceRef", "NominalID", "InvolvementRole"],
        Entities = ["person", "address", "relationship:co_involvement", "event:police_incident"],
        Identifiers = "Police nominal id only: no UPN, no NHS number. Date of birth missing for about one in twelve (age given instead). Windows-1252, so some accents are lost; surnames upper case.",
        NoiseMultiplier = 1.5,
    };

    public static readonly FeedDescriptor EncompassFeed = new()
    {
        Name = "operation_encompass",
        System = "Operation Encompass notifications (police to schools)",
        Description = "A notification to a child's school the morning after a domestic abuse incident the child was part of.",
        Format = FeedFormat.Csv,
        File = "operation_encompass.csv",
        Encoding = "utf-8",
        Delimiter = ",",
        DateFormat = "dd/MM/yyyy",
        DateTimeFormat = "dd/MM/yyyy HH:mm",
        Columns =
        [
            new("NotificationID", ColumnKind.Identifier), new("IncidentRef", ColumnKind.Identifier), new("IncidentDateTime", ColumnKind.DateTime),
            new("NotifiedDateTime", ColumnKind.DateTime), new("SchoolLAEstab", ColumnKind.Code), new("SchoolName", ColumnKind.Text),
            new("ChildForename", ColumnKind.Name), new("ChildSurname", ColumnKind.Name), new("ChildDOB", ColumnKind.Date), new("ChildPresent", ColumnKind.Code),
        ],
        Key = ["NotificationID"],
        Entities = ["person", "event:domestic_abuse_notification"],
        Identifiers = "Names and date of birth from the police record, and the school; no UPN.",
        NoiseMultiplier = 1.0,
    };

    public static readonly FeedDescriptor MaracFeed = new()
    {
        Name = "marac",
        System = "MARAC coordinator's case list (spreadsheet)",
        Description = "High-risk domestic abuse cases heard at the multi-agency risk assessment conference.",
        Format = FeedFormat.Xlsx,
        File = "marac.xlsx",
        Encoding = "utf-8",
        Sheet = "MARAC cases",
        HeaderRow = 1,
        Columns =
        [
            new("MARAC Date", ColumnKind.Date), new("Case No", ColumnKind.Identifier), new("Repeat", ColumnKind.Code), new("Victim Name", ColumnKind.Name),
            new("Victim DOB", ColumnKind.Date), new("Victim Address", ColumnKind.Address), new("Victim Postcode", ColumnKind.Postcode),
            new("Perpetrator Name", ColumnKind.Name), new("Perpetrator DOB", ColumnKind.Date), new("Relationship", ColumnKind.Code),
            new("Children in Household", ColumnKind.Text), new("DASH Score", ColumnKind.Number), new("Referring Agency", ColumnKind.Code),
        ],
        Key = ["Case No"],
        Entities = ["person", "address", "relationship:partner", "event:marac_case"],
        Identifiers = "Full names in one column, dates of birth (perpetrator's often missing), address; children only as free text with their ages.",
        NoiseMultiplier = 1.4,
    };

    private static readonly WeightedTable<string> AdultOffences = WeightedTable.Of<string>(
        ("Shoplifting", 18), ("Theft from the person", 4), ("Burglary - residential", 5), ("Criminal damage", 10), ("Common assault", 12),
        ("Assault occasioning actual bodily harm", 8), ("Possession of cannabis", 8), ("Possession with intent to supply - Class A", 3),
        ("Public order offence", 8), ("Drink driving", 4), ("Fraud by false representation", 3), ("Harassment", 4));

    private static readonly WeightedTable<string> YouthOffences = WeightedTable.Of<string>(
        ("Shoplifting", 14), ("Criminal damage", 12), ("Common assault", 12), ("Robbery of personal property", 6), ("Possession of a bladed article", 5),
        ("Anti-social behaviour - youth", 16), ("Possession of cannabis", 8), ("Theft of pedal cycle", 4));

    private static readonly WeightedTable<string> GroupOffences = WeightedTable.Of<string>(
        ("Robbery of personal property", 20), ("Violence with injury", 15), ("Possession with intent to supply - Class A", 14),
        ("Possession of an offensive weapon", 10), ("Anti-social behaviour - youth group", 22), ("Criminal damage", 10), ("Possession of a bladed article", 9));

    private static readonly WeightedTable<string> EverydayCrimes = WeightedTable.Of<string>(
        ("Theft from a motor vehicle", 12), ("Burglary - residential", 8), ("Common assault", 10), ("Criminal damage", 12), ("Fraud by false representation", 10),
        ("Harassment", 6), ("Theft from the person", 6), ("Anti-social behaviour - personal", 14), ("Robbery of personal property", 3));

    private readonly Dictionary<int, DateOnly> _lastMarac = [];
    private TabularFeed _incidents = null!;
    private TabularFeed _encompass = null!;
    private TabularFeed _marac = null!;
    private SourceSystem _police = null!;
    private SourceSystem _idva = null!;
    private int _nextOccurrence = 1;
    private int _nextNotification = 1;
    private int _nextMarac = 1;

    public SourceSystem PoliceSystem => _police;

    public override void Initialise()
    {
        _incidents = Sim.Tabular(IncidentsFeed);
        _encompass = Sim.Tabular(EncompassFeed);
        _marac = Sim.Tabular(MaracFeed);
        _police = Sim.System("police", "NOM", 8, new IdentifierCoverage(), IncidentsFeed.NoiseMultiplier, recordsKnownAsName: true);
        _idva = Sim.System("marac", "M", 6, new IdentifierCoverage(), MaracFeed.NoiseMultiplier, recordsKnownAsName: true);
        BuildNetworks(City.Stream("networks"));
    }

    public override void Step(Month month)
    {
        var random = Random(month);
        UpdateNetworks(month, random);
        var unitsNow = City.Units.Count;
        for (var i = 0; i < unitsNow; i++)
        {
            var unit = City.Units[i];
            if (unit.Property is null || unit.Departed)
            {
                continue;
            }

            FamilyIncidents(unit, month, random);
        }

        foreach (var network in City.Networks)
        {
            var incidents = random.Poisson(network.Activity);
            for (var i = 0; i < incidents; i++)
            {
                GroupIncident(network, month, random);
            }
        }

        EverydayCrime(month, random);
    }

    private void FamilyIncidents(Unit unit, Month month, SynthRandom random)
    {
        var date = month.Start;
        var da = unit.Needs[(int)NeedKind.DomesticAbuse];
        if (da.Active && da.Carrier is { } abuser && abuser.Partner is { } victim && victim.Household == unit && random.Chance(0.16))
        {
            DomesticIncident(unit, abuser, victim, month, random);
        }

        if (unit.HasActiveNeed(NeedKind.ParentalConflict) && random.Chance(0.04))
        {
            var adults = unit.Adults(date).Take(2).ToList();
            if (adults.Count == 2)
            {
                Occurrence(month.Day(random), "Domestic incident - verbal argument (non-crime)", true, "Standard", unit.Property!.Postcode,
                    [(adults[0], "Involved party"), (adults[1], "Involved party")], "No further action", unit.Children(date).Count(c => c.Household == unit), null, random);
            }
        }

        var offending = unit.Needs[(int)NeedKind.Offending];
        if (offending.Active && offending.Carrier is { } offender && offender.Home is { OutOfArea: false })
        {
            var youth = offender.AgeOn(date) < 18;
            if (random.Chance(youth ? 0.08 : 0.1) && offender.Network is null)
            {
                var type = youth ? YouthOffences.Pick(random) : AdultOffences.Pick(random);
                var people = new List<(Person, string)> { (offender, "Suspect") };
                if (type is "Common assault" or "Assault occasioning actual bodily harm" or "Robbery of personal property" or "Harassment" && RandomResident(random, 10, 90) is { } injured)
                {
                    people.Add((injured, "Victim"));
                }

                var outcome = Outcome(random, youth);
                var when = month.Day(random);
                var reference = Occurrence(when, type, false, null, RandomPostcode(offender, random), people, outcome, 0, null, random);
                if (youth)
                {
                    Modules.YouthJustice.Offence(offender, when, type, outcome, [], reference, random);
                }
            }
        }

        var exploitation = unit.Needs[(int)NeedKind.Exploitation];
        if (exploitation.Active && exploitation.Carrier is { } exploited && exploited.IsAliveOn(date))
        {
            if (random.Chance(0.25))
            {
                var outOfArea = random.Chance(0.35);
                var found = outOfArea ? "Out of force area - " + City.OutOfArea[random.Next(City.OutOfArea.Count)].Street.Town : "Found locally";
                Occurrence(month.Day(random), "Missing person", false, null, exploited.Home?.Postcode ?? string.Empty, [(exploited, "Missing person")], "Found safe", 0, found, random);
            }

            if (random.Chance(0.08))
            {
                Occurrence(month.Day(random), "Stop and search - drugs", false, null, RandomPostcode(exploited, random), [(exploited, "Subject")], random.Chance(0.6) ? "No further action" : "Community resolution", 0, null, random);
            }

            if (random.Chance(0.04))
            {
                var when = month.Day(random);
                var away = random.Chance(0.5) ? City.OutOfArea[random.Next(City.OutOfArea.Count)].Postcode : RandomPostcode(exploited, random);
                var outcome = Outcome(random, youth: true);
                var reference = Occurrence(when, "Possession with intent to supply - Class A", false, null, away, [(exploited, "Suspect")], outcome, 0, null, random);
                Modules.YouthJustice.Offence(exploited, when, "Possession with intent to supply - Class A", outcome, [], reference, random);
            }
        }

        var substance = unit.Needs[(int)NeedKind.SubstanceMisuse];
        if (substance.Active && substance.Carrier is { } user && random.Chance(0.04))
        {
            Occurrence(month.Day(random), random.Chance(0.5) ? "Possession of a controlled drug" : "Drunk and disorderly", false, null, RandomPostcode(user, random), [(user, "Suspect")], Outcome(random, user.AgeOn(date) < 18), 0, null, random);
        }

        var mentalHealth = unit.Needs[(int)NeedKind.MentalHealth];
        if (mentalHealth.Active && mentalHealth.Carrier is { } subject && random.Chance(0.025))
        {
            Occurrence(month.Day(random), "Concern for welfare", false, null, subject.Home?.Postcode ?? string.Empty, [(subject, "Subject")], "Referred to health", 0, null, random);
        }

        foreach (var child in unit.Members)
        {
            if (child.Care?.InCare == true && child.IsAliveOn(date) && random.Chance(exploitation.Carrier == child ? 0.1 : 0.025))
            {
                Occurrence(month.Day(random), "Missing from care", false, null, child.Home?.Postcode ?? string.Empty, [(child, "Missing person")], "Found safe", 0, random.Chance(0.3) ? "Out of force area" : "Found locally", random);
            }
        }
    }

    private void DomesticIncident(Unit unit, Person abuser, Person victim, Month month, SynthRandom random)
    {
        var when = month.Day(random);
        var children = unit.Children(when).Where(c => c.Household == unit).ToList();
        var people = new List<(Person, string)> { (victim, "Victim"), (abuser, "Suspect") };
        foreach (var child in children.Where(c => c.AgeOn(when) >= 10 && random.Chance(0.2)))
        {
            people.Add((child, "Witness"));
        }

        var risk = random.Next(100) switch
        {
            < 55 => "Standard",
            < 85 => "Medium",
            _ => "High",
        };
        var type = random.Next(4) switch
        {
            0 => "Assault occasioning actual bodily harm - domestic",
            1 => "Harassment - domestic",
            2 => "Criminal damage - domestic",
            _ => "Domestic incident",
        };
        var outcome = random.Next(100) switch
        {
            < 15 => "Charged",
            < 20 => "Caution",
            < 60 => "Evidential difficulties - victim does not support",
            < 85 => "No further action",
            _ => "Under investigation",
        };
        var reference = Occurrence(when, type, true, risk, unit.Property!.Postcode, people, outcome, children.Count, null, random);

        // Operation Encompass: each child at a city school is notified to the school the next school day.
        var notified = SchoolCalendar.NextWeekday(DateOnly.FromDateTime(reference.When).AddDays(1));
        foreach (var child in children)
        {
            if (child.Pupil?.School is not { } school)
            {
                continue;
            }

            var record = _police.Identify(child, when);
            var id = "ENC" + (_nextNotification++).ToString("D7", CultureInfo.InvariantCulture);
            _encompass.Write(
                [id, reference.Reference, reference.When, notified.ToDateTime(new TimeOnly(8, random.Next(0, 60))), school.LaEstab, school.Name,
                 record.Forename, record.Surname, record.BirthDate, random.Chance(0.7) ? "Y" : "N"],
                ("child", child));
        }

        if (children.Count > 0 && random.Chance(0.3))
        {
            foreach (var child in children)
            {
                Modules.SocialCare.Refer(child, when.AddDays(random.Next(1, 6)), "6", random);
            }
        }

        if (risk == "High")
        {
            Marac(unit, abuser, victim, children, when, random);
        }
    }

    private void Marac(Unit unit, Person abuser, Person victim, List<Person> children, DateOnly incident, SynthRandom random)
    {
        // The conference sits every other Thursday.
        var meeting = incident.AddDays(7);
        while (meeting.DayOfWeek != DayOfWeek.Thursday || (meeting.DayNumber / 7) % 2 != 0)
        {
            meeting = meeting.AddDays(1);
        }

        var repeat = _lastMarac.TryGetValue(victim.Id, out var last) && last > incident.AddYears(-1);
        _lastMarac[victim.Id] = meeting;
        var victimRecord = _idva.Identify(victim, incident);
        var abuserRecord = _idva.Identify(abuser, incident);
        var address = victimRecord.AddressOn(incident);
        var caseNo = "MARAC-" + (_nextMarac++).ToString("D5", CultureInfo.InvariantCulture);
        var childrenText = string.Join(", ", children.Select(c => $"{c.KnownAsForename} ({c.AgeOn(incident).ToString(CultureInfo.InvariantCulture)})"));
        var slots = new List<(string, Person)> { ("victim", victim), ("perpetrator", abuser) };
        slots.AddRange(children.Select((c, i) => ("child:" + (i + 1).ToString(CultureInfo.InvariantCulture), c)));
        _marac.Write(
            [meeting, caseNo, repeat ? "Y" : "N", victimRecord.Forename + " " + victimRecord.Surname, victimRecord.BirthDate, address?.Line1, victimRecord.PostcodeOn(incident),
             abuserRecord.Forename + " " + abuserRecord.Surname, random.Chance(0.6) ? abuserRecord.BirthDate : null,
             abuser.Partner == victim ? "Partner" : "Ex-partner", childrenText.Length == 0 ? "None known" : childrenText, random.Next(14, 25),
             random.Chance(0.6) ? "Police" : random.Chance(0.5) ? "IDVA" : random.Chance(0.5) ? "Health" : "Children's Social Care"],
            [.. slots]);
    }

    private void GroupIncident(PeerNetwork network, Month month, SynthRandom random)
    {
        var when = month.Day(random);
        var members = network.MembersOn(when).Where(m => m.Home is not null).ToList();
        if (members.Count < 2)
        {
            return;
        }

        random.Shuffle(members);
        var suspects = members.Take(random.Next(2, Math.Min(5, members.Count + 1))).ToList();
        var type = GroupOffences.Pick(random);
        var people = suspects.Select(s => (s, "Suspect")).ToList();
        if (type.StartsWith("Robbery", StringComparison.Ordinal) || type.StartsWith("Violence", StringComparison.Ordinal))
        {
            if (RandomResident(random, 12, 25) is { } target && !suspects.Contains(target))
            {
                people.Add((target, "Victim"));
            }
        }

        var outcomes = suspects.Select(s => Outcome(random, s.AgeOn(when) < 18)).ToList();
        var reference = Occurrence(when, type, false, null, RandomPostcode(suspects[0], random), people, outcomes[0], 0, null, random, outcomes);
        for (var i = 0; i < suspects.Count; i++)
        {
            if (suspects[i].AgeOn(when) < 18)
            {
                Modules.YouthJustice.Offence(suspects[i], when, type, outcomes[i], suspects.Where((_, j) => j != i).ToList(), reference, random);
            }
        }
    }

    private void EverydayCrime(Month month, SynthRandom random)
    {
        var peopleNow = City.People.Count;
        for (var i = 0; i < peopleNow; i++)
        {
            var person = City.People[i];
            if (!random.Chance(0.0028) || !person.IsAliveOn(month.Start) || !person.IsBornBy(month.Start) || person.AgeOn(month.Start) < 12 || person.Home is not { OutOfArea: false })
            {
                continue;
            }

            var type = EverydayCrimes.Pick(random);
            var people = new List<(Person, string)> { (person, type.StartsWith("Anti-social", StringComparison.Ordinal) ? "Informant" : "Victim") };
            if (random.Chance(0.1) && RandomResident(random, 16, 80) is { } witness && witness != person)
            {
                people.Add((witness, "Witness"));
            }

            Occurrence(month.Day(random), type, false, null, person.Home.Postcode, people, random.Chance(0.7) ? "Investigation complete - no suspect identified" : "No further action", 0, null, random);
        }
    }

    private (string Reference, DateTime When) Occurrence(DateOnly date, string type, bool domestic, string? risk, string postcode, List<(Person Person, string Role)> people, string outcome, int childrenPresent, string? found, SynthRandom random, List<string>? outcomes = null)
    {
        var when = date.ToDateTime(new TimeOnly(random.Next(0, 24), random.Next(0, 60)));
        var reported = when.AddMinutes(random.Next(5, 60 * 36));
        var reference = string.Create(CultureInfo.InvariantCulture, $"HFP/{date.Year % 100:D2}/{_nextOccurrence++:D6}");
        for (var i = 0; i < people.Count; i++)
        {
            var (person, role) = people[i];
            if (!person.IsAliveOn(date))
            {
                continue;
            }

            var record = _police.Identify(person, date);
            var address = record.AddressOn(date);
            var dobKnown = record.Random.Chance(0.92);
            _incidents.Write(
                [reference, when, reported, type, domestic ? "Y" : "N", risk, childrenPresent == 0 ? null : childrenPresent, postcode, record.LocalId, role,
                 FeedValues.Upper(record.Surname, IncidentsFeed), record.Forenames, dobKnown ? record.BirthDate : null, person.AgeOn(date),
                 record.Random.Chance(0.01) ? "U" : person.Sex == Sex.Male ? "M" : "F", OfficerDefinedEthnicity(person.Ethnicity, record.Random),
                 address is null ? null : address.SingleLine, record.PostcodeOn(date), role == "Missing person" ? found : null,
                 role == "Suspect" ? (outcomes is not null && i < outcomes.Count ? outcomes[i] : outcome) : role == "Missing person" ? "Found safe" : outcome],
                ("person", person));
        }

        return (reference, when);
    }

    private static string Outcome(SynthRandom random, bool youth) => random.Next(100) switch
    {
        < 22 => "Charged",
        < 30 => youth ? "Youth caution" : "Caution",
        < 36 => youth ? "Youth conditional caution" : "Conditional caution",
        < 50 => "Community resolution",
        < 80 => "Evidential difficulties - suspect identified",
        _ => "No further action",
    };

    private static string OfficerDefinedEthnicity(string ethnicity, SynthRandom random)
    {
        if (random.Chance(0.05))
        {
            return "IC0";
        }

        return ethnicity switch
        {
            "WOTH" or "WROM" => random.Chance(0.4) ? "IC2" : "IC1",
            _ when ethnicity.StartsWith('W') => "IC1",
            "BCRB" or "BAFR" or "BOTH" or "MWBC" or "MWBA" => "IC3",
            "CHNE" => "IC5",
            "AOTH" => random.Chance(0.5) ? "IC5" : "IC4",
            _ when ethnicity.StartsWith('A') || ethnicity == "MWAS" => "IC4",
            "OOTH" => "IC6",
            _ => random.Chance(0.5) ? "IC1" : "IC9",
        };
    }

    private Person? RandomResident(SynthRandom random, int minAge, int maxAge)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var person = City.People[random.Next(City.People.Count)];
            if (person.DeathDate is null && person.Home is { OutOfArea: false } && person.AgeOn(City.Start) is var age && age >= minAge && age <= maxAge)
            {
                return person;
            }
        }

        return null;
    }

    private string RandomPostcode(Person person, SynthRandom random)
    {
        if (person.Home is { OutOfArea: false } home && random.Chance(0.4))
        {
            return home.Postcode;
        }

        var locality = person.Home is { OutOfArea: false } h && random.Chance(0.6) ? h.Locality : City.Localities[random.Next(City.Localities.Count)];
        return locality.Homes[random.Next(locality.Homes.Count)].Postcode;
    }

    /// <summary>
    /// Groups young people who are offending or being exploited into peer networks within their neighbourhoods, with a
    /// few older associates, at the start of the window.
    /// </summary>
    private void BuildNetworks(SynthRandom random)
    {
        var candidates = new List<Person>();
        foreach (var person in City.People)
        {
            if (!person.IsAliveOn(City.Start) || person.Home is not { OutOfArea: false } || person.Family is null)
            {
                continue;
            }

            var age = person.AgeOn(City.Start);
            if (age is < 13 or > 21)
            {
                continue;
            }

            var family = person.Family;
            var atRisk = family.Needs[(int)NeedKind.Offending].Carrier == person || family.Needs[(int)NeedKind.Exploitation].Carrier == person;
            var drift = random.Chance(0.004 * Math.Exp(0.8 * family.Adversity) * (person.Sex == Sex.Male ? 1.6 : 0.4));
            if (atRisk || drift)
            {
                candidates.Add(person);
            }
        }

        foreach (var group in candidates.GroupBy(c => c.Home!.Locality.Index).OrderBy(g => g.Key))
        {
            var members = group.ToList();
            random.Shuffle(members);
            var index = 0;
            while (members.Count - index >= 3)
            {
                var size = Math.Min(members.Count - index, random.Next(3, 9));
                var network = new PeerNetwork { Id = City.Networks.Count + 1, Locality = members[index].Home!.Locality, Activity = 0.25 + (random.NextDouble() * 0.9) };
                for (var i = 0; i < size; i++)
                {
                    var member = members[index + i];
                    network.Memberships.Add(new NetworkMembership
                    {
                        Person = member,
                        Role = member.AgeOn(City.Start) >= 18 ? "associate" : i < 2 ? "core" : "peripheral",
                        From = City.Start.AddDays(-random.Next(30, 500)),
                    });
                    member.Network = network;
                }

                City.Networks.Add(network);
                index += size;
            }
        }
    }

    /// <summary>Members age out, move away or drift off; exploited children in the neighbourhood are drawn in.</summary>
    private void UpdateNetworks(Month month, SynthRandom random)
    {
        foreach (var network in City.Networks)
        {
            foreach (var membership in network.Memberships)
            {
                var person = membership.Person;
                if (membership.To is not null)
                {
                    continue;
                }

                if (!person.IsAliveOn(month.Start) || person.Home is not { OutOfArea: false } || person.AgeOn(month.Start) >= 23 || random.Chance(0.02))
                {
                    membership.To = month.Day(random);
                    person.Network = null;
                }
            }
        }

        if (City.Networks.Count == 0)
        {
            return;
        }

        foreach (var unit in City.Units)
        {
            var exploitation = unit.Needs[(int)NeedKind.Exploitation];
            if (!exploitation.Active || exploitation.Carrier is not { Network: null } child || child.Home is not { OutOfArea: false } || !random.Chance(0.12))
            {
                continue;
            }

            var nearby = City.Networks.Where(n => Math.Abs(n.Locality.Index - child.Home.Locality.Index) <= 1).ToList();
            if (nearby.Count == 0)
            {
                continue;
            }

            var network = nearby[random.Next(nearby.Count)];
            network.Memberships.Add(new NetworkMembership { Person = child, Role = "peripheral", From = month.Day(random) });
            child.Network = network;
        }
    }
}
