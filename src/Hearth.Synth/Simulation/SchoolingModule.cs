using System.Globalization;
using Hearth.Core.Common;
using Hearth.Synth.Build;
using Hearth.Synth.Calendar;
using Hearth.Synth.Feeds;
using Hearth.Synth.Noise;
using Hearth.Synth.Randomness;
using Hearth.Synth.World;

namespace Hearth.Synth.Simulation;

/// <summary>
/// School life: admissions at Reception and Year 7, sixth form or leaving at 16, moves between schools when families
/// move, suspensions and exclusions (to alternative provision), part-time timetables, termly attendance by code,
/// three census days a year, and the parental contacts schools hold.
/// </summary>
public sealed class SchoolingModule(Sim sim) : Module(sim)
{
    public static readonly FeedDescriptor CensusFeed = new()
    {
        Name = "school_census",
        System = "School management information system (census extract)",
        Description = "One row per pupil on roll at each termly census day, with characteristics, SEN, FSM and address.",
        Format = FeedFormat.Csv,
        File = "school_census.csv",
        Encoding = "utf-8-bom",
        Delimiter = ",",
        DateFormat = "dd/MM/yyyy",
        Columns =
        [
            new("CensusDate", ColumnKind.Date), new("LAEstab", ColumnKind.Code), new("SchoolName", ColumnKind.Text),
            new("AdmissionNo", ColumnKind.Identifier), new("UPN", ColumnKind.Identifier), new("FormerUPN", ColumnKind.Identifier),
            new("LegalSurname", ColumnKind.Name), new("LegalForename", ColumnKind.Name), new("MiddleNames", ColumnKind.Name),
            new("PreferredSurname", ColumnKind.Name), new("PreferredForename", ColumnKind.Name), new("DOB", ColumnKind.Date),
            new("Gender", ColumnKind.Code), new("Ethnicity", ColumnKind.Code), new("FirstLanguage", ColumnKind.Code),
            new("NCYearActual", ColumnKind.Code), new("EnrolStatus", ColumnKind.Code), new("EntryDate", ColumnKind.Date),
            new("FSMEligible", ColumnKind.Code), new("SENProvision", ColumnKind.Code), new("PrimarySENType", ColumnKind.Code),
            new("AddressLine1", ColumnKind.Address), new("AddressLine2", ColumnKind.Address), new("Town", ColumnKind.Address),
            new("Postcode", ColumnKind.Postcode), new("UPRN", ColumnKind.Identifier),
        ],
        Key = ["CensusDate", "LAEstab", "AdmissionNo"],
        Entities = ["person", "address", "school_enrolment", "event:sen_status", "event:fsm_eligibility"],
        Identifiers = "UPN for every pupil (a few blank or mistyped); school admission number; UPRN where the school's system holds it. No NHS number or NI number.",
        NoiseMultiplier = 0.4,
    };

    public static readonly FeedDescriptor AttendanceFeed = new()
    {
        Name = "school_attendance",
        System = "School management information system (attendance)",
        Description = "Termly attendance per pupil per school: sessions possible and sessions by attendance code.",
        Format = FeedFormat.Csv,
        File = "school_attendance.tsv",
        Encoding = "utf-8",
        Delimiter = "\t",
        DateFormat = "yyyy-MM-dd",
        Columns =
        [
            new("AcademicYear", ColumnKind.Code), new("Term", ColumnKind.Code), new("LAEstab", ColumnKind.Code),
            new("AdmissionNo", ColumnKind.Identifier), new("UPN", ColumnKind.Identifier), new("Surname", ColumnKind.Name),
            new("Forename", ColumnKind.Name), new("DOB", ColumnKind.Date), new("OnRollFrom", ColumnKind.Date), new("OnRollTo", ColumnKind.Date),
            new("SessionsPossible", ColumnKind.Number), new("Present", ColumnKind.Number), new("L", ColumnKind.Number),
            new("B", ColumnKind.Number), new("K", ColumnKind.Number), new("P", ColumnKind.Number), new("V", ColumnKind.Number), new("W", ColumnKind.Number),
            new("C", ColumnKind.Number), new("C1", ColumnKind.Number), new("C2", ColumnKind.Number), new("E", ColumnKind.Number),
            new("I", ColumnKind.Number), new("M", ColumnKind.Number), new("J1", ColumnKind.Number), new("R", ColumnKind.Number),
            new("S", ColumnKind.Number), new("T", ColumnKind.Number), new("G", ColumnKind.Number), new("N", ColumnKind.Number),
            new("O", ColumnKind.Number), new("U", ColumnKind.Number),
        ],
        Key = ["AcademicYear", "Term", "LAEstab", "AdmissionNo"],
        Entities = ["person", "event:attendance"],
        Identifiers = "UPN and admission number; names and date of birth as the school holds them.",
        NoiseMultiplier = 0.4,
    };

