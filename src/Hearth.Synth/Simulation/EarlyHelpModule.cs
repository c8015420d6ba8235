using System.Globalization;
using System.Text.Json;
using Hearth.Synth.Build;
using Hearth.Synth.Feeds;
using Hearth.Synth.Noise;
using Hearth.Synth.Randomness;
using Hearth.Synth.World;

namespace Hearth.Synth.Simulation;

/// <summary>
/// Early help: a referral, consent, a whole-family assessment naming the family's needs, a plan with SMART actions
/// and a lead practitioner, reviews every six to twelve weeks, sometimes a transfer to a new lead, and a closure with
/// its reason. Support while a plan is open makes the family's needs more likely to end.
/// </summary>
public sealed class EarlyHelpModule(Sim sim) : Module(sim)
{
    public static readonly FeedDescriptor Feed = new()
    {
        Name = "early_help",
        System = "Early help case management module (JSON export)",
        Description = "One JSON object per early help episode, with the family's members as the system holds them, the assessment, plan, reviews and closure.",
        Format = FeedFormat.JsonLines,
        File = "early_help.jsonl",
        Encoding = "utf-8",
        DateFormat = "yyyy-MM-dd",
        RecordPath = "$",
        Key = ["caseId"],
        Entities = ["person", "address", "relationship:family_member", "event:early_help_episode"],
        Identifiers = "An early help person id for each member; NHS number for about three in ten, UPN for half the children, NI number for some adults.",
        NoiseMultiplier = 1.1,
    };

    private static readonly string[] Teams = ["Family Hub North", "Family Hub South", "Family Hub East", "Family Hub West", "Family Hub Central", "Youth Support Service", "Early Years Outreach"];

    private static readonly Dictionary<string, string[]> ActionTemplates = new(StringComparer.Ordinal)
    {
        ["EDU"] = ["Attend a meeting with the school's attendance lead and agree a support plan", "Walk with {child} to school on Mondays and Wednesdays for six weeks", "School to set up a daily check-in with a trusted adult"],
        ["EY"] = ["Take up the two-year-old funded childcare place", "Attend the Stay and Play sessions at the family hub weekly", "Health visitor to repeat the developmental review"],
        ["HLTH"] = ["Book a GP appointment to talk about low mood", "Referral to talking therapies to be completed with support", "School nurse to meet {child} fortnightly"],
        ["SUB"] = ["Attend an appointment with the drug and alcohol service", "Agree a safety plan for the children when drinking", "Complete the harm-reduction programme"],
        ["REL"] = ["Attend the Reducing Parental Conflict programme", "Family to agree house rules together", "Parenting programme: complete eight sessions"],
        ["SAFE"] = ["Complete a safety plan with {child}", "Referral to the exploitation support worker", "Agree a return-home routine and missing-from-home plan"],
        ["CRIME"] = ["Youth worker to meet {child} weekly", "Referral to the youth diversion scheme", "Support to attend the restorative meeting"],
        ["DA"] = ["Referral to the domestic abuse support service", "Agree a safety plan with the IDVA", "Attend the Freedom Programme"],
        ["HOUS"] = ["Contact the housing options team about the notice", "Agree a rent arrears repayment plan", "Complete the housing register application"],
        ["FIN"] = ["Appointment with a debt adviser", "Apply for the council tax reduction", "Meet the work coach about training courses"],
    };

    private readonly List<Episode> _open = [];
    private readonly Dictionary<int, Episode> _byFamily = [];
    private readonly List<string> _practitioners = [];
    private JsonLinesFeed _feed = null!;
    private SourceSystem _ehm = null!;
    private int _nextCase = 100_000;
    private int _nextFamilyRef = 40_000;
    private readonly Dictionary<int, string> _familyRefs = [];

    public override void Initialise()
    {
        _feed = Sim.JsonLines(Feed);
        _ehm = Sim.System("ehm", "EHP", 6, new IdentifierCoverage(Nhs: 0.3, Upn: 0.5, Nino: 0.2), Feed.NoiseMultiplier, recordsKnownAsName: true);
        var random = City.Stream("early-help-staff");
        var british = City.Reference.Traditions[0];
        var staff = Math.Max(6, City.Options.People / 1500);
        for (var i = 0; i < staff; i++)
        {
            var sex = random.Chance(0.8) ? Sex.Female : Sex.Male;
            var tradition = random.Chance(0.75) ? british : City.Reference.TraditionTable.Pick(random);
            var forenames = Naming.Forenames(tradition, sex, 1985, random, out var knownAs);
            _practitioners.Add(forenames[knownAs] + " " + Naming.AdultSurname(tradition, sex, random));
        }
    }

