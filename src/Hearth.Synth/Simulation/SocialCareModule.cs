using System.Globalization;
using System.Xml;
using Hearth.Synth.Feeds;
using Hearth.Synth.Noise;
using Hearth.Synth.Randomness;
using Hearth.Synth.World;

namespace Hearth.Synth.Simulation;

/// <summary>
/// Children's social care: referrals from police, schools, health and early help; assessments with their factors;
/// children in need plans, section 47 enquiries and child protection plans; and children looked after, with their
/// placements (foster carers in and out of the city, relatives, children's homes) and how their care ends.
/// </summary>
public sealed class SocialCareModule(Sim sim) : Module(sim)
{
    public static readonly FeedDescriptor CinFeed = new()
    {
        Name = "cin_census",
        System = "Children's social care case management system (CIN census extract with local details)",
        Description = "Every child referred to children's social care in the window, in the shape of the DfE children in need census, with the names, address and family members the case management system holds.",
        Format = FeedFormat.Xml,
        File = "cin_census.xml",
        Encoding = "utf-8",
        RecordPath = "/Message/Children/Child",
        Key = ["ChildIdentifiers/LAchildID"],
        Entities = ["person", "address", "relationship:family_member", "event:cin_referral", "event:assessment", "event:cin_plan", "event:section47", "event:child_protection_plan"],
        Identifiers = "LA child id for every child and family member; UPN for about seven in ten school-age children (UN codes otherwise); NHS number for about six in ten; NI number for some adults.",
        NoiseMultiplier = 1.0,
    };

    public static readonly FeedDescriptor ClaFeed = new()
    {
        Name = "cla_episodes",
        System = "Children's social care case management system (looked-after children episodes, SSDA903 shape)",
        Description = "One row per episode of care: legal status, placement and how it ended, as in the SSDA903 return, with the child's names.",
        Format = FeedFormat.Csv,
        File = "cla_episodes.csv",
        Encoding = "windows-1252",
        Delimiter = ",",
        DateFormat = "dd/MM/yyyy",
        Columns =
        [
            new("CHILD", ColumnKind.Identifier), new("UPN", ColumnKind.Identifier), new("SURNAME", ColumnKind.Name), new("FORENAMES", ColumnKind.Name),
            new("SEX", ColumnKind.Code), new("DOB", ColumnKind.Date), new("ETHNIC", ColumnKind.Code), new("DECOM", ColumnKind.Date),
            new("RNE", ColumnKind.Code), new("LS", ColumnKind.Code), new("CIN", ColumnKind.Code), new("PLACE", ColumnKind.Code),
            new("PLACE_PROVIDER", ColumnKind.Code), new("DEC", ColumnKind.Date), new("REC", ColumnKind.Code), new("HOME_POST", ColumnKind.Postcode), new("PL_POST", ColumnKind.Postcode),
        ],
        Key = ["CHILD", "DECOM"],
        Entities = ["person", "event:looked_after_episode"],
        Identifiers = "The same LA child id as the CIN extract; UPN for most school-age children. Old system: Windows-1252, so some accents are lost.",
        NoiseMultiplier = 1.0,
    };

    private static readonly string[] Closures = ["RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9"];

    private readonly List<CinChild> _children = [];
    private readonly Dictionary<int, CinChild> _byPerson = [];
    private readonly List<ClaEpisode> _episodes = [];
    private readonly Dictionary<int, ClaEpisode> _openEpisodes = [];
    private readonly List<Unit> _fosterCarers = [];
    private readonly Dictionary<Property, Unit> _childrensHomes = [];
    private SourceSystem _lcs = null!;

    public override void Initialise()
    {
        _lcs = Sim.System("lcs", "", 7, new IdentifierCoverage(Nhs: 0.6, Upn: 0.7, Nino: 0.3), CinFeed.NoiseMultiplier, recordsKnownAsName: true);
        var random = City.Stream("social-care-initial");

        // Foster carers: couples without young children, in the calmer half of the city.
        var fosterTarget = Math.Max(4, City.Options.People / 1800);
        foreach (var unit in City.Units)
        {
            if (_fosterCarers.Count >= fosterTarget)
            {
                break;
            }

            if (unit.Kind is UnitKind.Couple && unit.Adversity < -0.2 && unit.Property is not null && unit.Members.All(m => m.AgeOn(City.Start) is >= 35 and <= 66) && random.Chance(0.2))
            {
                unit.Kind = UnitKind.FosterCarers;
                foreach (var carer in unit.Members)
                {
                    carer.Role = MemberRole.FosterCarer;
                }

                _fosterCarers.Add(unit);
            }
        }

        foreach (var home in City.ChildrensHomes)
        {
            var unit = City.NewUnit(UnitKind.ChildrensHome, 0);
            unit.Property = home;
            unit.Tenure = Tenure.Institutional;
            home.Occupant = unit;
            _childrensHomes[home] = unit;
        }

        // Children already looked after at the start: about 70 in every 10,000, mostly from families facing the most.
        var children = City.People.Where(p => p.IsAliveOn(City.Start) && p.AgeOn(City.Start) < 18 && p.Household is not null && p.Family is not null).ToList();
        var target = (int)Math.Round(children.Count * 0.007);
        var weighted = children.Select(c => (Child: c, Key: random.NextDouble() / Math.Exp(1.6 * c.Family!.Adversity))).OrderBy(x => x.Key).Take(target).Select(x => x.Child).ToList();
        foreach (var child in weighted)
        {
            var family = child.Family!;
            if (!family.HasActiveNeed(NeedKind.Neglect) && !family.HasActiveNeed(NeedKind.SubstanceMisuse))
            {
                Modules.Needs.Start(family, random.Chance(0.6) ? NeedKind.Neglect : NeedKind.SubstanceMisuse, family.Adults(City.Start).FirstOrDefault() ?? child, City.Start.AddDays(-random.Next(400, 2000)));
            }

            var since = City.Start.AddDays(-random.Next(60, Math.Max(90, Math.Min(2500, child.AgeOn(City.Start) * 365))));
            if (since < child.BirthDate)
            {
                since = child.BirthDate.AddDays(random.Next(1, 60));
            }

            TakeIntoCare(child, since, random, orphaned: false);
        }
    }