    public static readonly FeedDescriptor ContactsFeed = new()
    {
        Name = "school_contacts",
        System = "School management information system (contacts)",
        Description = "Parents, carers and emergency contacts for every pupil on roll at the extract date.",
        Format = FeedFormat.Csv,
        File = "school_contacts.csv",
        Encoding = "utf-8",
        Delimiter = ",",
        Columns =
        [
            new("LAEstab", ColumnKind.Code), new("AdmissionNo", ColumnKind.Identifier), new("UPN", ColumnKind.Identifier),
            new("PupilSurname", ColumnKind.Name), new("PupilForename", ColumnKind.Name), new("ContactID", ColumnKind.Identifier),
            new("Title", ColumnKind.Code), new("ContactForename", ColumnKind.Name), new("ContactSurname", ColumnKind.Name),
            new("Relationship", ColumnKind.Code), new("ParentalResponsibility", ColumnKind.Code), new("Priority", ColumnKind.Number),
            new("LivesWithPupil", ColumnKind.Code), new("HomePhone", ColumnKind.Identifier), new("MobilePhone", ColumnKind.Identifier),
            new("Email", ColumnKind.Identifier), new("AddressLine1", ColumnKind.Address), new("Town", ColumnKind.Address), new("Postcode", ColumnKind.Postcode),
        ],
        Key = ["LAEstab", "AdmissionNo", "ContactID"],
        Entities = ["person", "address", "relationship:pupil_contact"],
        Identifiers = "The pupil's UPN and admission number; contacts have only names, phones, email and address (no date of birth).",
        NoiseMultiplier = 1.0,
    };

    public static readonly FeedDescriptor ExclusionsFeed = new()
    {
        Name = "school_exclusions",
        System = "Local authority exclusions log (spreadsheet)",
        Description = "Every suspension, lunchtime suspension and permanent exclusion notified to the local authority.",
        Format = FeedFormat.Xlsx,
        File = "school_exclusions.xlsx",
        Encoding = "utf-8",
        Sheet = "Exclusions",
        HeaderRow = 3,
        Columns =
        [
            new("Ref", ColumnKind.Identifier), new("School", ColumnKind.Text), new("LAESTAB", ColumnKind.Code), new("UPN", ColumnKind.Identifier),
            new("Surname", ColumnKind.Name), new("Forename", ColumnKind.Name), new("DOB", ColumnKind.Date), new("Gender", ColumnKind.Code),
            new("Year Group", ColumnKind.Code), new("Category", ColumnKind.Code), new("Start Date", ColumnKind.Date), new("Sessions", ColumnKind.Number),
            new("Reason 1", ColumnKind.Code), new("Reason 2", ColumnKind.Code), new("Reason 3", ColumnKind.Code), new("Review Result", ColumnKind.Code),
            new("SEN", ColumnKind.Code), new("FSM", ColumnKind.Code),
        ],
        Key = ["Ref"],
        Entities = ["person", "event:exclusion"],
        Identifiers = "UPN (keyed by hand from the school's notification, so sometimes mistyped); names and date of birth.",
        NoiseMultiplier = 1.3,
    };

    public static readonly FeedDescriptor SchoolsFeed = new()
    {
        Name = "schools",
        System = "Local authority establishments list (reference data)",
        Description = "Every school and alternative provision in the city: URN, LAESTAB, phase, type, site address and UPRN.",
        Format = FeedFormat.Csv,
        File = "schools.csv",
        Encoding = "utf-8",
        Delimiter = ",",
        Columns =
        [
            new("URN", ColumnKind.Identifier), new("LAESTAB", ColumnKind.Code), new("EstablishmentName", ColumnKind.Text),
            new("Phase", ColumnKind.Code), new("Type", ColumnKind.Text), new("LowestYear", ColumnKind.Code), new("HighestYear", ColumnKind.Code),
            new("Street", ColumnKind.Address), new("Locality", ColumnKind.Address), new("Town", ColumnKind.Address), new("Postcode", ColumnKind.Postcode), new("UPRN", ColumnKind.Identifier),
        ],
        Key = ["URN"],
        Entities = ["school"],
        Identifiers = "URN, LAESTAB and the site's UPRN.",
        NoiseMultiplier = 0,
    };

