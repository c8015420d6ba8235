using System.Globalization;
using Hearth.Synth.Feeds;
using Hearth.Synth.Noise;
using Hearth.Synth.Randomness;
using Hearth.Synth.World;

namespace Hearth.Synth.Simulation;

/// <summary>
/// Health: A&amp;E attendances (everyday and those that signal self-harm, overdose, assault or neglect), mental health
/// referrals (CAMHS, adult, perinatal), health visiting with the 2 to 2½ year review and its ASQ-3 scores, the child
/// health record of every child, and the register of deaths.
/// </summary>
public sealed class HealthModule(Sim sim) : Module(sim)
{
    public static readonly FeedDescriptor AeFeed = new()
    {
        Name = "ae_attendances",
        System = "Acute trust emergency department (fixed-width extract)",
        Description = "One fixed-width record per attendance at the city hospital's emergency department.",
        Format = FeedFormat.FixedWidth,
        File = "ae_attendances.txt",
        Encoding = "ascii",
        DateFormat = "yyyyMMdd",
        Columns =
        [
            new("AttendanceId", ColumnKind.Identifier, 12), new("NHSNumber", ColumnKind.Identifier, 10), new("NHSNumberStatus", ColumnKind.Code, 2),
            new("Surname", ColumnKind.Name, 35), new("Forename", ColumnKind.Name, 35), new("DOB", ColumnKind.Date, 8), new("Sex", ColumnKind.Code, 1),
            new("Postcode", ColumnKind.Postcode, 8), new("ArrivalDate", ColumnKind.Date, 8), new("ArrivalTime", ColumnKind.Code, 4), new("ArrivalMode", ColumnKind.Code, 1),
            new("ChiefComplaint", ColumnKind.Code, 6), new("SafeguardingConcern", ColumnKind.Code, 1), new("DischargeDestination", ColumnKind.Code, 2), new("Site", ColumnKind.Code, 5),
        ],
        Key = ["AttendanceId"],
        Entities = ["person", "event:ae_attendance"],
        Identifiers = "NHS number for most patients (status 01 verified; blank for some); names cut to 35 characters, upper case, no accents; postcode only.",
        NoiseMultiplier = 1.4,
    };

    public static readonly FeedDescriptor MentalHealthFeed = new()
    {
        Name = "mental_health_referrals",
        System = "Mental health trust patient administration system",
        Description = "Referrals to CAMHS, adult community mental health, talking therapies, perinatal and crisis teams, with acceptance, first contact and discharge.",
        Format = FeedFormat.Csv,
        File = "mental_health_referrals.psv",
        Encoding = "utf-8",
        Delimiter = "|",
        DateFormat = "yyyy-MM-dd",
        Columns =
        [
            new("ReferralID", ColumnKind.Identifier), new("NHSNumber", ColumnKind.Identifier), new("LocalPatientID", ColumnKind.Identifier), new("GivenName", ColumnKind.Name),
            new("FamilyName", ColumnKind.Name), new("BirthDate", ColumnKind.Date), new("Gender", ColumnKind.Code), new("Postcode", ColumnKind.Postcode),
            new("ReferralDate", ColumnKind.Date), new("ReferralSource", ColumnKind.Code), new("ServiceTeam", ColumnKind.Code), new("ReferralReason", ColumnKind.Code),
            new("Accepted", ColumnKind.Code), new("FirstContactDate", ColumnKind.Date), new("DischargeDate", ColumnKind.Date), new("DischargeReason", ColumnKind.Code),
        ],
        Key = ["ReferralID"],
        Entities = ["person", "event:mental_health_referral"],
        Identifiers = "NHS number for nearly all, and a local patient id.",
        NoiseMultiplier = 0.8,
    };