    public override void Step(Month month)
    {
        var random = Random(month);
        Referrals(month, random);
        foreach (var child in _children)
        {
            foreach (var episode in child.Episodes)
            {
                if (episode.ClosureDate is null)
                {
                    Progress(child, episode, month, random);
                }
            }
        }

        Care(month, random);

        foreach (var unit in City.Units)
        {
            unit.Services.SupportedNow = false;
        }

        foreach (var child in _children)
        {
            if (child.Person.Family is { } family && child.Episodes.Any(e => e.ClosureDate is null && e.Stage is Stage.CinPlan or Stage.CpPlan))
            {
                family.Services.SupportedNow = true;
            }
        }
    }

    /// <summary>A referral about a child, from the given source (CIN census referral source code).</summary>
    public void Refer(Person child, DateOnly date, string source, SynthRandom random)
    {
        if (!child.IsAliveOn(date) || child.AgeOn(date) >= 18 || child.Home is null || child.Home.OutOfArea)
        {
            return;
        }

        var record = Record(child, date);
        if (record.Episodes.Any(e => e.ClosureDate is null))
        {
            return;
        }

        var family = child.Family;
        var primaryNeed = family is null ? "N0" : PrimaryNeed(family, child, random);
        record.Episodes.Add(new CinEpisode { ReferralDate = date, Source = source, PrimaryNeed = primaryNeed, Stage = Stage.Referral, NextStep = date.AddDays(random.Next(0, 10)) });
    }

    /// <summary>Starts a period of care for the child, in a placement that suits their age and family.</summary>
    public void TakeIntoCare(Person child, DateOnly date, SynthRandom random, bool orphaned)
    {
        if (child.Care?.InCare == true || !child.IsAliveOn(date))
        {
            return;
        }

        child.Care ??= new CareState();
        child.Care.InCare = true;
        child.Care.Episodes++;
        child.Care.EpisodeStart = date;
        var age = child.AgeOn(date);
        var legalStatus = orphaned ? "V2" : age >= 13 && random.Chance(0.5) ? "V2" : random.Next(10) switch
        {
            < 5 => "C2",
            < 6 => "C1",
            < 7 => "L1",
            < 8 => "L2",
            _ => "V2",
        };
        var need = orphaned ? "N8" : child.Family?.HasActiveNeed(NeedKind.Neglect) == true ? "N1" : random.Chance(0.6) ? "N1" : random.Chance(0.5) ? "N4" : "N5";
        Record(child, date);
        Place(child, date, random, rne: "S", legalStatus, need);
    }

    public override void Finish()
    {
        WriteCin();
        WriteCla();
    }

    private void Referrals(Month month, SynthRandom random)
    {
        foreach (var unit in City.Units)
        {
            if (unit.Property is null || unit.Departed || !unit.EverFamily)
            {
                continue;
            }

            var hazard = 0.0014 * Math.Exp(0.6 * unit.Adversity);
            var source = random.Chance(0.4) ? "2A" : random.Chance(0.5) ? "3A" : "1A";
            if (unit.HasActiveNeed(NeedKind.Neglect))
            {
                hazard += 0.03;
                source = random.Chance(0.5) ? "2A" : "3B";
            }

            if (unit.HasActiveNeed(NeedKind.Exploitation))
            {
                hazard += 0.03;
                source = random.Chance(0.5) ? "6" : "2A";
            }

            hazard += unit.HasActiveNeed(NeedKind.SubstanceMisuse) ? 0.006 : 0;
            hazard += unit.HasActiveNeed(NeedKind.MentalHealth) ? 0.003 : 0;
            hazard += unit.HasActiveNeed(NeedKind.ParentalConflict) ? 0.002 : 0;
            hazard += unit.HasActiveNeed(NeedKind.Offending) ? 0.003 : 0;
            if (!random.Chance(hazard))
            {
                continue;
            }

            var date = month.Day(random);
            var exploitation = unit.Needs[(int)NeedKind.Exploitation];
            var children = exploitation.Active && exploitation.Carrier is not null
                ? [exploitation.Carrier]
                : unit.Children(date).Where(c => c.Household == unit).ToList();
            if (random.Chance(0.06))
            {
                source = random.Chance(0.5) ? "9" : random.Chance(0.5) ? "4" : "8";
            }

            foreach (var child in children)
            {
                Refer(child, date, source, random);
            }
        }
    }