    public override void Step(Month month)
    {
        var random = Random(month);
        foreach (var unit in City.Units)
        {
            if (unit.Property is null || unit.Departed || !unit.EverFamily || _byFamily.ContainsKey(unit.Id) || unit.Services.SupportedNow)
            {
                continue;
            }

            var needs = 0;
            foreach (var kind in NeedKinds.All)
            {
                needs += unit.HasActiveNeed(kind) ? 1 : 0;
            }

            var hazard = (0.0008 + (0.004 * Math.Pow(needs, 1.2))) * Math.Exp(0.3 * unit.Adversity);
            if (random.Chance(hazard) && unit.Children(month.Start).Any())
            {
                Open(unit, month.Day(random), random.Next(6) switch
                {
                    0 => "Health visitor",
                    1 => "GP",
                    2 => "Police",
                    3 => "Self or family",
                    4 => "Housing",
                    _ => "School",
                }, random);
            }
        }

        foreach (var episode in _open.ToList())
        {
            Progress(episode, month, random);
        }
    }

    /// <summary>Social care steps a family down to early help when a case closes with reason RC9.</summary>
    public void StepDown(Unit family, DateOnly date, SynthRandom random)
    {
        if (!_byFamily.ContainsKey(family.Id) && family.Property is not null && !family.Departed && family.Children(date).Any())
        {
            Open(family, date, "Step-down from social care", random);
        }
    }

    public override void Finish()
    {
        foreach (var episode in _open.ToList())
        {
            Write(episode);
        }
    }

    private void Open(Unit family, DateOnly date, string source, SynthRandom random)
    {
        if (!_familyRefs.TryGetValue(family.Id, out var familyRef))
        {
            familyRef = "EHF" + (_nextFamilyRef++).ToString("D6", CultureInfo.InvariantCulture);
            _familyRefs[family.Id] = familyRef;
        }

        var episode = new Episode
        {
            CaseId = "EH" + (_nextCase++).ToString("D6", CultureInfo.InvariantCulture),
            FamilyRef = familyRef,
            Family = family,
            Source = source,
            Referral = date,
            Next = date.AddDays(random.Next(2, 15)),
            Lead = _practitioners[random.Next(_practitioners.Count)],
            Team = Teams[random.Next(Teams.Length)],
        };
        episode.Members.AddRange(MembersOf(family, date));
        family.Services.EarlyHelpEpisodes++;
        _open.Add(episode);
        _byFamily[family.Id] = episode;
    }