    private static readonly WeightedTable<string> SupportTypes = WeightedTable.Of<string>(("SLCN", 24), ("SEMH", 20), ("MLD", 18), ("SPLD", 13), ("ASD", 10), ("OTH", 5), ("PD", 3), ("HI", 2), ("VI", 1), ("NSA", 4));
    private static readonly WeightedTable<string> PlanTypes = WeightedTable.Of<string>(("ASD", 33), ("SEMH", 16), ("SLCN", 15), ("SLD", 8), ("MLD", 7), ("PD", 5), ("PMLD", 3), ("SPLD", 3), ("HI", 2), ("VI", 1), ("MSI", 1), ("OTH", 3));
    private static readonly WeightedTable<string> SuspensionReasons = WeightedTable.Of<string>(("DB", 30), ("PA", 8), ("PP", 14), ("VA", 10), ("VP", 6), ("DA", 5), ("DM", 3), ("TH", 2), ("BU", 2), ("RA", 1), ("SM", 1), ("LG", 1), ("OW", 4), ("BW", 2), ("TB", 1), ("SB", 1), ("MB", 2), ("AB", 2), ("VR", 2), ("MP", 2), ("OS", 1));

    private readonly Dictionary<(int School, int Year), int> _upnSerials = [];
    private TabularFeed _census = null!;
    private TabularFeed _attendance = null!;
    private TabularFeed _exclusions = null!;
    private SourceSystem _mis = null!;
    private SourceSystem _contactsSystem = null!;
    private SourceSystem _laExclusions = null!;
    private IReadOnlyList<SchoolTerm> _terms = [];
    private int _exclusionRef;

    public override void Initialise()
    {
        _census = Sim.Tabular(CensusFeed);
        _attendance = Sim.Tabular(AttendanceFeed);
        _exclusions = Sim.Tabular(ExclusionsFeed, [$"{City.Name} City Council - Exclusions log", string.Empty]);
        _mis = Sim.System("school_mis", "S", 7, new IdentifierCoverage(Upn: 1.0), CensusFeed.NoiseMultiplier);
        _contactsSystem = Sim.System("school_contacts", "C", 7, new IdentifierCoverage(), ContactsFeed.NoiseMultiplier);
        _laExclusions = Sim.System("la_exclusions", "X", 7, new IdentifierCoverage(Upn: 0.95), ExclusionsFeed.NoiseMultiplier);
        _terms = Enumerable.Range(0, City.Options.Years).SelectMany(y => SchoolCalendar.TermsOf(SchoolCalendar.AcademicYearOf(City.Start) + y)).ToList();

        var random = City.Stream("schooling-initial");
        var academicYear = SchoolCalendar.AcademicYearOf(City.Start);
        foreach (var person in City.People)
        {
            if (!person.IsAliveOn(City.Start) || person.Home is null || person.Home.OutOfArea)
            {
                continue;
            }

            var year = SchoolCalendar.NationalCurriculumYear(person.BirthDate, academicYear);
            if (year is null || random.Chance(0.006))
            {
                continue;
            }

            var pupil = NewPupil(person, random);
            if (year >= 12)
            {
                if (!random.Chance(0.45))
                {
                    continue;
                }
            }

            var school = ChooseSchool(person, year.Value, random);
            if (school is null || (year >= 12 && !school.HasSixthForm && school.Phase != SchoolPhase.Special))
            {
                continue;
            }

            var entryYear = school.Phase == SchoolPhase.Secondary ? 7 : 0;
            var entry = random.Chance(0.88)
                ? new DateOnly(academicYear - (year.Value - entryYear), 9, 1)
                : City.Start.AddDays(-random.Next(30, 700));
            Enrol(person, pupil, school, entry < person.BirthDate.AddYears(4) ? person.BirthDate.AddYears(4) : entry);
            AllocateUpn(person, academicYear - year.Value, random);
        }
    }

    public override void Step(Month month)
    {
        var random = Random(month);
        if (month.Start.Month == 9 && month.Index > 0)
        {
            NewAcademicYear(month, random);
        }

        FollowMoves(month, random);
        if (month.Start.Month != 8)
        {
            Suspensions(month, random);
        }

        foreach (var term in _terms)
        {
            if (month.Contains(term.Start))
            {
                StartTerm(term, random);
            }

            if (month.Contains(term.CensusDate))
            {
                WriteCensus(term);
            }

            if (month.Contains(term.End))
            {
                CloseTerm(term, random);
            }
        }
    }

    public override void Finish()
    {
        WriteContacts();
        using var schools = Sim.Tabular(SchoolsFeed);
        foreach (var school in City.Schools)
        {
            schools.Write(
                [school.Urn, school.LaEstab, school.Name, school.Phase.ToString(), school.Type, YearLabel(school.FirstYear), YearLabel(school.LastYear),
                 school.Site.Street.Name, school.Locality.Name, City.Name, school.Site.Postcode, school.Site.Uprn.ToString(CultureInfo.InvariantCulture)]);
        }
    }

