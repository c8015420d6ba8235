using System.Globalization;
using Hearth.Synth.Feeds;
using Hearth.Synth.Noise;
using Hearth.Synth.Randomness;
using Hearth.Synth.World;

namespace Hearth.Synth.Simulation;

/// <summary>
/// Council housing and homelessness: tenancies with their members, rent arrears that grow with debt, notices seeking
/// possession and evictions; and homelessness cases with prevention and relief duties, temporary accommodation and a
/// settled home at the end.
/// </summary>
public sealed class HousingModule(Sim sim) : Module(sim)
{
    public static readonly FeedDescriptor TenanciesFeed = new()
    {
        Name = "housing_tenancies",
        System = "Housing management system (council tenancies)",
        Description = "One row per member of every council tenancy in the window, with arrears, notices and how the tenancy ended.",
        Format = FeedFormat.Csv,
        File = "housing_tenancies.csv",
        Encoding = "utf-8",
        Delimiter = ",",
        DateFormat = "yyyy-MM-dd",
        Columns =
        [
            new("TenancyRef", ColumnKind.Identifier), new("PersonRef", ColumnKind.Identifier), new("Role", ColumnKind.Code), new("Title", ColumnKind.Code),
            new("Forename", ColumnKind.Name), new("Surname", ColumnKind.Name), new("DOB", ColumnKind.Date), new("NINO", ColumnKind.Identifier),
            new("UPRN", ColumnKind.Identifier), new("PropertyAddress", ColumnKind.Address), new("Postcode", ColumnKind.Postcode), new("TenancyType", ColumnKind.Code),
            new("TenancyStart", ColumnKind.Date), new("TenancyEnd", ColumnKind.Date), new("EndReason", ColumnKind.Code), new("ArrearsBalance", ColumnKind.Number),
            new("ArrearsAsAt", ColumnKind.Date), new("NSPServed", ColumnKind.Date), new("EvictionDate", ColumnKind.Date),
        ],
        Key = ["TenancyRef", "PersonRef"],
        Entities = ["person", "address", "relationship:tenancy_household", "event:tenancy", "event:rent_arrears", "event:eviction"],
        Identifiers = "Housing person ref; UPRN for every property; NI number for most tenants.",
        NoiseMultiplier = 0.9,
    };

    public static readonly FeedDescriptor HomelessnessFeed = new()
    {
        Name = "homelessness",
        System = "Housing options system (H-CLIC case-level XML)",
        Description = "Homelessness cases: applicant and household, the last settled address, the reason for loss, prevention, relief and main duties, and temporary accommodation.",
        Format = FeedFormat.Xml,
        File = "homelessness.xml",
        Encoding = "utf-8",
        RecordPath = "/HCLIC/Cases/Case",
        Key = ["CaseRef"],
        Entities = ["person", "address", "relationship:applicant_household", "event:homelessness_duty", "event:temporary_accommodation"],
        Identifiers = "A case-level person ref; NI number for about six in ten applicants; UPRN of the last settled address.",
        NoiseMultiplier = 1.0,
    };

    private static readonly string[] LossReasons = ["End of private rented tenancy - assured shorthold", "Family or friends no longer willing or able to accommodate", "Domestic abuse", "Rent arrears", "Eviction from supported housing", "Relationship breakdown (non-violent)"];

    private readonly Dictionary<int, Tenancy> _tenancies = [];
    private readonly List<Tenancy> _allTenancies = [];
    private readonly Dictionary<int, HomelessCase> _openCases = [];
    private readonly List<HomelessCase> _allCases = [];
    private SourceSystem _housing = null!;
    private SourceSystem _options = null!;
    private int _nextTenancy = 1;
    private int _nextCase = 1;