    private void Progress(CinChild child, CinEpisode episode, Month month, SynthRandom random)
    {
        var person = child.Person;
        var family = person.Family;
        while (episode.ClosureDate is null && episode.NextStep < month.End)
        {
            var today = episode.NextStep;
            switch (episode.Stage)
            {
                case Stage.Referral:
                    var needs = family?.ActiveNeedCount ?? 0;
                    if (random.Chance(needs == 0 ? 0.45 : 0.18))
                    {
                        episode.ReferralNfa = true;
                        Close(episode, today.AddDays(random.Next(0, 5)), "RC8");
                        break;
                    }

                    episode.Assessments.Add(new Assessment { Start = today });
                    episode.Stage = Stage.Assessment;
                    // Most assessments finish within the 45 working days (about 63 calendar days) the guidance allows.
                    episode.NextStep = today.AddDays(random.Chance(0.85) ? random.Next(14, 63) : random.Next(63, 110));
                    break;

                case Stage.Assessment:
                    var assessment = episode.Assessments[^1];
                    assessment.Authorised = today;
                    assessment.Factors.AddRange(Factors(family, person, random));
                    var severity = Severity(family, person) + random.Normal(0, 1.2);
                    if (severity < 1.2)
                    {
                        Close(episode, today, random.Chance(0.65) ? "RC8" : "RC9");
                        if (episode.Closure == "RC9" && family is not null)
                        {
                            Modules.EarlyHelp.StepDown(family, today, random);
                        }
                    }
                    else if (severity < 3.5)
                    {
                        StartCinPlan(episode, today, random);
                    }
                    else
                    {
                        episode.Section47s.Add(new Section47 { Start = today, Target = today.AddDays(21) });
                        episode.Stage = Stage.Section47;
                        episode.NextStep = today.AddDays(random.Next(10, 28));
                    }

                    break;

                case Stage.Section47:
                    var s47 = episode.Section47s[^1];
                    if (random.Chance(0.7))
                    {
                        s47.ConferenceDate = today;
                        episode.InitialConference ??= today;
                        var category = family?.HasActiveNeed(NeedKind.Neglect) == true ? "NEG"
                            : family?.HasActiveNeed(NeedKind.DomesticAbuse) == true ? "EMO"
                            : random.Chance(0.6) ? "PHY" : random.Chance(0.5) ? "SAB" : "EMO";
                        var previous = child.Episodes.Sum(e => e.ProtectionPlans.Count);
                        episode.ProtectionPlans.Add(new ProtectionPlan { Start = today, InitialCategory = category, LatestCategory = category, Previous = previous });
                        episode.Stage = Stage.CpPlan;
                        episode.NextStep = today.AddMonths(3);
                    }
                    else
                    {
                        s47.ConferenceNotRequired = true;
                        StartCinPlan(episode, today, random);
                    }

                    break;

                case Stage.CinPlan:
                    var plan = episode.CinPlans[^1];
                    if (today >= plan.PlannedEnd || family is null || family.ActiveNeedCount == 0)
                    {
                        plan.End = today;
                        Close(episode, today, random.Chance(0.6) ? "RC7" : "RC9");
                        if (episode.Closure == "RC9" && family is not null)
                        {
                            Modules.EarlyHelp.StepDown(family, today, random);
                        }
                    }
                    else
                    {
                        episode.NextStep = today.AddMonths(1);
                    }

                    break;

                case Stage.CpPlan:
                    var cp = episode.ProtectionPlans[^1];
                    cp.Reviews.Add(today);
                    var stillSevere = Severity(family, person) + random.Normal(0, 1) > 3;
                    if (family is not null && stillSevere && person.Care?.InCare != true && random.Chance(0.08))
                    {
                        TakeIntoCare(person, today, random, orphaned: false);
                    }

                    if (!stillSevere || cp.Reviews.Count >= 4 || random.Chance(0.15))
                    {
                        cp.End = today;
                        StartCinPlan(episode, today, random);
                    }
                    else
                    {
                        if (family?.HasActiveNeed(NeedKind.Neglect) == true && cp.LatestCategory != "NEG" && random.Chance(0.3))
                        {
                            cp.LatestCategory = "NEG";
                        }

                        episode.NextStep = today.AddMonths(6);
                    }

                    break;
            }

            if (!person.IsAliveOn(today))
            {
                Close(episode, person.DeathDate!.Value, "RC2");
            }
            else if (person.AgeOn(today) >= 18)
            {
                Close(episode, today, "RC6");
            }
            else if (person.Home is { OutOfArea: true } && person.Care?.InCare != true)
            {
                Close(episode, today, "RC5");
            }
        }
    }