    /// <summary>Takes a pupil off roll at their current school, writing the part-term attendance they leave behind.</summary>
    public void LeaveSchool(Person person, DateOnly date)
    {
        if (person.Pupil?.School is not { } school)
        {
            return;
        }

        var term = _terms.FirstOrDefault(t => t.Contains(date));
        if (term is not null)
        {
            WriteAttendance(person, school, term, date, City.Stream("attendance-leave", person.Id, date.DayNumber));
        }

        person.Pupil.School = null;
        person.Pupil.AdmissionNumber = null;
        person.Pupil.PartTimeTimetable = false;
        if (person.Pupil.DualSchool is not null)
        {
            person.Pupil.DualSchool = null;
        }
    }

    /// <summary>Puts a child on roll at a school from the date.</summary>
    public static void Enrol(Person person, Pupil pupil, School school, DateOnly entry)
    {
        person.Pupil = pupil;
        pupil.School = school;
        pupil.EntryDate = entry;
        pupil.AdmissionNumber = school.NextAdmissionNumber++.ToString("D6", CultureInfo.InvariantCulture);
        pupil.TermMarks.Clear();
        pupil.TermJoined = entry;
    }

    /// <summary>Finds a school place near the child's home for the year group.</summary>
    public School? ChooseSchool(Person person, int year, SynthRandom random)
    {
        var pupil = person.Pupil!;
        var locality = person.Home?.Locality;
        if (locality is null || locality.Index < 0)
        {
            return null;
        }

        if (pupil.Sen == SenProvision.EhcPlan && pupil.SenType is "SLD" or "PMLD" or "MSI" || (pupil.Sen == SenProvision.EhcPlan && pupil.SenType is "ASD" or "SEMH" && random.Chance(0.35)))
        {
            var special = City.Schools.Where(s => s.Phase == SchoolPhase.Special).ToList();
            if (special.Count > 0)
            {
                return special[random.Next(special.Count)];
            }
        }

        return SchoolBuilder.Nearest(City, locality, Math.Min(year, 11), random);
    }

    public SourceSystem MisSystem => _mis;

    private Pupil NewPupil(Person person, SynthRandom random)
    {
        var adversity = person.Family?.Adversity ?? 0;
        var pupil = new Pupil
        {
            // Mean 4.8%, and one pupil in ten above 10% before any family need adds to it.
            BaseAbsence = random.Beta(1.5, 30),
            Behaviour = Math.Exp(random.Normal(0.15 * adversity, 0.8)),
        };
        var ageFactor = Math.Min(1.0, person.AgeOn(City.Start) / 12.0);
        var roll = random.NextDouble();
        if (roll < 0.02 + (0.045 * ageFactor) + (0.006 * adversity))
        {
            pupil.Sen = SenProvision.EhcPlan;
            pupil.SenType = PlanTypes.Pick(random);
        }
        else if (roll < 0.16 + (0.04 * ageFactor) + (0.02 * adversity))
        {
            pupil.Sen = SenProvision.SenSupport;
            pupil.SenType = SupportTypes.Pick(random);
        }

        person.Pupil = pupil;
        return pupil;
    }

    private void AllocateUpn(Person person, int receptionYear, SynthRandom random)
    {
        if (person.Upn is not null)
        {
            return;
        }

        // One in ten pupils arrived from another authority, with a UPN issued there.
        var fromElsewhere = random.Chance(0.1);
        var la = fromElsewhere ? random.Next(990, 999) : City.Options.LocalAuthorityCode;
        var primaries = City.Schools.Where(s => s.Phase == SchoolPhase.Primary).ToList();
        var current = person.Pupil?.School;
        var allocatingSchool = fromElsewhere ? null : current is { Phase: SchoolPhase.Primary } ? current : primaries[random.Next(primaries.Count)];
        var estab = allocatingSchool?.EstablishmentNumber ?? random.Next(2000, 4000);
        var key = (la * 10000 + estab, receptionYear % 100);
        var serial = _upnSerials.TryGetValue(key, out var used) ? used + 1 : random.Next(1, 40);
        if (serial > 999)
        {
            serial = random.Next(1, 999);
        }

        _upnSerials[key] = serial;
        person.Upn = UniquePupilNumber.Create(la, estab, receptionYear, serial).Value;
    }

