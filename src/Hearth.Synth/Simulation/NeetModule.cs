using Hearth.Synth.Calendar;
using Hearth.Synth.Feeds;
using Hearth.Synth.Noise;
using Hearth.Synth.Randomness;
using Hearth.Synth.World;

namespace Hearth.Synth.Simulation;

/// <summary>
/// What 16 to 18 year olds are doing, as the local authority tracks it for the NCCIS return each month: education,
/// apprenticeships, employment, training, NEET (with the reason) or not known.
/// </summary>
public sealed class NeetModule(Sim sim) : Module(sim)
{
    public static readonly FeedDescriptor Feed = new()
    {
        Name = "nccis",
        System = "Client caseload information system (monthly NCCIS extract)",
        Description = "One row per young person of academic age 16 to 18 per month end, with their current activity code and level of need.",
        Format = FeedFormat.Csv,
        File = "nccis.csv",
        Encoding = "utf-8",
        Delimiter = ",",
        DateFormat = "d MMM yyyy",
        Columns =
        [
            new("MonthEnd", ColumnKind.Date), new("YPID", ColumnKind.Identifier), new("UPN", ColumnKind.Identifier), new("ULN", ColumnKind.Identifier),
            new("Surname", ColumnKind.Name), new("Forename", ColumnKind.Name), new("DOB", ColumnKind.Date), new("Gender", ColumnKind.Code),
            new("Postcode", ColumnKind.Postcode), new("ActivityCode", ColumnKind.Code), new("ActivityStartDate", ColumnKind.Date), new("LevelOfNeed", ColumnKind.Number),
            new("SEND", ColumnKind.Code), new("Carer", ColumnKind.Code), new("TeenageParent", ColumnKind.Code),
        ],
        Key = ["MonthEnd", "YPID"],
        Entities = ["person", "event:neet_activity"],
        Identifiers = "A young person id; UPN for most, ULN for many; names, date of birth and postcode.",
        NoiseMultiplier = 0.9,
    };

    private readonly Dictionary<int, (string Code, DateOnly Since)> _activity = [];
    private TabularFeed _feed = null!;
    private SourceSystem _ccis = null!;

    public override void Initialise()
    {
        _feed = Sim.Tabular(Feed);
        _ccis = Sim.System("ccis", "YP", 7, new IdentifierCoverage(Upn: 0.85, Uln: 0.75), Feed.NoiseMultiplier);
    }

    public override void Step(Month month)
    {
        var random = Random(month);
        var monthEnd = month.End.AddDays(-1);
        var academicYear = SchoolCalendar.AcademicYearOf(monthEnd);
        foreach (var person in City.People)
        {
            if (!person.IsAliveOn(monthEnd) || person.Home is not { OutOfArea: false })
            {
                continue;
            }

            var academicAge = SchoolCalendar.AgeAtStartOfAcademicYear(person.BirthDate, academicYear);
            if (academicAge is < 16 or > 18)
            {
                continue;
            }

            var family = person.Family;
            var risk = -3.0 + (0.6 * (family?.Adversity ?? 0));
            if (family is not null)
            {
                risk += family.Needs[(int)NeedKind.SchoolDisengagement].Carrier == person ? 1.8 : 0;
                risk += family.Needs[(int)NeedKind.Exploitation].Carrier == person ? 1.4 : 0;
                risk += family.Needs[(int)NeedKind.Offending].Carrier == person ? 0.8 : 0;
            }

            risk += person.Pupil?.PermanentlyExcluded == true ? 1.0 : 0;
            var parent = family?.Members.Any(m => (m.Mother == person || m.Father == person) && m.IsBornBy(monthEnd)) == true;
            if (!_activity.TryGetValue(person.Id, out var current) || (month.Start.Month == 9 && current.Since < month.Start))
            {
                current = (Initial(person, risk, parent, random), month.Start);
            }
            else if (IsNeet(current.Code) && random.Chance(0.07))
            {
                current = (random.Chance(0.5) ? "230" : random.Chance(0.5) ? "310" : "410", month.Day(random));
            }
            else if (!IsNeet(current.Code) && current.Code != "220" && random.Chance(0.004 * Math.Exp(Math.Max(0, risk + 3))))
            {
                current = (random.Chance(0.6) ? "619" : "540", month.Day(random));
            }

            if (parent && IsNeet(current.Code) && current.Code != "630" && person.Sex == Sex.Female)
            {
                current = ("630", current.Since);
            }

            _activity[person.Id] = current;
            var record = _ccis.Identify(person, monthEnd);
            var needLevel = IsNeet(current.Code) || risk > -1.5 ? (risk > -0.5 ? 1 : 2) : 3;
            _feed.Write(
                [monthEnd, record.LocalId, record.Upn, record.Uln, record.Surname, record.Forename, record.BirthDate, person.Sex == Sex.Male ? "M" : "F",
                 record.PostcodeOn(monthEnd), current.Code, current.Since, needLevel, person.Pupil?.Sen == SenProvision.EhcPlan ? "Y" : "N", "N", parent ? "Y" : "N"],
                ("young_person", person));
        }
    }

    private static bool IsNeet(string code) => code[0] is '5' or '6' && code != "530";

    private static string Initial(Person person, double risk, bool parent, SynthRandom random)
    {
        if (person.Pupil?.School is not null)
        {
            return "220";
        }

        if (random.Chance(0.03))
        {
            return random.Chance(0.7) ? "810" : "830";
        }

        if (random.Chance(City.Logistic(risk)))
        {
            return parent && person.Sex == Sex.Female ? "630" : random.Next(5) switch
            {
                0 => "540",
                1 => "610",
                2 => "619",
                3 => "640",
                _ => "680",
            };
        }

        return random.Next(100) switch
        {
            < 70 => "230",
            < 82 => "310",
            < 90 => "320",
            _ => "410",
        };
    }
}