    public static readonly FeedDescriptor HealthVisitingFeed = new()
    {
        Name = "health_visiting",
        System = "Community health trust (health visiting contacts)",
        Description = "Health visiting contacts from the new birth visit to the 2 to 2½ year review, with ASQ-3 scores at the review.",
        Format = FeedFormat.Csv,
        File = "health_visiting.csv",
        Encoding = "utf-8-bom",
        Delimiter = ",",
        DateFormat = "dd-MMM-yyyy",
        Columns =
        [
            new("ContactID", ColumnKind.Identifier), new("ChildNHSNumber", ColumnKind.Identifier), new("ChildSurname", ColumnKind.Name), new("ChildForename", ColumnKind.Name),
            new("ChildDOB", ColumnKind.Date), new("ChildSex", ColumnKind.Code), new("MotherNHSNumber", ColumnKind.Identifier), new("MotherSurname", ColumnKind.Name),
            new("MotherForename", ColumnKind.Name), new("Address", ColumnKind.Address), new("Postcode", ColumnKind.Postcode), new("ContactType", ColumnKind.Code),
            new("ContactDate", ColumnKind.Date), new("Outcome", ColumnKind.Code),
            new("ASQ_Communication", ColumnKind.Number), new("ASQ_GrossMotor", ColumnKind.Number), new("ASQ_FineMotor", ColumnKind.Number),
            new("ASQ_ProblemSolving", ColumnKind.Number), new("ASQ_PersonalSocial", ColumnKind.Number),
            new("ASQ_Communication_Result", ColumnKind.Code), new("ASQ_GrossMotor_Result", ColumnKind.Code), new("ASQ_FineMotor_Result", ColumnKind.Code),
            new("ASQ_ProblemSolving_Result", ColumnKind.Code), new("ASQ_PersonalSocial_Result", ColumnKind.Code),
        ],
        Key = ["ContactID"],
        Entities = ["person", "relationship:mother_child", "event:health_visitor_contact", "event:asq3_review"],
        Identifiers = "The child's and the mother's NHS numbers (nearly always), names, date of birth and address.",
        NoiseMultiplier = 0.7,
    };

    public static readonly FeedDescriptor ChildHealthFeed = new()
    {
        Name = "child_health",
        System = "Child health information system (FHIR Patient export)",
        Description = "One FHIR-style Patient resource per child aged 0 to 19 resident in the window, with address history, the mother's NHS number for young children, GP practice and date of death.",
        Format = FeedFormat.JsonLines,
        File = "child_health.jsonl",
        Encoding = "utf-8",
        RecordPath = "$",
        Key = ["id"],
        Entities = ["person", "address", "relationship:mother_child", "event:birth", "event:death"],
        Identifiers = "NHS number for nearly every child (it is the record's id where known); the mother's NHS number for most under-fives.",
        NoiseMultiplier = 0.5,
    };

    public static readonly FeedDescriptor DeathsFeed = new()
    {
        Name = "deaths_register",
        System = "Register office (deaths registered in the city)",
        Description = "Every death of a city resident registered in the window.",
        Format = FeedFormat.Csv,
        File = "deaths_register.csv",
        Encoding = "utf-8",
        Delimiter = ",",
        DateFormat = "dd/MM/yyyy",
        Columns =
        [
            new("EntryNo", ColumnKind.Identifier), new("DateOfDeath", ColumnKind.Date), new("DateOfRegistration", ColumnKind.Date), new("Forenames", ColumnKind.Name),
            new("Surname", ColumnKind.Name), new("MaidenSurname", ColumnKind.Name), new("DOB", ColumnKind.Date), new("Sex", ColumnKind.Code),
            new("UsualAddress", ColumnKind.Address), new("Postcode", ColumnKind.Postcode), new("PlaceOfDeath", ColumnKind.Text), new("NHSNumber", ColumnKind.Identifier),
        ],
        Key = ["EntryNo"],
        Entities = ["person", "address", "event:death"],
        Identifiers = "NHS number for most; full names including a maiden surname.",
        NoiseMultiplier = 0.3,
    };

    // ASQ-3 cut-offs and monitoring-zone tops at 24 months, by domain.
    private static readonly (string Domain, double CutOff, double MonitorTop)[] Asq =
    [
        ("Communication", 25.17, 39.5), ("GrossMotor", 38.07, 47.8), ("FineMotor", 35.16, 44.9), ("ProblemSolving", 29.78, 42.3), ("PersonalSocial", 31.54, 42.6),
    ];

    private readonly Dictionary<int, DateOnly> _mentalHealthOpenUntil = [];
    private readonly HashSet<int> _seenChildren = [];
    private TabularFeed _ae = null!;
    private TabularFeed _mentalHealth = null!;
    private TabularFeed _healthVisiting = null!;
    private TabularFeed _deaths = null!;
    private SourceSystem _acute = null!;
    private SourceSystem _mentalHealthTrust = null!;
    private SourceSystem _community = null!;
    private SourceSystem _registrar = null!;
    private string[] _practices = [];
    private int _nextAttendance = 1;
    private int _nextReferral = 1;
    private int _nextContact = 1;
    private int _nextEntry = 1;