    private void NewAcademicYear(Month month, SynthRandom random)
    {
        var academicYear = month.Start.Year;
        var firstDay = SchoolCalendar.TermsOf(academicYear)[0].Start;
        foreach (var person in City.People)
        {
            if (!person.IsAliveOn(firstDay) || !person.IsBornBy(firstDay))
            {
                continue;
            }

            var pupil = person.Pupil;
            if (pupil is not null)
            {
                pupil.SuspensionSessionsThisYear = 0;
            }

            var year = SchoolCalendar.NationalCurriculumYear(person.BirthDate, academicYear);
            var inCity = person.Home is { OutOfArea: false };
            if (year is null)
            {
                if (pupil?.School is not null)
                {
                    LeaveSchool(person, firstDay.AddDays(-40));
                }

                continue;
            }

            if (pupil?.School is { } school)
            {
                if (year > school.LastYear || (year == 12 && school.Phase == SchoolPhase.Secondary && !StaysInSixthForm(person, random)))
                {
                    LeaveSchool(person, firstDay.AddDays(-40));
                    if (year == 7 && inCity)
                    {
                        var next = ChooseSchool(person, 7, random);
                        if (next is not null)
                        {
                            Enrol(person, pupil, next, firstDay);
                        }
                    }
                }
                else if (school.Phase == SchoolPhase.AlternativeProvision && random.Chance(0.3))
                {
                    // A managed return to mainstream school.
                    LeaveSchool(person, firstDay.AddDays(-40));
                    var next = ChooseSchool(person, year.Value, random);
                    if (next is not null)
                    {
                        Enrol(person, pupil, next, firstDay);
                    }
                }

                continue;
            }

            if (year == 0 && inCity && person.Household is not null && !random.Chance(0.005))
            {
                var newPupil = pupil ?? NewPupil(person, random);
                var school2 = ChooseSchool(person, 0, random);
                if (school2 is not null)
                {
                    Enrol(person, newPupil, school2, firstDay);
                    AllocateUpn(person, academicYear, random);
                }
            }
        }
    }

    private static bool StaysInSixthForm(Person person, SynthRandom random)
    {
        var family = person.Family;
        var disengaged = family is not null && family.Needs[(int)NeedKind.SchoolDisengagement] is { Active: true } d && d.Carrier == person;
        return random.Chance(disengaged ? 0.1 : 0.45);
    }

    private void FollowMoves(Month month, SynthRandom random)
    {
        foreach (var unit in Modules.Demography.MovedThisMonth)
        {
            foreach (var person in unit.Residents(month.Start).ToList())
            {
                if (person.Pupil?.School is not { } school || person.Home is null)
                {
                    continue;
                }

                var far = Math.Abs(person.Home.Locality.Index - school.Locality.Index) > 1;
                if (far && random.Chance(school.Phase == SchoolPhase.Primary ? 0.6 : 0.35))
                {
                    var year = SchoolCalendar.NationalCurriculumYear(person.BirthDate, SchoolCalendar.AcademicYearOf(month.Start));
                    var date = month.Day(random);
                    var pupil = person.Pupil;
                    LeaveSchool(person, date);
                    var next = year is null ? null : ChooseSchool(person, year.Value, random);
                    if (next is not null)
                    {
                        Enrol(person, pupil, next, date.AddDays(random.Next(3, 20)));
                    }
                }
            }
        }

        // Anyone now living outside the city, or dead, comes off roll; children of school age without a place get one.
        var academicYear = SchoolCalendar.AcademicYearOf(month.Start);
        foreach (var person in City.People)
        {
            var pupil = person.Pupil;
            if (pupil?.School is not null && (!person.IsAliveOn(month.Start) || person.Home is null || person.Home.OutOfArea))
            {
                LeaveSchool(person, person.DeathDate ?? month.Start);
                continue;
            }

            if (pupil is not null && pupil.School is null && !pupil.PermanentlyExcluded && person.IsAliveOn(month.Start) && person.Home is { OutOfArea: false }
                && SchoolCalendar.NationalCurriculumYear(person.BirthDate, academicYear) is int year && year <= 11 && month.Start.Month != 8 && random.Chance(0.5))
            {
                var school = ChooseSchool(person, year, random);
                if (school is not null)
                {
                    Enrol(person, pupil, school, month.Day(random));
                }
            }
        }
    }