    public override void Initialise()
    {
        _housing = Sim.System("housing", "HP", 7, new IdentifierCoverage(Nino: 0.75), TenanciesFeed.NoiseMultiplier);
        _options = Sim.System("housing_options", "HO", 6, new IdentifierCoverage(Nino: 0.6), HomelessnessFeed.NoiseMultiplier, recordsKnownAsName: true);
        var random = City.Stream("housing-initial");
        foreach (var unit in City.Units)
        {
            if (unit.Tenure == Tenure.SocialRented && unit.Property is not null)
            {
                Start(unit, unit.PropertyFrom, random);
                if (unit.HasActiveNeed(NeedKind.Debt) || unit.HasActiveNeed(NeedKind.HousingInsecurity))
                {
                    _tenancies[unit.Id].Arrears = random.Next(100, 1500);
                }
            }
        }
    }

    public override void Step(Month month)
    {
        var random = Random(month);
        foreach (var unit in City.Units)
        {
            _tenancies.TryGetValue(unit.Id, out var tenancy);
            if (tenancy is not null && (unit.Property != tenancy.Property || unit.Departed))
            {
                End(tenancy, month.Day(random), unit.Departed ? "Moved out of area" : "Moved");
                tenancy = null;
            }

            if (unit.Property is null || unit.Departed)
            {
                continue;
            }

            if (tenancy is null && unit.Tenure == Tenure.SocialRented)
            {
                tenancy = Start(unit, unit.PropertyFrom > City.Start ? unit.PropertyFrom : month.Day(random), random);
            }

            if (tenancy is not null)
            {
                Arrears(unit, tenancy, month, random);
            }

            Homelessness(unit, month, random);
        }
    }

    public override void Finish()
    {
        WriteTenancies();
        WriteCases();
    }

    private Tenancy Start(Unit unit, DateOnly date, SynthRandom random)
    {
        var tenancy = new Tenancy
        {
            Reference = "T" + (_nextTenancy++).ToString("D7", CultureInfo.InvariantCulture),
            Unit = unit,
            Property = unit.Property!,
            Start = date,
            Type = date > City.Start.AddYears(-1) && random.Chance(0.5) ? "Introductory" : "Secure",
        };
        tenancy.Members.AddRange(unit.Residents(date).Where(r => r.Care?.InCare != true));
        _tenancies[unit.Id] = tenancy;
        _allTenancies.Add(tenancy);
        return tenancy;
    }

    private void End(Tenancy tenancy, DateOnly date, string reason)
    {
        tenancy.End = date;
        tenancy.EndReason = reason;
        _tenancies.Remove(tenancy.Unit.Id);
    }

    private void Arrears(Unit unit, Tenancy tenancy, Month month, SynthRandom random)
    {
        foreach (var resident in unit.Residents(month.Start))
        {
            if (!tenancy.Members.Contains(resident) && resident.Care?.InCare != true)
            {
                tenancy.Members.Add(resident);
            }
        }

        if (unit.HasActiveNeed(NeedKind.Debt) || unit.HasActiveNeed(NeedKind.HousingInsecurity))
        {
            tenancy.Arrears += random.Next(120, 450);
        }
        else
        {
            tenancy.Arrears = Math.Max(0, tenancy.Arrears - random.Next(50, 150));
        }

        if (tenancy.NoticeServed is null && tenancy.Arrears > 1200 && random.Chance(0.25))
        {
            tenancy.NoticeServed = month.Day(random);
        }

        if (tenancy.NoticeServed is { } served && served < month.Start.AddMonths(-3) && tenancy.Arrears > 2000 && unit.HasActiveNeed(NeedKind.HousingInsecurity) && random.Chance(0.08))
        {
            var date = month.Day(random);
            tenancy.Eviction = date;
            End(tenancy, date, "Eviction");
            OpenCase(unit, date, "Rent arrears", relief: true, random);
        }
    }