    private static void StartCinPlan(CinEpisode episode, DateOnly today, SynthRandom random)
    {
        episode.CinPlans.Add(new CinPlan { Start = today, PlannedEnd = today.AddMonths(random.Next(3, 13)) });
        episode.Stage = Stage.CinPlan;
        episode.NextStep = today.AddMonths(1);
    }

    private static void Close(CinEpisode episode, DateOnly date, string reason)
    {
        if (episode.ClosureDate is not null)
        {
            return;
        }

        episode.ClosureDate = date < episode.ReferralDate ? episode.ReferralDate : date;
        episode.Closure = Array.IndexOf(Closures, reason) >= 0 ? reason : "RC7";
        episode.Stage = Stage.Closed;
        foreach (var plan in episode.CinPlans.Where(p => p.End is null))
        {
            plan.End = episode.ClosureDate;
        }

        foreach (var plan in episode.ProtectionPlans.Where(p => p.End is null))
        {
            plan.End = episode.ClosureDate;
        }
    }

    private void Care(Month month, SynthRandom random)
    {
        foreach (var child in _children)
        {
            var person = child.Person;
            if (person.Care?.InCare != true)
            {
                continue;
            }

            if (!person.IsAliveOn(month.Start))
            {
                EndCare(person, person.DeathDate!.Value, "E2", random);
                continue;
            }

            var date = month.Day(random);
            var age = person.AgeOn(date);
            var family = person.Family;
            if (age >= 18)
            {
                EndCare(person, person.BirthDate.AddYears(18), random.Chance(0.5) ? "E5" : "E6", random);
                continue;
            }

            var familyBetter = family is not null && family.Property is not null && !family.Departed && !family.HasActiveNeed(NeedKind.Neglect) && !family.HasActiveNeed(NeedKind.SubstanceMisuse);
            if (familyBetter && random.Chance(0.05))
            {
                EndCare(person, date, random.Chance(0.8) ? "E4A" : "E4B", random);
                continue;
            }

            if (age < 4 && random.Chance(0.012))
            {
                EndCare(person, date, "E11", random);
                continue;
            }

            if (random.Chance(0.003))
            {
                EndCare(person, date, "E45", random);
                continue;
            }

            if (random.Chance(age >= 13 ? 0.035 : 0.015))
            {
                // A placement move: the episode ends and a new one starts the same day.
                Close(person, date, "X1");
                Place(person, date, random, rne: "P", person.Care.LegalStatus, LastNeedCode(person));
            }
        }
    }

    private string LastNeedCode(Person person) => _episodes.LastOrDefault(e => e.Child == person)?.Need ?? "N1";

    private void Place(Person child, DateOnly date, SynthRandom random, string rne, string legalStatus, string need)
    {
        var age = child.AgeOn(date);
        var family = child.Family;
        var grandparents = new[] { child.Mother?.Mother, child.Mother?.Father, child.Father?.Mother, child.Father?.Father }
            .FirstOrDefault(g => g is not null && g.IsAliveOn(date) && g.Household is { Property: not null, Departed: false } && g.AgeOn(date) < 80);

        Unit? carers = null;
        Property address;
        string placement;
        string provider;
        if (grandparents is not null && rne == "S" && random.Chance(0.35))
        {
            carers = grandparents.Household!;
            address = carers.Property!;
            placement = "U1";
            provider = "PR1";
        }
        else if (age >= 13 && random.Chance(0.2) && _childrensHomes.Count > 0)
        {
            var home = _childrensHomes.Keys.ElementAt(random.Next(_childrensHomes.Count));
            carers = _childrensHomes[home];
            address = home;
            placement = "K2";
            provider = random.Chance(0.5) ? "PR1" : "PR4";
        }
        else if (age >= 16 && random.Chance(0.25))
        {
            address = City.OutOfArea[random.Next(City.OutOfArea.Count)];
            placement = "H5";
            provider = "PR4";
        }
        else if (random.Chance(0.25))
        {
            address = City.OutOfArea[random.Next(City.OutOfArea.Count)];
            placement = random.Chance(0.5) ? "U4" : "U6";
            provider = "PR4";
        }
        else
        {
            carers = FosterCarers(date, random);
            address = carers.Property!;
            placement = random.Chance(0.6) ? "U4" : "U5";
            provider = "PR1";
        }

        if (child.Household is { } old && old != family)
        {
            old.Lodgers.Remove(child);
        }

        if (carers is not null)
        {
            carers.Lodgers.Add(child);
            City.Truth.Reside(child, carers, address, date);
        }
        else
        {
            City.Truth.ResideElsewhere(child, address, date);
        }

        City.Truth.Placements.Add(new Truth.Placement(child, carers, address, placement, date));
        child.Care!.LegalStatus = legalStatus;
        child.Care.Placement = placement;
        child.Care.PlacementAddress = address;
        child.Care.Carers = carers;

        var episode = new ClaEpisode
        {
            Child = child,
            Start = date,
            ReasonNewEpisode = rne,
            LegalStatus = legalStatus,
            Need = need,
            Placement = placement,
            Provider = provider,
            HomePostcode = family?.Property?.Postcode,
            PlacementPostcode = address.Postcode,
        };
        _episodes.Add(episode);
        _openEpisodes[child.Id] = episode;
    }