    private void Suspensions(Month month, SynthRandom random)
    {
        foreach (var person in City.People)
        {
            var pupil = person.Pupil;
            if (pupil?.School is not { } school || !person.IsAliveOn(month.Start) || school.Phase == SchoolPhase.AlternativeProvision && random.Chance(0.5))
            {
                continue;
            }

            var family = person.Family;
            double rate = 0.0035 * pupil.Behaviour * (school.Phase == SchoolPhase.Primary ? 0.25 : 1.6);
            if (family is not null)
            {
                if (Carries(family, NeedKind.SchoolDisengagement, person))
                {
                    rate *= 6;
                }

                if (Carries(family, NeedKind.Exploitation, person))
                {
                    rate *= 6;
                }

                if (Carries(family, NeedKind.Offending, person))
                {
                    rate *= 3;
                }

                if (family.HasActiveNeed(NeedKind.DomesticAbuse))
                {
                    rate *= 1.8;
                }
            }

            if (pupil.SenType == "SEMH")
            {
                rate *= 3;
            }

            if (!random.Chance(rate))
            {
                continue;
            }

            var date = SchoolCalendar.NextWeekday(month.Day(random));
            var reason = SuspensionReasons.Pick(random);
            var permanent = reason == "BW" ? random.Chance(0.25) : pupil.SuspensionSessionsThisYear >= 12 && random.Chance(0.12);
            var lunchtime = !permanent && random.Chance(0.05);
            var sessions = permanent ? 0 : lunchtime ? 1 : 2 * random.Next(1, 6);
            pupil.SuspensionSessionsThisYear += sessions;
            if (!lunchtime)
            {
                pupil.TermMarks["E"] = pupil.TermMarks.GetValueOrDefault("E") + sessions;
            }

            var reasons = new List<string> { reason };
            if (random.Chance(0.3))
            {
                reasons.Add(SuspensionReasons.Pick(random));
            }

            if (random.Chance(0.1))
            {
                reasons.Add(SuspensionReasons.Pick(random));
            }

            reasons = [.. reasons.Distinct(StringComparer.Ordinal)];
            WriteExclusion(person, school, date, permanent ? "PERM" : lunchtime ? "LNCH" : "SUSP", sessions, reasons, random);

            if (permanent)
            {
                pupil.PermanentlyExcluded = true;
                LeaveSchool(person, date);
                var provision = City.Schools.Where(s => s.Phase == SchoolPhase.AlternativeProvision).ToList();
                if (provision.Count > 0)
                {
                    Enrol(person, pupil, provision[random.Next(provision.Count)], date.AddDays(random.Next(6, 30)));
                }
            }
        }
    }

    private void WriteExclusion(Person person, School school, DateOnly date, string category, int sessions, List<string> reasons, SynthRandom random)
    {
        var record = _laExclusions.Identify(person, date);
        var key = string.Create(CultureInfo.InvariantCulture, $"EXC-{date.Year}-{++_exclusionRef:D6}");
        var year = SchoolCalendar.NationalCurriculumYear(person.BirthDate, SchoolCalendar.AcademicYearOf(date));
        _exclusions.Write(
            [key, school.Name, school.LaEstab, record.Upn, record.Surname, record.Forename, record.BirthDate, person.Sex == Sex.Male ? "M" : "F",
             YearLabel(year ?? 0), category, date, category == "PERM" ? null : sessions, reasons[0], reasons.ElementAtOrDefault(1), reasons.ElementAtOrDefault(2),
             category == "PERM" && random.Chance(0.3) ? "ABCDEFGHJK"[random.Next(10)].ToString() : null,
             person.Pupil!.Sen switch { SenProvision.EhcPlan => "E", SenProvision.SenSupport => "K", _ => "N" },
             person.Pupil.FsmEligibleOn(date) ? "Y" : "N"],
            ("pupil", person));
    }

    private void StartTerm(SchoolTerm term, SynthRandom random)
    {
        foreach (var person in City.People)
        {
            var pupil = person.Pupil;
            if (pupil?.School is null)
            {
                continue;
            }

            pupil.TermMarks.Clear();
            pupil.TermJoined = pupil.EntryDate > term.Start ? pupil.EntryDate : term.Start;
            var family = person.Family;
            var atRisk = family is not null && (Carries(family, NeedKind.SchoolDisengagement, person) || Carries(family, NeedKind.Exploitation, person));
            pupil.PartTimeTimetable = pupil.School.Phase != SchoolPhase.Primary && atRisk && random.Chance(0.15);
        }
    }

    private void CloseTerm(SchoolTerm term, SynthRandom random)
    {
        foreach (var person in City.People)
        {
            if (person.Pupil?.School is { } school)
            {
                WriteAttendance(person, school, term, term.End, random);
                person.Pupil.TermMarks.Clear();
                person.Pupil.TermJoined = term.End.AddDays(1);
            }
        }
    }