    private void Homelessness(Unit unit, Month month, SynthRandom random)
    {
        if (_openCases.TryGetValue(unit.Id, out var open))
        {
            Progress(open, month, random);
            return;
        }

        var insecure = unit.HasActiveNeed(NeedKind.HousingInsecurity);
        var fleeing = unit.HasActiveNeed(NeedKind.DomesticAbuse) && random.Chance(0.004);
        if ((insecure && random.Chance(0.025)) || fleeing)
        {
            var reason = fleeing ? "Domestic abuse" : unit.Tenure == Tenure.PrivateRented ? LossReasons[0] : LossReasons[random.Next(LossReasons.Length)];
            OpenCase(unit, month.Day(random), reason, relief: fleeing || random.Chance(0.35), random);
        }
    }

    private void OpenCase(Unit unit, DateOnly date, string reason, bool relief, SynthRandom random)
    {
        if (_openCases.ContainsKey(unit.Id) || unit.Property is null)
        {
            return;
        }

        var members = unit.Residents(date).Where(r => r.Care?.InCare != true).ToList();
        var applicant = members.Where(m => m.AgeOn(date) >= 18).OrderBy(m => m.Sex == Sex.Female ? 0 : 1).FirstOrDefault();
        if (applicant is null)
        {
            return;
        }

        var homelessCase = new HomelessCase
        {
            Reference = "HC" + (_nextCase++).ToString("D6", CultureInfo.InvariantCulture),
            Unit = unit,
            Applied = date,
            Applicant = applicant,
            Reason = reason,
            LastSettled = unit.Property,
        };
        homelessCase.Members.AddRange(members.Where(m => m != applicant));
        homelessCase.Duties.Add(new Duty(relief ? "Relief" : "Prevention", date));
        if (relief)
        {
            PlaceInTemporaryAccommodation(homelessCase, date, random);
        }

        _openCases[unit.Id] = homelessCase;
        _allCases.Add(homelessCase);
    }

    private void Progress(HomelessCase homelessCase, Month month, SynthRandom random)
    {
        var duty = homelessCase.Duties[^1];
        if (duty.End is not null || duty.Start > month.Start.AddDays(-28))
        {
            return;
        }

        var date = month.Day(random);
        switch (duty.Type)
        {
            case "Prevention" when random.Chance(0.5):
                duty.End = date;
                duty.Outcome = random.Chance(0.6) ? "Secured existing accommodation" : "Secured alternative accommodation";
                if (duty.Outcome == "Secured alternative accommodation")
                {
                    Settle(homelessCase, date, random);
                }

                Close(homelessCase, date);
                break;
            case "Prevention":
                duty.End = date;
                duty.Outcome = "Homeless - relief duty owed";
                homelessCase.Duties.Add(new Duty("Relief", date));
                PlaceInTemporaryAccommodation(homelessCase, date, random);
                break;
            case "Relief" when duty.Start <= month.Start.AddDays(-56):
                duty.End = date;
                if (random.Chance(0.4))
                {
                    duty.Outcome = "Secured accommodation";
                    Settle(homelessCase, date, random);
                    Close(homelessCase, date);
                }
                else
                {
                    duty.Outcome = "Main duty accepted";
                    homelessCase.Duties.Add(new Duty("Main", date));
                }

                break;
            case "Main" when random.Chance(0.12):
                duty.End = date;
                duty.Outcome = "Accepted an offer of social housing";
                Settle(homelessCase, date, random);
                Close(homelessCase, date);
                break;
        }
    }

    private void PlaceInTemporaryAccommodation(HomelessCase homelessCase, DateOnly date, SynthRandom random)
    {
        var unit = homelessCase.Unit;
        if (City.TemporaryAccommodation.Count == 0 || unit.Property is null)
        {
            return;
        }

        var index = random.Next(City.TemporaryAccommodation.Count);
        var room = City.TemporaryAccommodation[index];
        City.TemporaryAccommodation.RemoveAt(index);
        Modules.Demography.MoveUnit(unit, room, date);
        unit.Tenure = Tenure.TemporaryAccommodation;
        homelessCase.Placements.Add(new TaPlacement(room, date, random.Chance(0.6) ? "Hostel" : "Bed and breakfast"));
    }