    private void Close(Person child, DateOnly date, string reason)
    {
        if (_openEpisodes.Remove(child.Id, out var episode))
        {
            episode.End = date < episode.Start ? episode.Start : date;
            episode.ReasonEnded = reason;
            var placement = City.Truth.Placements.LastOrDefault(p => p.Child == child && p.To is null);
            if (placement is not null)
            {
                placement.To = episode.End;
            }
        }
    }

    private void EndCare(Person child, DateOnly date, string reason, SynthRandom random)
    {
        Close(child, date, reason);
        child.Care!.InCare = false;
        child.Household?.Lodgers.Remove(child);
        if (!child.IsAliveOn(date))
        {
            return;
        }

        var family = child.Family;
        if (reason is "E4A" or "E4B" && family?.Property is not null && !family.Departed)
        {
            City.Truth.Reside(child, family, family.Property, date);
        }
        else if (reason is "E45" && child.Care.Carers is { Property: not null } kin && kin.Kind != UnitKind.ChildrensHome)
        {
            // A special guardianship order: the child stays with the carers, now as family.
            Modules.Demography.Relocate(child, kin, MemberRole.Child, date);
        }
        else if (reason is "E11")
        {
            // Adopted: the child joins a new family outside the city's records.
            City.Truth.LeaveFamily(child, date);
            City.Truth.ResideElsewhere(child, City.OutOfArea[random.Next(City.OutOfArea.Count)], date);
        }
        else if (child.AgeOn(date) >= 18)
        {
            Modules.Demography.LeaveForOwnHome(child, date, random, (family?.Adversity ?? 0) + 0.5);
        }
        else if (family?.Property is not null && !family.Departed)
        {
            City.Truth.Reside(child, family, family.Property, date);
        }
    }

    private Unit FosterCarers(DateOnly date, SynthRandom random)
    {
        var available = _fosterCarers.Where(u => u.Property is not null && u.Lodgers.Count(l => l.Care?.InCare == true) < 3 && u.Adults(date).Any()).ToList();
        if (available.Count > 0)
        {
            return available[random.Next(available.Count)];
        }

        // Recruit more carers from settled couples in the city.
        var recruit = City.Units.FirstOrDefault(u => u.Kind == UnitKind.Couple && u.Property is not null && !u.Departed && u.Adversity < 0.3 && u.Members.Count == 2 && u.Members.All(m => m.IsAliveOn(date) && m.AgeOn(date) is >= 30 and <= 66));
        if (recruit is null)
        {
            return _fosterCarers.Where(u => u.Property is not null).ToList() is { Count: > 0 } any ? any[random.Next(any.Count)] : throw new InvalidOperationException("No foster carers are available.");
        }

        recruit.Kind = UnitKind.FosterCarers;
        foreach (var carer in recruit.Members)
        {
            carer.Role = MemberRole.FosterCarer;
        }

        _fosterCarers.Add(recruit);
        return recruit;
    }

    private CinChild Record(Person person, DateOnly date)
    {
        if (!_byPerson.TryGetValue(person.Id, out var child))
        {
            child = new CinChild { Person = person, Record = _lcs.Identify(person, date), FirstSeen = date };
            _children.Add(child);
            _byPerson[person.Id] = child;
        }

        return child;
    }

    private static string PrimaryNeed(Unit family, Person child, SynthRandom random)
    {
        if (family.HasActiveNeed(NeedKind.Neglect) || family.HasActiveNeed(NeedKind.DomesticAbuse) || family.Needs[(int)NeedKind.Exploitation].Carrier == child)
        {
            return "N1";
        }

        if (child.Pupil?.Sen == SenProvision.EhcPlan && random.Chance(0.5))
        {
            return "N2";
        }

        if (family.HasActiveNeed(NeedKind.MentalHealth) || family.HasActiveNeed(NeedKind.SubstanceMisuse))
        {
            return "N3";
        }

        if (family.HasActiveNeed(NeedKind.ParentalConflict))
        {
            return "N5";
        }

        if (family.Needs[(int)NeedKind.Offending].Carrier == child)
        {
            return "N6";
        }

        if (family.HasActiveNeed(NeedKind.Worklessness) && random.Chance(0.3))
        {
            return "N7";
        }

        return random.Chance(0.5) ? "N4" : "N9";
    }

    private static double Severity(Unit? family, Person child)
    {
        if (family is null)
        {
            return 0;
        }

        double s = 0.5 * family.Adversity;
        s += family.HasActiveNeed(NeedKind.Neglect) ? 3 : 0;
        s += family.HasActiveNeed(NeedKind.DomesticAbuse) ? 2 : 0;
        s += family.Needs[(int)NeedKind.Exploitation].Carrier == child ? 3 : 0;
        s += family.HasActiveNeed(NeedKind.SubstanceMisuse) ? 2 : 0;
        s += family.HasActiveNeed(NeedKind.MentalHealth) ? 1 : 0;
        s += family.HasActiveNeed(NeedKind.ParentalConflict) ? 1 : 0;
        s += family.Needs[(int)NeedKind.Offending].Carrier == child ? 1 : 0;
        return s;
    }