    private void Progress(Episode episode, Month month, SynthRandom random)
    {
        var family = episode.Family;
        while (episode.Closed is null && episode.Next < month.End)
        {
            var today = episode.Next;
            if (family.Departed || family.Property is null)
            {
                Close(episode, today, "Moved out of area");
                break;
            }

            switch (episode.Stage)
            {
                case 0:
                    episode.ConsentDate = today;
                    episode.ConsentGiven = random.Chance(0.87);
                    if (!episode.ConsentGiven)
                    {
                        Close(episode, today, "Consent not given");
                        break;
                    }

                    episode.Stage = 1;
                    episode.Next = today.AddDays(random.Next(10, 35));
                    break;
                case 1:
                    episode.AssessmentDate = today;
                    foreach (var kind in NeedKinds.All)
                    {
                        if (family.HasActiveNeed(kind) && random.Chance(0.88))
                        {
                            var headline = NeedKinds.Headline(kind);
                            if (!episode.Needs.Contains(headline))
                            {
                                episode.Needs.Add(headline);
                            }

                            episode.AssessedNeeds.Add(kind);
                        }
                    }

                    if (episode.Needs.Count == 0 || random.Chance(0.1))
                    {
                        var extra = NeedKinds.Headline(NeedKinds.All[random.Next(NeedKinds.Count)]);
                        if (!episode.Needs.Contains(extra))
                        {
                            episode.Needs.Add(extra);
                        }
                    }

                    episode.Stage = 2;
                    episode.Next = today.AddDays(random.Next(7, 22));
                    break;
                case 2:
                    episode.PlanStart = today;
                    var child = family.Children(today).FirstOrDefault();
                    foreach (var need in episode.Needs)
                    {
                        var templates = ActionTemplates[need];
                        var count = random.Next(1, 3);
                        for (var i = 0; i < count; i++)
                        {
                            var text = templates[random.Next(templates.Length)].Replace("{child}", child?.KnownAsForename ?? "the children", StringComparison.Ordinal);
                            episode.Actions.Add((text, random.Chance(0.5) ? "Lead practitioner" : random.Chance(0.5) ? "Parent" : "School", today.AddDays(random.Next(28, 85))));
                        }
                    }

                    episode.Stage = 3;
                    episode.Next = today.AddDays(random.Next(42, 85));
                    break;
                default:
                    var resolved = episode.AssessedNeeds.Count(k => !family.HasActiveNeed(k));
                    var worse = family.HasActiveNeed(NeedKind.Neglect) || family.ActiveNeedCount > episode.AssessedNeeds.Count + 1;
                    var outcome = worse && random.Chance(0.6) ? "Worse" : resolved > 0 ? "Improved" : "No change";
                    episode.Reviews.Add((today, outcome));
                    if (random.Chance(0.07))
                    {
                        var newLead = _practitioners[random.Next(_practitioners.Count)];
                        episode.Transfers.Add((episode.Lead, newLead, today, "Caseload rebalanced; handover visit completed with the family."));
                        episode.Lead = newLead;
                    }

                    var allResolved = episode.AssessedNeeds.Count > 0 && resolved == episode.AssessedNeeds.Count;
                    if (outcome == "Worse" && random.Chance(0.35))
                    {
                        Close(episode, today, "Step up to social care");
                        foreach (var c in family.Children(today).Where(c => c.Household == family))
                        {
                            Modules.SocialCare.Refer(c, today, "5D", random);
                        }
                    }
                    else if (allResolved || (episode.Reviews.Count >= 3 && random.Chance(0.4)) || episode.Reviews.Count >= 6)
                    {
                        Close(episode, today, allResolved || resolved * 2 >= episode.AssessedNeeds.Count ? "Needs met" : "Step down to universal services");
                    }
                    else if (random.Chance(0.05))
                    {
                        Close(episode, today, "Disengaged");
                    }
                    else
                    {
                        episode.Next = today.AddDays(random.Next(42, 85));
                    }

                    break;
            }
        }

        if (episode.Closed is null && episode.Stage == 3)
        {
            family.Services.SupportedNow = true;
            family.Services.SupportedMonths++;
        }
    }

    private void Close(Episode episode, DateOnly date, string reason)
    {
        episode.Closed = date;
        episode.ClosureReason = reason;
        Write(episode);
        _open.Remove(episode);
        _byFamily.Remove(episode.Family.Id);
    }

    private List<(SourceRecord Record, string Role, string Relationship)> MembersOf(Unit family, DateOnly date)
    {
        var members = new List<(SourceRecord, string, string)>();
        var residents = family.Members.Where(m => m.IsAliveOn(date) && m.IsBornBy(date) && (m.Household == family || m.Care?.InCare == true)).ToList();
        var main = residents.Where(m => m.AgeOn(date) >= 18).OrderBy(m => m.Sex == Sex.Female ? 0 : 1).ThenBy(m => m.Role == MemberRole.Parent ? 0 : 1).FirstOrDefault();
        foreach (var member in residents)
        {
            var role = member == main ? "Main carer" : member.AgeOn(date) >= 18 ? "Adult" : "Child";
            var relationship = member == main ? "Self" : Relationship(member, main);
            members.Add((_ehm.Identify(member, date), role, relationship));
        }

        return members;
    }

    private static string Relationship(Person member, Person? main)
    {
        if (main is null)
        {
            return "Other";
        }

        if (member.Partner == main)
        {
            return "Partner";
        }

        if (member.Mother == main || member.Father == main)
        {
            return member.Sex == Sex.Male ? "Son" : "Daughter";
        }

        if (main.Partner is { } partner && (member.Mother == partner || member.Father == partner))
        {
            return member.Sex == Sex.Male ? "Stepson" : "Stepdaughter";
        }

        if (main.Mother == member || main.Father == member)
        {
            return "Parent";
        }

        if (member.Mother?.Mother == main || member.Mother?.Father == main || member.Father?.Mother == main || member.Father?.Father == main)
        {
            return "Grandchild";
        }

        return "Other relative";
    }