    private void Settle(HomelessCase homelessCase, DateOnly date, SynthRandom random)
    {
        var unit = homelessCase.Unit;
        var home = City.TakeVacantHome(City.LocalityFor(unit.Adversity, random), wantsHouse: unit.Children(date).Any(), random);
        if (home is null)
        {
            return;
        }

        if (homelessCase.Placements.LastOrDefault() is { End: null } placement)
        {
            placement.End = date;
        }

        Modules.Demography.MoveUnit(unit, home, date);
        unit.Tenure = Tenure.SocialRented;
        Modules.Needs.End(unit, NeedKind.HousingInsecurity, date);
    }

    private void Close(HomelessCase homelessCase, DateOnly date)
    {
        homelessCase.Closed = date;
        _openCases.Remove(homelessCase.Unit.Id);
    }

    private void WriteTenancies()
    {
        using var feed = Sim.Tabular(TenanciesFeed);
        var asAt = City.End.AddDays(-1);
        foreach (var tenancy in _allTenancies)
        {
            var lead = tenancy.Members.Where(m => m.AgeOn(tenancy.Start) >= 18).OrderBy(m => m.Role is MemberRole.Parent or MemberRole.Adult ? 0 : 1).ThenBy(m => m.Id).FirstOrDefault();
            foreach (var member in tenancy.Members)
            {
                var record = _housing.Identify(member, tenancy.Start > City.Start ? tenancy.Start : City.Start);
                var role = member == lead ? "Lead tenant" : member == lead?.Partner ? "Joint tenant" : "Household member";
                var adult = member.AgeOn(tenancy.Start) >= 18;
                feed.Write(
                    [tenancy.Reference, record.LocalId, role, adult ? (member.Sex == Sex.Male ? "Mr" : member.PreviousSurname is not null ? "Mrs" : "Ms") : null,
                     record.Forename, record.Surname, record.BirthDate, adult ? record.Nino : null, tenancy.Property.Uprn.ToString(CultureInfo.InvariantCulture),
                     tenancy.Property.Line1, tenancy.Property.Postcode, tenancy.Type, tenancy.Start, tenancy.End, tenancy.EndReason,
                     (decimal)tenancy.Arrears, asAt, tenancy.NoticeServed, tenancy.Eviction],
                    ("member", member));
            }
        }
    }