    public override void Initialise()
    {
        _ae = Sim.Tabular(AeFeed);
        _mentalHealth = Sim.Tabular(MentalHealthFeed);
        _healthVisiting = Sim.Tabular(HealthVisitingFeed);
        _deaths = Sim.Tabular(DeathsFeed);
        _acute = Sim.System("acute_trust", "RH", 7, new IdentifierCoverage(Nhs: 0.95), AeFeed.NoiseMultiplier);
        _mentalHealthTrust = Sim.System("mental_health_trust", "MH", 7, new IdentifierCoverage(Nhs: 0.98), MentalHealthFeed.NoiseMultiplier);
        _community = Sim.System("community_health", "CH", 7, new IdentifierCoverage(Nhs: 0.99), HealthVisitingFeed.NoiseMultiplier);
        _registrar = Sim.System("registrar", "D", 6, new IdentifierCoverage(Nhs: 0.85), DeathsFeed.NoiseMultiplier);
        var random = City.Stream("gp-practices");
        _practices = Enumerable.Range(0, Math.Max(3, City.Localities.Count))
            .Select(i => "Y" + random.Next(10000, 99999).ToString(CultureInfo.InvariantCulture)).ToArray();
    }

    public override void Step(Month month)
    {
        var random = Random(month);
        var peopleNow = City.People.Count;
        for (var i = 0; i < peopleNow; i++)
        {
            var person = City.People[i];
            if (!person.IsAliveOn(month.Start) || !person.IsBornBy(month.End.AddDays(-1)) || person.Home is not { OutOfArea: false })
            {
                continue;
            }

            if (person.AgeOn(month.Start) < 20)
            {
                _seenChildren.Add(person.Id);
            }

            Emergency(person, month, random);
            MentalHealth(person, month, random);
            HealthVisiting(person, month, random);
        }

        foreach (var death in Modules.Demography.DeathsThisMonth)
        {
            RegisterDeath(death, random);
        }
    }

    public override void Finish() => WriteChildHealth();

    private void Emergency(Person person, Month month, SynthRandom random)
    {
        var age = person.AgeOn(month.Start);
        var family = person.Family;
        var baseline = age switch
        {
            < 5 => 0.045,
            < 16 => 0.022,
            < 25 => 0.03,
            < 65 => 0.022,
            < 80 => 0.03,
            _ => 0.055,
        };
        string? complaint = null;
        var safeguarding = false;
        if (family is not null)
        {
            if (Carries(family, NeedKind.MentalHealth, person) && age >= 11 && random.Chance(0.02))
            {
                complaint = "SELFHM";
                safeguarding = age < 18;
            }
            else if (Carries(family, NeedKind.SubstanceMisuse, person) && random.Chance(0.022))
            {
                complaint = random.Chance(0.55) ? "OVERDS" : "ALCOHL";
            }
            else if (Carries(family, NeedKind.Exploitation, person) && random.Chance(0.02))
            {
                complaint = random.Chance(0.6) ? "ASSALT" : "INJURY";
                safeguarding = true;
            }
            else if (family.HasActiveNeed(NeedKind.DomesticAbuse) && person.Partner == family.Needs[(int)NeedKind.DomesticAbuse].Carrier && random.Chance(0.02))
            {
                complaint = "ASSALT";
                safeguarding = true;
            }
            else if (family.HasActiveNeed(NeedKind.Neglect) && age < 16 && random.Chance(0.008))
            {
                complaint = "INJURY";
                safeguarding = random.Chance(0.5);
            }
        }

        if (complaint is null && random.Chance(baseline))
        {
            complaint = age switch
            {
                < 5 => random.Chance(0.5) ? "FEVER" : random.Chance(0.5) ? "RESPIR" : "INJURY",
                < 25 => random.Chance(0.55) ? "INJURY" : random.Chance(0.5) ? "ABDOMN" : "OTHER",
                < 65 => random.Chance(0.3) ? "INJURY" : random.Chance(0.3) ? "CHESTP" : random.Chance(0.5) ? "ABDOMN" : "OTHER",
                _ => random.Chance(0.3) ? "RESPIR" : random.Chance(0.3) ? "CHESTP" : random.Chance(0.4) ? "INJURY" : "OTHER",
            };
        }

        if (complaint is null)
        {
            return;
        }

        var date = month.Day(random);
        var record = _acute.Identify(person, date);
        var id = "A" + (_nextAttendance++).ToString("D11", CultureInfo.InvariantCulture);
        _ae.Write(
            [id, record.NhsNumber, record.NhsNumber is null ? "03" : "01", FeedValues.Upper(record.Surname, AeFeed), FeedValues.Upper(record.Forenames, AeFeed), record.BirthDate,
             person.Sex == Sex.Male ? "1" : "2", record.PostcodeOn(date), date, string.Create(CultureInfo.InvariantCulture, $"{random.Next(24):D2}{random.Next(60):D2}"),
             random.Chance(0.22) ? "1" : "2", complaint, safeguarding ? "Y" : "N",
             random.Chance(0.75) ? "01" : random.Chance(0.8) ? "03" : "05", "RHF01"],
            ("patient", person));

        if (complaint == "SELFHM")
        {
            Refer(person, date.AddDays(random.Next(1, 10)), "A&E", random, force: true);
            if (person.AgeOn(date) < 18 && random.Chance(0.25))
            {
                Modules.SocialCare.Refer(person, date.AddDays(random.Next(1, 5)), "3E", random);
            }
        }
    }