    /// <summary>The factors a social worker records at assessment, from what is really going on (and a little noise).</summary>
    private static IEnumerable<string> Factors(Unit? family, Person child, SynthRandom random)
    {
        var factors = new List<string>();
        if (family is not null)
        {
            void About(NeedKind kind, string code, double chance = 0.85)
            {
                var need = family.Needs[(int)kind];
                if (need.Active && random.Chance(chance))
                {
                    var who = need.Carrier == child ? "A" : need.Carrier is not null && need.Carrier.Household == child.Household ? "B" : "C";
                    factors.Add(code + who);
                }
            }

            About(NeedKind.DomesticAbuse, "3");
            if (family.Needs[(int)NeedKind.SubstanceMisuse].Active)
            {
                About(NeedKind.SubstanceMisuse, random.Chance(0.4) ? "1" : "2");
            }

            About(NeedKind.MentalHealth, "4", 0.7);
            if (family.HasActiveNeed(NeedKind.Neglect) && random.Chance(0.9))
            {
                factors.Add("16A");
            }

            if (family.Needs[(int)NeedKind.Exploitation] is { Active: true } e && e.Carrier == child)
            {
                factors.Add(random.Chance(0.6) ? "24A" : "11A");
                if (random.Chance(0.5))
                {
                    factors.Add("10A");
                }

                if (random.Chance(0.3))
                {
                    factors.Add("13A");
                }
            }

            if (family.Needs[(int)NeedKind.Offending] is { Active: true } o && o.Carrier == child && random.Chance(0.6))
            {
                factors.Add("14A");
            }

            if (family.HasActiveNeed(NeedKind.ParentalConflict) && random.Chance(0.3))
            {
                factors.Add("20");
            }
        }

        if (child.Pupil?.Sen == SenProvision.EhcPlan && random.Chance(0.4))
        {
            factors.Add("5A");
        }

        if (random.Chance(0.03))
        {
            factors.Add(random.Chance(0.5) ? "15A" : "7A");
        }

        if (factors.Count == 0)
        {
            factors.Add(random.Chance(0.6) ? "21" : "20");
        }

        return factors.Distinct(StringComparer.Ordinal);
    }

    private void WriteCin()
    {
        var date = City.End;
        using var feed = Sim.Xml(CinFeed, "Message", writer =>
        {
            writer.WriteStartElement("Header");
            writer.WriteStartElement("CollectionDetails");
            writer.WriteElementString("Collection", "CIN");
            writer.WriteElementString("Year", date.Year.ToString(CultureInfo.InvariantCulture));
            writer.WriteElementString("ReferenceDate", Iso(date.AddDays(-1)));
            writer.WriteEndElement();
            writer.WriteStartElement("Source");
            writer.WriteElementString("SourceLevel", "L");
            writer.WriteElementString("LEA", City.LaCode);
            writer.WriteElementString("SoftwareCode", "Hearth synthetic city");
            writer.WriteElementString("DateTime", Iso(date) + "T00:00:00");
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteStartElement("Children");
        });

        foreach (var child in _children.OrderBy(c => c.Record.LocalId, StringComparer.Ordinal))
        {
            if (child.Episodes.Count == 0)
            {
                continue;
            }

            var person = child.Person;
            var record = child.Record;
            var key = record.LocalId;
            feed.Write(key, w =>
            {
                w.WriteStartElement("Child");
                w.WriteStartElement("ChildIdentifiers");
                feed.Element("LAchildID", record.LocalId);
                feed.Element("UPN", record.Upn);
                if (record.Upn is null)
                {
                    feed.Element("UPNunknown", person.AgeOn(child.FirstSeen) < 5 ? "UN1" : "UN4");
                }

                feed.Element("PersonBirthDate", Iso(record.BirthDate));
                feed.Element("GenderCurrent", person.Sex == Sex.Male ? "1" : "2");
                feed.Element("PersonDeathDate", person.DeathDate is { } death && death < date ? Iso(death) : null);
                w.WriteEndElement();
                w.WriteStartElement("ChildCharacteristics");
                feed.Element("Ethnicity", record.Random.Chance(0.04) ? "NOBT" : person.Ethnicity);
                w.WriteStartElement("Disabilities");
                foreach (var disability in Disabilities(person))
                {
                    feed.Element("Disability", disability);
                }

                w.WriteEndElement();
                w.WriteEndElement();
                foreach (var episode in child.Episodes)
                {
                    WriteEpisode(feed, w, episode);
                }

                WriteLocalDetails(feed, w, child, date);
                w.WriteEndElement();
            });
            feed.About(key, "child", person);
            foreach (var member in child.Members)
            {
                feed.About(key, "member:" + member.Record.LocalId, member.Record.Person);
            }
        }

        feed.Writer.WriteEndElement();
    }