    private void WriteAttendance(Person person, School school, SchoolTerm term, DateOnly until, SynthRandom random)
    {
        var pupil = person.Pupil!;
        var from = pupil.TermJoined < term.Start ? term.Start : pupil.TermJoined;
        var to = until > term.End ? term.End : until;
        if (to < from)
        {
            return;
        }

        var termDays = term.End.DayNumber - term.Start.DayNumber + 1;
        var possible = (int)Math.Round(term.PossibleSessions * (to.DayNumber - from.DayNumber + 1) / (double)termDays);
        if (possible <= 0)
        {
            return;
        }

        var marks = new Dictionary<string, int>(pupil.TermMarks, StringComparer.Ordinal);
        var suspended = Math.Min(marks.GetValueOrDefault("E"), possible);
        marks["E"] = suspended;
        var family = person.Family;
        var rate = pupil.BaseAbsence;
        double unauthorisedShare = Math.Clamp(0.25 + (0.12 * (family?.Adversity ?? 0)), 0.05, 0.8);
        if (family is not null)
        {
            if (Carries(family, NeedKind.SchoolDisengagement, person))
            {
                rate += 0.12 + Math.Abs(random.Normal(0, 0.08));
                unauthorisedShare += 0.3;
            }

            if (Carries(family, NeedKind.Exploitation, person))
            {
                rate += 0.15;
                unauthorisedShare += 0.2;
            }

            if (Carries(family, NeedKind.MentalHealth, person))
            {
                rate += 0.08;
            }

            rate += family.HasActiveNeed(NeedKind.DomesticAbuse) ? 0.03 : 0;
            rate += family.HasActiveNeed(NeedKind.Neglect) ? 0.06 : 0;
            rate += family.HasActiveNeed(NeedKind.HousingInsecurity) ? 0.03 : 0;
            rate += family.HasActiveNeed(NeedKind.SubstanceMisuse) ? 0.03 : 0;
            rate += family.HasActiveNeed(NeedKind.MentalHealth) && !Carries(family, NeedKind.MentalHealth, person) ? 0.02 : 0;
        }

        rate = Math.Clamp(rate + (random.Normal() * 0.01), 0, 0.95);
        unauthorisedShare = Math.Clamp(unauthorisedShare, 0.05, 0.9);
        var available = possible - suspended;
        var partTime = pupil.PartTimeTimetable ? (int)(available * random.Next(25, 60) / 100.0) : 0;
        available -= partTime;
        var absent = Math.Clamp((int)Math.Round((available * rate) + (random.Normal() * Math.Sqrt(Math.Max(1, available * rate * (1 - rate))))), 0, available);
        var unauthorised = (int)Math.Round(absent * unauthorisedShare);
        var authorised = absent - unauthorised;

        int Share(ref int pool, double share)
        {
            var n = Math.Min(pool, (int)Math.Round(pool * share));
            pool -= n;
            return n;
        }

        var a = authorised;
        var medical = Share(ref a, 0.12);
        var religious = person.Tradition.Id is "british" ? 0 : Share(ref a, 0.04);
        var other = Share(ref a, 0.08);
        var interview = term.Code == "SUM" ? Share(ref a, 0.01) : 0;
        var illness = a;
        var u = unauthorised;
        var holiday = Share(ref u, term.Code == "AUT" ? 0.12 : 0.22);
        var noReason = Share(ref u, 0.2);
        var lateAfter = Share(ref u, 0.12);
        var otherUnauthorised = u;
        var present = available - absent;
        var late = (int)(present * Math.Min(0.2, 0.01 + (rate * 0.2)));
        var trips = random.Chance(0.3) ? Math.Min(present - late, random.Next(1, 4)) : 0;
        var presentMarks = present - late - trips;

        var record = _mis.Identify(person, until);
        _attendance.Write(
            [term.AcademicYearLabel, term.Code, school.LaEstab, pupil.AdmissionNumber, record.Upn, LegalSurname(person, record), record.Forename, record.BirthDate, from, to,
             possible, presentMarks, late, 0, 0, 0, trips, 0, other, 0, partTime, suspended, illness, medical, interview, religious, 0, 0, holiday, noReason, otherUnauthorised, lateAfter],
            ("pupil", person));
    }

    private void WriteCensus(SchoolTerm term)
    {
        var date = term.CensusDate;
        foreach (var person in City.People)
        {
            var pupil = person.Pupil;
            if (pupil?.School is not { } school || !person.IsAliveOn(date) || pupil.EntryDate > date)
            {
                continue;
            }

            var record = _mis.Identify(person, date);
            var address = record.AddressOn(date);
            var year = SchoolCalendar.NationalCurriculumYear(person.BirthDate, term.AcademicYear);
            var preferredForename = person.KnownAs > 0 ? person.KnownAsForename : null;
            var preferredSurname = person.PreviousSurname is not null && person.SurnameChangedOn is not null && person.AgeOn(person.SurnameChangedOn.Value) < 16 ? record.Surname : null;
            var ethnicity = record.Random.Chance(0.03) ? (record.Random.Chance(0.5) ? "REFU" : "NOBT") : person.Ethnicity;
            _census.Write(
                [date, school.LaEstab, school.Name, pupil.AdmissionNumber, record.Upn, null, LegalSurname(person, record), record.Forename, record.MiddleNames,
                 preferredSurname, preferredForename, record.BirthDate, person.Sex == Sex.Male ? "M" : "F", ethnicity, person.Language,
                 YearLabel(year ?? 0), "C", pupil.EntryDate, pupil.FsmEligibleOn(date) ? "true" : "false",
                 pupil.Sen switch { SenProvision.EhcPlan => "E", SenProvision.SenSupport => "K", _ => "N" }, pupil.SenType,
                 address?.Line1, address?.Locality.Name, address?.Street.Town, record.PostcodeOn(date),
                 address is { OutOfArea: false } && school.Id % 2 == 0 ? address.Uprn.ToString(CultureInfo.InvariantCulture) : null],
                ("pupil", person));
        }
    }