    private void MentalHealth(Person person, Month month, SynthRandom random)
    {
        var age = person.AgeOn(month.Start);
        var family = person.Family;
        double hazard = age < 5 ? 0 : age < 18 ? 0.0012 : 0.001;
        if (family is not null)
        {
            hazard += Carries(family, NeedKind.MentalHealth, person) ? (age < 18 ? 0.04 : 0.03) : 0;
            hazard += Carries(family, NeedKind.Exploitation, person) ? 0.01 : 0;
            hazard += family.HasActiveNeed(NeedKind.DomesticAbuse) && person.Partner == family.Needs[(int)NeedKind.DomesticAbuse].Carrier ? 0.008 : 0;
        }

        if (random.Chance(hazard))
        {
            Refer(person, month.Day(random), age < 18 ? (random.Chance(0.5) ? "School" : "GP") : random.Chance(0.7) ? "GP" : "Self", random, force: false);
        }
    }

    private void Refer(Person person, DateOnly date, string source, SynthRandom random, bool force)
    {
        if (date >= City.End || (_mentalHealthOpenUntil.TryGetValue(person.Id, out var open) && open > date && !force))
        {
            return;
        }

        var age = person.AgeOn(date);
        var youngBaby = person.Family?.Members.Any(m => m.Mother == person && m.AgeOn(date) < 1) == true;
        var team = age < 18 ? "CAMHS" : youngBaby && random.Chance(0.5) ? "Perinatal" : random.Next(10) switch
        {
            < 6 => "Talking Therapies",
            < 9 => "CMHT",
            _ => "Crisis",
        };
        var reason = source == "A&E" ? "Self-harm" : random.Next(8) switch
        {
            0 => "Anxiety",
            1 => "Depression",
            2 => "Low mood",
            3 => age < 18 ? "ADHD assessment" : "Psychosis",
            4 => age < 18 ? "Behaviour" : "Personality disorder",
            5 => "Trauma",
            6 => "Eating disorder",
            _ => "Anxiety",
        };
        var accepted = random.Chance(team == "CAMHS" ? 0.65 : 0.8);
        DateOnly? first = accepted ? date.AddDays(random.Next(team == "CAMHS" ? 20 : 10, team == "CAMHS" ? 200 : 120)) : null;
        DateOnly? discharged = accepted ? first!.Value.AddDays(random.Next(60, 400)) : date.AddDays(random.Next(5, 30));
        var discharge = accepted ? (random.Chance(0.6) ? "Treatment completed" : random.Chance(0.5) ? "Did not attend" : "Transferred to another service") : "Referral not accepted";
        _mentalHealthOpenUntil[person.Id] = discharged.Value;

        var record = _mentalHealthTrust.Identify(person, date);
        var id = "MHR" + (_nextReferral++).ToString("D7", CultureInfo.InvariantCulture);
        _mentalHealth.Write(
            [id, record.NhsNumber, record.LocalId, record.Forename, record.Surname, record.BirthDate, person.Sex == Sex.Male ? "1" : "2", record.PostcodeOn(date),
             date, source, team, reason, accepted ? "Y" : "N", first < City.End ? first : null, discharged < City.End ? discharged : null, discharged < City.End ? discharge : null],
            ("patient", person));
    }