    private void Write(Episode episode)
    {
        var key = episode.CaseId;
        var noise = _feed.Noise;
        var date = episode.AssessmentDate ?? episode.Referral;
        _feed.Write(key, w =>
        {
            w.WriteStartObject();
            w.WriteString("caseId", episode.CaseId);
            w.WriteString("familyRef", episode.FamilyRef);
            w.WriteString("status", episode.Closed is null ? "Open" : "Closed");
            w.WriteString("source", episode.Source);
            w.WriteString("referralDate", Iso(episode.Referral));
            w.WriteStartObject("consent");
            w.WriteBoolean("given", episode.ConsentGiven);
            WriteDate(w, "date", episode.ConsentDate);
            w.WriteEndObject();
            if (episode.AssessmentDate is { } assessed)
            {
                w.WriteStartObject("assessment");
                w.WriteString("type", "Early Help Assessment (whole family)");
                w.WriteString("date", Iso(assessed));
                w.WriteStartArray("needs");
                foreach (var need in episode.Needs)
                {
                    w.WriteStringValue(need);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            if (episode.PlanStart is { } planStart)
            {
                w.WriteStartObject("plan");
                w.WriteString("startDate", Iso(planStart));
                w.WriteStartArray("actions");
                foreach (var (description, owner, due) in episode.Actions)
                {
                    w.WriteStartObject();
                    w.WriteString("description", description);
                    w.WriteString("owner", owner);
                    w.WriteString("dueDate", Iso(due));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteStartObject("leadPractitioner");
            w.WriteString("name", episode.Lead);
            w.WriteString("team", episode.Team);
            w.WriteEndObject();
            w.WriteStartArray("reviews");
            foreach (var (reviewDate, outcome) in episode.Reviews)
            {
                w.WriteStartObject();
                w.WriteString("date", Iso(reviewDate));
                w.WriteString("outcome", outcome);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("transfers");
            foreach (var (from, to, on, summary) in episode.Transfers)
            {
                w.WriteStartObject();
                w.WriteString("fromLead", from);
                w.WriteString("toLead", to);
                w.WriteString("handoverDate", Iso(on));
                w.WriteString("summary", summary);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (episode.Closed is { } closed)
            {
                w.WriteStartObject("closure");
                w.WriteString("date", Iso(closed));
                w.WriteString("reason", episode.ClosureReason);
                w.WriteEndObject();
            }

            w.WriteStartArray("members");
            foreach (var (record, role, relationship) in episode.Members)
            {
                var address = record.AddressOn(date);
                w.WriteStartObject();
                w.WriteString("personId", record.LocalId);
                w.WriteString("role", role);
                w.WriteString("relationshipToMainCarer", relationship);
                w.WriteString("forename", noise.Name(record.Forename, "forename"));
                WriteOptional(w, "middleNames", noise.Name(record.MiddleNames, "middleNames"));
                w.WriteString("surname", noise.Name(record.Surname, "surname"));
                w.WriteString("dob", Iso(record.BirthDate));
                w.WriteString("gender", record.Person.Sex == Sex.Male ? "Male" : "Female");
                WriteOptional(w, "nhsNumber", record.NhsNumber);
                WriteOptional(w, "upn", record.Upn);
                WriteOptional(w, "niNumber", record.Nino);
                if (address is not null)
                {
                    w.WriteStartObject("address");
                    w.WriteString("line1", noise.Text(address.Line1, "address.line1"));
                    w.WriteString("locality", address.Locality.Name);
                    w.WriteString("town", address.Street.Town);
                    w.WriteString("postcode", record.PostcodeOn(date));
                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });

        foreach (var (record, _, _) in episode.Members)
        {
            _feed.About(key, "member:" + record.LocalId, record.Person);
        }
    }

    private static void WriteDate(Utf8JsonWriter w, string name, DateOnly? date)
    {
        if (date is { } value)
        {
            w.WriteString(name, Iso(value));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed class Episode
    {
        public required string CaseId { get; init; }

        public required string FamilyRef { get; init; }

        public required Unit Family { get; init; }

        public required string Source { get; init; }

        public required DateOnly Referral { get; init; }

        public required string Lead { get; set; }

        public required string Team { get; init; }

        public DateOnly Next { get; set; }

        public int Stage { get; set; }

        public DateOnly? ConsentDate { get; set; }

        public bool ConsentGiven { get; set; }

        public DateOnly? AssessmentDate { get; set; }

        public DateOnly? PlanStart { get; set; }

        public DateOnly? Closed { get; set; }

        public string? ClosureReason { get; set; }

        public List<string> Needs { get; } = [];

        public List<NeedKind> AssessedNeeds { get; } = [];

        public List<(SourceRecord Record, string Role, string Relationship)> Members { get; } = [];

        public List<(string Description, string Owner, DateOnly Due)> Actions { get; } = [];

        public List<(DateOnly Date, string Outcome)> Reviews { get; } = [];

        public List<(string From, string To, DateOnly On, string Summary)> Transfers { get; } = [];
    }
}
