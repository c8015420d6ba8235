using System.Globalization;
using Hearth.Synth.Feeds;
using Hearth.Synth.Noise;
using Hearth.Synth.Randomness;
using Hearth.Synth.World;

namespace Hearth.Synth.Simulation;

/// <summary>
/// The youth justice service's outcomes for children aged 10 to 17: out-of-court disposals, and court orders some
/// months after a charge, with co-defendants named by their youth justice ids.
/// </summary>
public sealed class YouthJusticeModule(Sim sim) : Module(sim)
{
    public static readonly FeedDescriptor Feed = new()
    {
        Name = "youth_justice",
        System = "Youth justice case management system (spreadsheet export)",
        Description = "One row per outcome for a child: the offence, its category and gravity, the outcome and any order, and co-defendants.",
        Format = FeedFormat.Xlsx,
        File = "youth_justice.xlsx",
        Encoding = "utf-8",
        Sheet = "Outcomes",
        HeaderRow = 1,
        Columns =
        [
            new("Outcome ID", ColumnKind.Identifier), new("YJ ID", ColumnKind.Identifier), new("Surname", ColumnKind.Name), new("First Name", ColumnKind.Name),
            new("DOB", ColumnKind.Date), new("Gender", ColumnKind.Code), new("Ethnicity", ColumnKind.Code), new("Address", ColumnKind.Address),
            new("Postcode", ColumnKind.Postcode), new("School/Provision", ColumnKind.Text), new("UPN", ColumnKind.Identifier), new("Offence Date", ColumnKind.Date),
            new("Offence Category", ColumnKind.Code), new("Gravity Score", ColumnKind.Number), new("Outcome Type", ColumnKind.Code), new("Outcome Date", ColumnKind.Date),
            new("Order Start", ColumnKind.Date), new("Order End", ColumnKind.Date), new("Co-defendants", ColumnKind.Text), new("Police Ref", ColumnKind.Identifier),
        ],
        Key = ["Outcome ID"],
        Entities = ["person", "address", "relationship:co_defendant", "event:youth_justice_outcome"],
        Identifiers = "Youth justice id; UPN for about six in ten; the police occurrence reference.",
        NoiseMultiplier = 1.1,
    };

    private TabularFeed _feed = null!;
    private SourceSystem _yjs = null!;
    private int _nextOutcome = 1;

    public override void Initialise()
    {
        _feed = Sim.Tabular(Feed);
        _yjs = Sim.System("yjs", "YJ", 6, new IdentifierCoverage(Upn: 0.6), Feed.NoiseMultiplier);
    }

    public override void Step(Month month)
    {
    }

    /// <summary>Records what follows an offence by a child, if it reaches the youth justice service.</summary>
    public void Offence(Person child, DateOnly date, string offence, string policeOutcome, IReadOnlyList<Person> coSuspects, (string Reference, DateTime When) occurrence, SynthRandom random)
    {
        var age = child.AgeOn(date);
        if (age is < 10 or > 17)
        {
            return;
        }

        string outcome;
        DateOnly outcomeDate;
        int? orderMonths = null;
        switch (policeOutcome)
        {
            case "Charged":
                outcomeDate = date.AddDays(random.Next(30, 130));
                (outcome, orderMonths) = random.Next(100) switch
                {
                    < 50 => ("Referral Order", random.Next(3, 13)),
                    < 75 => ("Youth Rehabilitation Order", random.Next(6, 25)),
                    < 80 => ("Detention and Training Order", random.Next(4, 13)),
                    < 92 => ("Conditional Discharge", (int?)null),
                    _ => ("Fine", (int?)null),
                };
                break;
            case "Youth caution":
                outcome = "Youth Caution";
                outcomeDate = date.AddDays(random.Next(3, 30));
                break;
            case "Youth conditional caution":
                outcome = "Youth Conditional Caution";
                outcomeDate = date.AddDays(random.Next(3, 30));
                orderMonths = 3;
                break;
            case "Community resolution" when random.Chance(0.5):
                outcome = "Community Resolution";
                outcomeDate = date.AddDays(random.Next(1, 21));
                break;
            default:
                return;
        }

        if (outcomeDate >= City.End)
        {
            return;
        }

        var record = _yjs.Identify(child, outcomeDate);
        var address = record.AddressOn(outcomeDate);
        var id = "YJO" + (_nextOutcome++).ToString("D6", CultureInfo.InvariantCulture);
        var coDefendants = string.Join(';', coSuspects.Where(c => c.AgeOn(date) is >= 10 and <= 17).Select(c => _yjs.Identify(c, outcomeDate).LocalId));
        var orderEnd = orderMonths is { } months ? outcomeDate.AddMonths(months) : (DateOnly?)null;
        _feed.Write(
            [id, record.LocalId, record.Surname, record.Forename, record.BirthDate, child.Sex == Sex.Male ? "Male" : "Female", EthnicityText(child.Ethnicity),
             address?.Line1, record.PostcodeOn(outcomeDate), child.Pupil?.School?.Name, record.Upn, date, Category(offence), Gravity(offence, random),
             outcome, outcomeDate, orderMonths is null ? null : outcomeDate, orderEnd is { } end && end < City.End ? end : null,
             coDefendants.Length == 0 ? null : coDefendants, occurrence.Reference],
            ("child", child));
    }