    private void HealthVisiting(Person child, Month month, SynthRandom random)
    {
        var birth = child.BirthDate;
        (string Type, DateOnly Due)[] contacts =
        [
            ("New birth visit", birth.AddDays(11)),
            ("6-8 week review", birth.AddDays(49)),
            ("1 year review", birth.AddMonths(12)),
            ("2-2.5 year review", birth.AddMonths(27)),
        ];
        foreach (var (type, due) in contacts)
        {
            if (!month.Contains(due))
            {
                continue;
            }

            var family = child.Family;
            var neglect = family?.HasActiveNeed(NeedKind.Neglect) == true;
            var missed = random.Chance(0.05 + (neglect ? 0.2 : 0) + (0.04 * Math.Max(0, family?.Adversity ?? 0)));
            var outcome = missed ? (random.Chance(0.7) ? "Not attended" : "Declined") : "Completed";
            var date = due.AddDays(random.Next(-5, 20));
            if (date >= City.End)
            {
                continue;
            }

            var childRecord = _community.Identify(child, date);
            var mother = child.Mother is { } m && m.IsAliveOn(date) ? m : null;
            var motherRecord = mother is null ? null : _community.Identify(mother, date);
            var address = childRecord.AddressOn(date);
            var scores = new object?[10];
            if (type == "2-2.5 year review" && outcome == "Completed")
            {
                var delayed = family is not null && Carries(family, NeedKind.EarlyDevelopment, child);
                var delayedDomains = delayed ? random.Next(1, 4) : 0;
                var order = Enumerable.Range(0, Asq.Length).ToList();
                random.Shuffle(order);
                for (var d = 0; d < Asq.Length; d++)
                {
                    var (_, cutOff, monitorTop) = Asq[d];
                    var low = order.IndexOf(d) < delayedDomains;
                    var raw = low ? random.Normal(cutOff - 8, 6) : random.Normal(monitorTop + 6, 8);
                    var score = Math.Clamp((int)Math.Round(raw / 5) * 5, 0, 60);
                    scores[d] = score;
                    scores[d + 5] = score <= cutOff ? "Below" : score <= monitorTop ? "Monitoring" : "Above";
                }
            }

            var id = "HV" + (_nextContact++).ToString("D8", CultureInfo.InvariantCulture);
            object?[] values =
            [
                id, childRecord.NhsNumber, childRecord.Surname, childRecord.Forename, childRecord.BirthDate, child.Sex == Sex.Male ? "M" : "F",
                motherRecord?.NhsNumber, motherRecord?.Surname, motherRecord?.Forename, address?.Line1, childRecord.PostcodeOn(date), type, date, outcome,
                .. scores,
            ];
            if (mother is null)
            {
                _healthVisiting.Write(values, ("child", child));
            }
            else
            {
                _healthVisiting.Write(values, ("child", child), ("mother", mother));
            }
        }
    }

    private void RegisterDeath(Person person, SynthRandom random)
    {
        if (person.DeathDate is not { } died || person.Home is not { OutOfArea: false })
        {
            return;
        }

        var record = _registrar.Identify(person, died);
        var registered = died.AddDays(random.Next(2, 10));
        if (registered >= City.End)
        {
            return;
        }

        var id = "DR" + (_nextEntry++).ToString("D6", CultureInfo.InvariantCulture);
        _deaths.Write(
            [id, died, registered, record.Forenames, record.Surname, person.Sex == Sex.Female ? person.PreviousSurname : null, record.BirthDate,
             person.Sex == Sex.Male ? "M" : "F", record.AddressOn(died)?.SingleLine, record.PostcodeOn(died),
             person.AgeOn(died) > 70 && random.Chance(0.4) ? "Home" : random.Chance(0.8) ? $"{City.Name} General Hospital" : "Hospice", record.NhsNumber],
            ("deceased", person));
    }