    private void WriteContacts()
    {
        var date = City.End.AddDays(-1);
        var contactsFeed = Sim.Tabular(ContactsFeed);
        var nextContactId = 100_000;
        foreach (var person in City.People)
        {
            if (person.Pupil?.School is not { } school || !person.IsAliveOn(date))
            {
                continue;
            }

            var pupilRecord = _mis.Identify(person, date);
            var priority = 0;
            foreach (var (contact, relationship, parentalResponsibility) in ContactsOf(person, date))
            {
                var record = _contactsSystem.Identify(contact, date);
                var random = record.Random;
                var address = record.AddressOn(date);
                var contactId = (nextContactId++).ToString(CultureInfo.InvariantCulture);
                var title = contact.Sex == Sex.Male ? "Mr" : contact.PreviousSurname is not null ? "Mrs" : random.Chance(0.5) ? "Ms" : "Miss";
                contactsFeed.Write(
                    [school.LaEstab, person.Pupil.AdmissionNumber, pupilRecord.Upn, LegalSurname(person, pupilRecord), pupilRecord.Forename, contactId, title,
                     record.Forename, record.Surname, relationship, parentalResponsibility ? "Y" : "N", ++priority,
                     contact.Household == person.Household && contact.Household is not null ? "Y" : "N",
                     random.Chance(0.25) ? IdentifierAllocator.Landline(random) : null, contact.Mobile, contact.Email,
                     address?.Line1, address?.Street.Town, record.PostcodeOn(date)],
                    ("pupil", person),
                    ("contact", contact));
            }
        }
    }

    /// <summary>The adults a school holds as a pupil's contacts, in priority order.</summary>
    private static IEnumerable<(Person Contact, string Relationship, bool ParentalResponsibility)> ContactsOf(Person child, DateOnly date)
    {
        var seen = new HashSet<Person>();
        var home = child.Household;
        if (child.Care?.InCare == true && home is not null && home.Kind == UnitKind.FosterCarers)
        {
            foreach (var carer in home.Members.Where(m => m.IsAliveOn(date) && m.AgeOn(date) >= 18))
            {
                if (seen.Add(carer))
                {
                    yield return (carer, "Foster carer", false);
                }
            }
        }

        if (child.Mother is { } mother && mother.IsAliveOn(date) && mother.Home is { OutOfArea: false } && seen.Add(mother))
        {
            yield return (mother, "Mother", true);
        }

        if (child.Father is { } father && father.IsAliveOn(date) && father.Home is { OutOfArea: false } && seen.Add(father))
        {
            yield return (father, "Father", true);
        }

        if (home is not null)
        {
            foreach (var adult in home.Members.Where(m => m.IsAliveOn(date) && m.AgeOn(date) >= 18 && m.Household == home))
            {
                if (!seen.Add(adult))
                {
                    continue;
                }

                var relationship = adult.Role switch
                {
                    MemberRole.StepParent => adult.Sex == Sex.Male ? "Step-father" : "Step-mother",
                    MemberRole.Grandparent => adult.Sex == Sex.Male ? "Grandfather" : "Grandmother",
                    MemberRole.AdultChild => adult.Sex == Sex.Male ? "Brother" : "Sister",
                    MemberRole.FosterCarer => "Foster carer",
                    _ => "Other relative",
                };
                yield return (adult, relationship, false);
            }
        }

        foreach (var grandparent in new[] { child.Mother?.Mother, child.Mother?.Father, child.Father?.Mother, child.Father?.Father })
        {
            if (grandparent is not null && grandparent.IsAliveOn(date) && grandparent.Home is { OutOfArea: false } && seen.Count < 4 && seen.Add(grandparent))
            {
                yield return (grandparent, grandparent.Sex == Sex.Male ? "Grandfather" : "Grandmother", false);
            }
        }
    }

    /// <summary>The legal surname the school records: the birth surname for a child who goes by a step-parent's.</summary>
    private static string LegalSurname(Person person, SourceRecord record) =>
        person.PreviousSurname is not null && person.SurnameChangedOn is not null && person.AgeOn(person.SurnameChangedOn.Value) < 16 && record.Surname == person.Surname
            ? person.PreviousSurname
            : record.Surname;

    private static bool Carries(Unit family, NeedKind kind, Person person) =>
        family.Needs[(int)kind] is { Active: true } need && need.Carrier == person;

    public static string YearLabel(int year) => year == 0 ? "R" : year.ToString(CultureInfo.InvariantCulture);
}