    private void WriteCases()
    {
        using var feed = Sim.Xml(HomelessnessFeed, "HCLIC", w =>
        {
            w.WriteStartElement("Header");
            w.WriteElementString("LocalAuthority", City.LaCode);
            w.WriteElementString("ExtractDate", City.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteEndElement();
            w.WriteStartElement("Cases");
        });
        foreach (var homelessCase in _allCases)
        {
            var key = homelessCase.Reference;
            var applicant = _options.Identify(homelessCase.Applicant, homelessCase.Applied);
            var members = homelessCase.Members.Select(m => (Person: m, Record: _options.Identify(m, homelessCase.Applied))).ToList();
            feed.Write(key, w =>
            {
                w.WriteStartElement("Case");
                feed.Element("CaseRef", key);
                feed.Element("ApplicationDate", Iso(homelessCase.Applied));
                w.WriteStartElement("Applicant");
                feed.Element("PersonRef", applicant.LocalId);
                feed.Element("Forename", feed.Noise.Name(applicant.Forename, "Applicant/Forename"));
                feed.Element("Surname", feed.Noise.Name(applicant.Surname, "Applicant/Surname"));
                feed.Element("DOB", Iso(applicant.BirthDate));
                feed.Element("NINO", applicant.Nino);
                feed.Element("Sex", homelessCase.Applicant.Sex == Sex.Male ? "M" : "F");
                w.WriteEndElement();
                w.WriteStartElement("HouseholdMembers");
                foreach (var (person, record) in members)
                {
                    w.WriteStartElement("Member");
                    feed.Element("PersonRef", record.LocalId);
                    feed.Element("Forename", feed.Noise.Name(record.Forename, "Member/Forename"));
                    feed.Element("Surname", feed.Noise.Name(record.Surname, "Member/Surname"));
                    feed.Element("DOB", Iso(record.BirthDate));
                    feed.Element("Relationship", person.Partner == homelessCase.Applicant ? "Partner" : person.Mother == homelessCase.Applicant || person.Father == homelessCase.Applicant ? "Child" : "Other");
                    w.WriteEndElement();
                }

                w.WriteEndElement();
                w.WriteStartElement("LastSettledAddress");
                feed.Element("Line1", homelessCase.LastSettled.Line1);
                feed.Element("Postcode", homelessCase.LastSettled.Postcode);
                feed.Element("UPRN", homelessCase.LastSettled.Uprn.ToString(CultureInfo.InvariantCulture));
                w.WriteEndElement();
                feed.Element("ReasonForLoss", homelessCase.Reason);
                w.WriteStartElement("Duties");
                foreach (var duty in homelessCase.Duties)
                {
                    w.WriteStartElement("Duty");
                    w.WriteAttributeString("type", duty.Type);
                    w.WriteAttributeString("start", Iso(duty.Start));
                    if (duty.End is { } end)
                    {
                        w.WriteAttributeString("end", Iso(end));
                    }

                    if (duty.Outcome is not null)
                    {
                        w.WriteAttributeString("outcome", duty.Outcome);
                    }

                    w.WriteEndElement();
                }

                w.WriteEndElement();
                w.WriteStartElement("TemporaryAccommodation");
                foreach (var placement in homelessCase.Placements)
                {
                    w.WriteStartElement("Placement");
                    w.WriteAttributeString("type", placement.Type);
                    w.WriteAttributeString("start", Iso(placement.Start));
                    if (placement.End is { } end)
                    {
                        w.WriteAttributeString("end", Iso(end));
                    }

                    w.WriteAttributeString("uprn", placement.Property.Uprn.ToString(CultureInfo.InvariantCulture));
                    w.WriteAttributeString("address", placement.Property.Line1 + ", " + placement.Property.Postcode);
                    w.WriteEndElement();
                }

                w.WriteEndElement();
                feed.Element("CaseClosed", homelessCase.Closed is { } closed ? Iso(closed) : null);
                w.WriteEndElement();
            });
            feed.About(key, "applicant", homelessCase.Applicant);
            foreach (var (person, record) in members)
            {
                feed.About(key, "member:" + record.LocalId, person);
            }
        }

        feed.Writer.WriteEndElement();
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed class Tenancy
    {
        public required string Reference { get; init; }

        public required Unit Unit { get; init; }

        public required Property Property { get; init; }

        public required DateOnly Start { get; init; }

        public required string Type { get; init; }

        public List<Person> Members { get; } = [];

        public int Arrears { get; set; }

        public DateOnly? NoticeServed { get; set; }

        public DateOnly? Eviction { get; set; }

        public DateOnly? End { get; set; }

        public string? EndReason { get; set; }
    }

    private sealed class HomelessCase
    {
        public required string Reference { get; init; }

        public required Unit Unit { get; init; }

        public required DateOnly Applied { get; init; }

        public required Person Applicant { get; init; }

        public required string Reason { get; init; }

        public required Property LastSettled { get; init; }

        public List<Person> Members { get; } = [];

        public List<Duty> Duties { get; } = [];

        public List<TaPlacement> Placements { get; } = [];

        public DateOnly? Closed { get; set; }
    }

    private sealed record Duty(string Type, DateOnly Start)
    {
        public DateOnly? End { get; set; }

        public string? Outcome { get; set; }
    }

    private sealed record TaPlacement(Property Property, DateOnly Start, string Type)
    {
        public DateOnly? End { get; set; }
    }
}