    private void WriteChildHealth()
    {
        var feed = Sim.JsonLines(ChildHealthFeed);
        var end = City.End;
        foreach (var person in City.People)
        {
            if (!_seenChildren.Contains(person.Id))
            {
                continue;
            }

            var record = _community.Identify(person, end.AddDays(-1));
            var key = record.NhsNumber ?? record.LocalId;
            var noise = feed.Noise;
            feed.Write(key, w =>
            {
                w.WriteStartObject();
                w.WriteString("resourceType", "Patient");
                w.WriteString("id", key);
                w.WriteStartArray("identifier");
                if (record.NhsNumber is not null)
                {
                    w.WriteStartObject();
                    w.WriteString("system", "https://fhir.nhs.uk/Id/nhs-number");
                    w.WriteString("value", record.NhsNumber);
                    w.WriteEndObject();
                }

                w.WriteStartObject();
                w.WriteString("system", "https://hearth.example/Id/chis-local");
                w.WriteString("value", record.LocalId);
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteStartArray("name");
                w.WriteStartObject();
                w.WriteString("use", "official");
                w.WriteString("family", noise.Name(record.Surname, "name.family"));
                w.WriteStartArray("given");
                w.WriteStringValue(noise.Name(record.Forename, "name.given"));
                if (record.MiddleNames is not null)
                {
                    foreach (var middle in record.MiddleNames.Split(' '))
                    {
                        w.WriteStringValue(middle);
                    }
                }

                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteString("gender", person.Sex == Sex.Male ? "male" : "female");
                w.WriteString("birthDate", Iso(record.BirthDate));
                if (person.DeathDate is { } died && died < end)
                {
                    w.WriteString("deceasedDateTime", Iso(died) + "T00:00:00+00:00");
                }

                w.WriteStartArray("address");
                var known = record.AddressOn(end.AddDays(-1));
                foreach (var home in person.Homes.Where(h => !h.Property.OutOfArea || h.Property == known).TakeLast(3))
                {
                    var current = home.Property == known;
                    w.WriteStartObject();
                    w.WriteString("use", current ? "home" : "old");
                    w.WriteStartArray("line");
                    w.WriteStringValue(noise.Text(home.Property.Line1, "address.line"));
                    w.WriteStringValue(home.Property.Locality.Name);
                    w.WriteEndArray();
                    w.WriteString("city", home.Property.Street.Town);
                    w.WriteString("postalCode", current ? record.PostcodeOn(end.AddDays(-1)) : home.Property.Postcode);
                    w.WriteStartObject("period");
                    w.WriteString("start", Iso(home.From));
                    w.WriteEndObject();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("generalPractitioner");
                w.WriteStartObject();
                w.WriteStartObject("identifier");
                w.WriteString("system", "https://fhir.nhs.uk/Id/ods-organization-code");
                w.WriteString("value", _practices[Math.Max(0, person.Home?.Locality.Index ?? 0) % _practices.Length]);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndArray();
                if (person.Mother is { } mother && person.AgeOn(end) < 6 && mother.NhsNumber is not null)
                {
                    var motherRecord = _community.Identify(mother, end.AddDays(-1));
                    w.WriteStartArray("extension");
                    w.WriteStartObject();
                    w.WriteString("url", "https://hearth.example/fhir/StructureDefinition/mother-nhs-number");
                    w.WriteString("valueString", motherRecord.NhsNumber);
                    w.WriteEndObject();
                    w.WriteEndArray();
                    w.WriteStartArray("contact");
                    w.WriteStartObject();
                    w.WriteStartArray("relationship");
                    w.WriteStartObject();
                    w.WriteString("text", "Mother");
                    w.WriteEndObject();
                    w.WriteEndArray();
                    w.WriteStartObject("name");
                    w.WriteString("family", noise.Name(motherRecord.Surname, "contact.name.family"));
                    w.WriteStartArray("given");
                    w.WriteStringValue(noise.Name(motherRecord.Forename, "contact.name.given"));
                    w.WriteEndArray();
                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteEndArray();
                    feed.About(key, "mother", mother);
                }

                w.WriteEndObject();
            });
            feed.About(key, "patient", person);
        }
    }

    private static bool Carries(Unit family, NeedKind kind, Person person) =>
        family.Needs[(int)kind] is { Active: true } need && need.Carrier == person;

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