    private static void WriteEpisode(XmlFeed feed, XmlWriter w, CinEpisode episode)
    {
        w.WriteStartElement("CINdetails");
        feed.Element("CINreferralDate", Iso(episode.ReferralDate));
        feed.Element("ReferralSource", episode.Source);
        feed.Element("PrimaryNeedCode", episode.PrimaryNeed);
        feed.Element("CINclosureDate", episode.ClosureDate is { } closed ? Iso(closed) : null);
        feed.Element("ReasonForClosure", episode.Closure);
        feed.Element("DateOfInitialCPC", episode.InitialConference is { } icpc ? Iso(icpc) : null);
        feed.Element("ReferralNFA", episode.ReferralNfa ? "1" : "0");
        foreach (var assessment in episode.Assessments)
        {
            w.WriteStartElement("Assessments");
            feed.Element("AssessmentActualStartDate", Iso(assessment.Start));
            feed.Element("AssessmentAuthorisationDate", assessment.Authorised is { } authorised ? Iso(authorised) : null);
            w.WriteStartElement("FactorsIdentifiedAtAssessment");
            foreach (var factor in assessment.Factors)
            {
                feed.Element("AssessmentFactors", factor);
            }

            w.WriteEndElement();
            w.WriteEndElement();
        }

        foreach (var plan in episode.CinPlans)
        {
            w.WriteStartElement("CINPlanDates");
            feed.Element("CINPlanStartDate", Iso(plan.Start));
            feed.Element("CINPlanEndDate", plan.End is { } end ? Iso(end) : null);
            w.WriteEndElement();
        }

        foreach (var s47 in episode.Section47s)
        {
            w.WriteStartElement("Section47");
            feed.Element("S47ActualStartDate", Iso(s47.Start));
            feed.Element("InitialCPCtarget", Iso(s47.Target));
            feed.Element("DateOfInitialCPC", s47.ConferenceDate is { } conference ? Iso(conference) : null);
            feed.Element("ICPCnotRequired", s47.ConferenceNotRequired ? "true" : "false");
            w.WriteEndElement();
        }

        foreach (var plan in episode.ProtectionPlans)
        {
            w.WriteStartElement("ChildProtectionPlans");
            feed.Element("CPPstartDate", Iso(plan.Start));
            feed.Element("CPPendDate", plan.End is { } end ? Iso(end) : null);
            feed.Element("InitialCategoryOfAbuse", plan.InitialCategory);
            feed.Element("LatestCategoryOfAbuse", plan.LatestCategory);
            feed.Element("NumberOfPreviousCPP", plan.Previous.ToString(CultureInfo.InvariantCulture));
            w.WriteStartElement("Reviews");
            foreach (var review in plan.Reviews)
            {
                feed.Element("CPPreviewDate", Iso(review));
            }

            w.WriteEndElement();
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    /// <summary>The case management system's own details, beyond what the census asks: names, address and family.</summary>
    private void WriteLocalDetails(XmlFeed feed, XmlWriter w, CinChild child, DateOnly date)
    {
        var record = child.Record;
        w.WriteStartElement("LocalDetails");
        w.WriteStartElement("PersonName");
        feed.Element("Forename", feed.Noise.Name(record.Forename, "Forename"));
        feed.Element("MiddleNames", feed.Noise.Name(record.MiddleNames, "MiddleNames"));
        feed.Element("Surname", feed.Noise.Name(record.Surname, "Surname"));
        w.WriteEndElement();
        feed.Element("NHSNumber", record.NhsNumber);
        var address = record.AddressOn(date);
        if (address is not null)
        {
            w.WriteStartElement("Address");
            feed.Element("Line1", feed.Noise.Text(address.Line1, "Line1"));
            feed.Element("Locality", address.Locality.Name);
            feed.Element("Town", address.Street.Town);
            feed.Element("Postcode", record.PostcodeOn(date));
            w.WriteEndElement();
        }

        if (child.Members.Count == 0)
        {
            foreach (var (relative, relationship) in Relatives(child.Person, child.FirstSeen))
            {
                child.Members.Add((_lcs.Identify(relative, child.FirstSeen), relationship));
            }
        }

        w.WriteStartElement("FamilyMembers");
        foreach (var (member, relationship) in child.Members)
        {
            w.WriteStartElement("FamilyMember");
            feed.Element("PersonID", member.LocalId);
            feed.Element("Forename", feed.Noise.Name(member.Forename, "Forename"));
            feed.Element("Surname", feed.Noise.Name(member.Surname, "Surname"));
            feed.Element("PersonBirthDate", member.Random.Chance(0.9) ? Iso(member.BirthDate) : null);
            feed.Element("Gender", member.Person.Sex == Sex.Male ? "1" : "2");
            feed.Element("Relationship", relationship);
            feed.Element("NINumber", member.Nino);
            feed.Element("LivesWithChild", member.Person.Household is not null && member.Person.Household == child.Person.Family ? "true" : "false");
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static IEnumerable<(Person Relative, string Relationship)> Relatives(Person child, DateOnly date)
    {
        var seen = new HashSet<Person> { child };
        if (child.Mother is { } mother && seen.Add(mother))
        {
            yield return (mother, "Mother");
        }

        if (child.Father is { } father && seen.Add(father))
        {
            yield return (father, "Father");
        }

        if (child.Family is { } family)
        {
            foreach (var member in family.Members.Where(m => m.IsAliveOn(date) && m.IsBornBy(date)))
            {
                if (!seen.Add(member))
                {
                    continue;
                }

                var siblings = member.Mother is not null && (member.Mother == child.Mother || member.Father == child.Father);
                var relationship = member.Role switch
                {
                    MemberRole.StepParent => member.Sex == Sex.Male ? "Step-father" : "Step-mother",
                    MemberRole.Grandparent => member.Sex == Sex.Male ? "Grandfather" : "Grandmother",
                    MemberRole.Child or MemberRole.AdultChild => siblings ? (member.Mother == child.Mother && member.Father == child.Father ? "Sibling" : "Half-sibling") : "Step-sibling",
                    MemberRole.Parent => member.Sex == Sex.Male ? "Father" : "Mother",
                    _ => "Other relative",
                };
                yield return (member, relationship);
            }
        }
    }

    private static IEnumerable<string> Disabilities(Person person)
    {
        if (person.Pupil?.Sen != SenProvision.EhcPlan)
        {
            return ["NONE"];
        }

        return person.Pupil.SenType switch
        {
            "ASD" => ["AUT"],
            "SLD" or "PMLD" or "MLD" => ["LD"],
            "SLCN" => ["COMM"],
            "HI" => ["HEAR"],
            "VI" => ["VIS"],
            "PD" => ["MOB"],
            "SEMH" => ["BEH"],
            _ => ["CON"],
        };
    }

    private void WriteCla()
    {
        using var feed = Sim.Tabular(ClaFeed);
        foreach (var episode in _episodes.OrderBy(e => _byPerson[e.Child.Id].Record.LocalId, StringComparer.Ordinal).ThenBy(e => e.Start))
        {
            var record = _byPerson[episode.Child.Id].Record;
            feed.Write(
                [record.LocalId, record.Upn, record.Surname, record.Forenames, episode.Child.Sex == Sex.Male ? "1" : "2", record.BirthDate, episode.Child.Ethnicity,
                 episode.Start, episode.ReasonNewEpisode, episode.LegalStatus, episode.Need, episode.Placement, episode.Provider,
                 episode.End is { } end && end < City.End ? end : null, episode.End is { } e2 && e2 < City.End ? episode.ReasonEnded : null,
                 episode.HomePostcode, episode.PlacementPostcode],
                ("child", episode.Child));
        }
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private enum Stage
    {
        Referral,
        Assessment,
        Section47,
        CinPlan,
        CpPlan,
        Closed,
    }

    private sealed class CinChild
    {
        public required Person Person { get; init; }

        public required SourceRecord Record { get; init; }

        public required DateOnly FirstSeen { get; init; }

        public List<CinEpisode> Episodes { get; } = [];

        public List<(SourceRecord Record, string Relationship)> Members { get; } = [];
    }

    private sealed class CinEpisode
    {
        public required DateOnly ReferralDate { get; init; }

        public required string Source { get; init; }

        public required string PrimaryNeed { get; init; }

        public Stage Stage { get; set; }

        public DateOnly NextStep { get; set; }

        public DateOnly? ClosureDate { get; set; }

        public string? Closure { get; set; }

        public bool ReferralNfa { get; set; }

        public DateOnly? InitialConference { get; set; }

        public List<Assessment> Assessments { get; } = [];

        public List<CinPlan> CinPlans { get; } = [];

        public List<Section47> Section47s { get; } = [];

        public List<ProtectionPlan> ProtectionPlans { get; } = [];
    }

    private sealed class Assessment
    {
        public required DateOnly Start { get; init; }

        public DateOnly? Authorised { get; set; }

        public List<string> Factors { get; } = [];
    }

    private sealed class CinPlan
    {
        public required DateOnly Start { get; init; }

        public required DateOnly PlannedEnd { get; init; }

        public DateOnly? End { get; set; }
    }

    private sealed class Section47
    {
        public required DateOnly Start { get; init; }

        public required DateOnly Target { get; init; }

        public DateOnly? ConferenceDate { get; set; }

        public bool ConferenceNotRequired { get; set; }
    }

    private sealed class ProtectionPlan
    {
        public required DateOnly Start { get; init; }

        public required string InitialCategory { get; init; }

        public required string LatestCategory { get; set; }

        public required int Previous { get; init; }

        public DateOnly? End { get; set; }

        public List<DateOnly> Reviews { get; } = [];
    }

    private sealed class ClaEpisode
    {
        public required Person Child { get; init; }

        public required DateOnly Start { get; init; }

        public required string ReasonNewEpisode { get; init; }

        public required string LegalStatus { get; init; }

        public required string Need { get; init; }

        public required string Placement { get; init; }

        public required string Provider { get; init; }

        public string? HomePostcode { get; init; }

        public string? PlacementPostcode { get; init; }

        public DateOnly? End { get; set; }

        public string? ReasonEnded { get; set; }
    }
}