    private static string Category(string offence) => offence switch
    {
        _ when offence.Contains("Robbery", StringComparison.Ordinal) => "Robbery",
        _ when offence.Contains("supply", StringComparison.Ordinal) || offence.Contains("cannabis", StringComparison.Ordinal) || offence.Contains("drug", StringComparison.Ordinal) => "Drugs offences",
        _ when offence.Contains("assault", StringComparison.OrdinalIgnoreCase) || offence.Contains("Violence", StringComparison.Ordinal) => "Violence against the person",
        _ when offence.Contains("weapon", StringComparison.Ordinal) || offence.Contains("bladed", StringComparison.Ordinal) => "Possession of weapons",
        _ when offence.Contains("damage", StringComparison.Ordinal) => "Criminal damage",
        _ when offence.Contains("Theft", StringComparison.Ordinal) || offence.Contains("Shoplifting", StringComparison.Ordinal) => "Theft and handling stolen goods",
        _ when offence.Contains("Anti-social", StringComparison.Ordinal) || offence.Contains("Public order", StringComparison.Ordinal) => "Public order",
        _ => "Other",
    };

    private static int Gravity(string offence, SynthRandom random) => Category(offence) switch
    {
        "Robbery" => 5 + random.Next(2),
        "Drugs offences" => offence.Contains("supply", StringComparison.Ordinal) ? 5 : 2,
        "Violence against the person" => 3 + random.Next(3),
        "Possession of weapons" => 4,
        "Criminal damage" => 2,
        "Theft and handling stolen goods" => 1 + random.Next(2),
        _ => 2,
    };

    public static string EthnicityText(string code) => code switch
    {
        "WBRI" => "White - British",
        "WIRI" => "White - Irish",
        "WIRT" => "White - Traveller of Irish heritage",
        "WROM" => "White - Gypsy/Roma",
        "WOTH" => "White - Any other White background",
        "MWBC" => "Mixed - White and Black Caribbean",
        "MWBA" => "Mixed - White and Black African",
        "MWAS" => "Mixed - White and Asian",
        "MOTH" => "Mixed - Any other mixed background",
        "AIND" => "Asian or Asian British - Indian",
        "APKN" => "Asian or Asian British - Pakistani",
        "ABAN" => "Asian or Asian British - Bangladeshi",
        "AOTH" => "Asian or Asian British - Any other Asian background",
        "BCRB" => "Black or Black British - Caribbean",
        "BAFR" => "Black or Black British - African",
        "BOTH" => "Black or Black British - Any other Black background",
        "CHNE" => "Chinese",
        "OOTH" => "Any other ethnic group",
        _ => "Not stated",
    };
}
