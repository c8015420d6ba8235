using System.Globalization;
using Hearth.Synth.Calendar;
using Hearth.Synth.Feeds;
using Hearth.Synth.Noise;
using Hearth.Synth.Randomness;
using Hearth.Synth.World;

namespace Hearth.Synth.Simulation;

/// <summary>
/// Funded early education and childcare, as providers return it in the termly headcount: the 2-year-old offer for
/// disadvantaged families, the universal 15 hours for 3 and 4 year olds, the extended 30 hours for working parents,
/// and, from September 2025, the working-parent entitlement from 9 months.
/// </summary>
public sealed class EarlyYearsModule(Sim sim) : Module(sim)
{
    public static readonly FeedDescriptor Feed = new()
    {
        Name = "early_years_funding",
        System = "Early years provider portal (termly headcount spreadsheet)",
        Description = "One row per funded child per provider per term, with the parent named on the claim.",
        Format = FeedFormat.Xlsx,
        File = "early_years_funding.xlsx",
        Encoding = "utf-8",
        Sheet = "Headcount",
        HeaderRow = 1,
        Columns =
        [
            new("Term", ColumnKind.Code), new("Provider URN", ColumnKind.Identifier), new("Provider Name", ColumnKind.Text), new("Child Ref", ColumnKind.Identifier),
            new("Child Forename", ColumnKind.Name), new("Child Surname", ColumnKind.Name), new("Child DOB", ColumnKind.Date), new("Gender", ColumnKind.Code),
            new("Parent Forename", ColumnKind.Name), new("Parent Surname", ColumnKind.Name), new("Parent NINO", ColumnKind.Identifier), new("Address", ColumnKind.Address),
            new("Postcode", ColumnKind.Postcode), new("Funding Type", ColumnKind.Code), new("Hours Per Week", ColumnKind.Number), new("Eligibility Code", ColumnKind.Identifier),
            new("EYPP", ColumnKind.Code), new("DAF", ColumnKind.Code), new("Start Date", ColumnKind.Date),
        ],
        Key = ["Term", "Provider URN", "Child Ref"],
        Entities = ["person", "address", "relationship:parent_child", "event:funded_childcare"],
        Identifiers = "No identifier for the child; the parent's NI number for the 2-year-old and working-parent entitlements.",
        NoiseMultiplier = 1.2,
    };

    private readonly List<(string Urn, string Name, int Locality)> _providers = [];
    private readonly Dictionary<int, (int Provider, string ChildRef, DateOnly Start, string? Code)> _placements = [];
    private TabularFeed _feed = null!;
    private SourceSystem _portal = null!;
    private int _nextChildRef = 1;

    public override void Initialise()
    {
        _feed = Sim.Tabular(Feed);
        _portal = Sim.System("ey_portal", "EY", 6, new IdentifierCoverage(Nino: 0.9), Feed.NoiseMultiplier);
        var random = City.Stream("early-years-providers");
        var stems = City.Reference.Places.BlockStems;
        foreach (var locality in City.Localities)
        {
            var count = Math.Max(2, locality.Homes.Count / 400);
            for (var i = 0; i < count; i++)
            {
                var stem = stems[random.Next(stems.Length)];
                var name = random.Next(4) switch
                {
                    0 => $"{stem} Day Nursery",
                    1 => $"{stem} Pre-School",
                    2 => $"Little {stem} Nursery",
                    _ => $"{locality.Name} Childminding",
                };
                _providers.Add(("EY" + random.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture), name, locality.Index));
            }
        }
    }

    public override void Step(Month month)
    {
        var random = Random(month);
        foreach (var term in SchoolCalendar.TermsOf(SchoolCalendar.AcademicYearOf(month.Start)))
        {
            // The headcount is taken in the third week of each term.
            var headcount = term.Start.AddDays(14);
            if (month.Contains(headcount))
            {
                Headcount(term, headcount, random);
            }
        }
    }

    private void Headcount(SchoolTerm term, DateOnly date, SynthRandom random)
    {
        var label = term.Code switch
        {
            "AUT" => "Autumn",
            "SPR" => "Spring",
            _ => "Summer",
        } + " " + (term.Code == "AUT" ? term.AcademicYear : term.AcademicYear + 1).ToString(CultureInfo.InvariantCulture);
        var workingParentOfferStarts = new DateOnly(2025, 9, 1);
        foreach (var child in City.People)
        {
            if (!child.IsAliveOn(date) || !child.IsBornBy(date) || child.Home is not { OutOfArea: false } || child.Pupil?.School is not null)
            {
                continue;
            }

            var months = ((date.Year - child.BirthDate.Year) * 12) + date.Month - child.BirthDate.Month;
            if (months is < 9 or >= 60)
            {
                continue;
            }

            var family = child.Family;
            var unit = child.Household ?? family;
            if (unit is null)
            {
                continue;
            }

            var disadvantaged = Modules.Benefits.OnQualifyingBenefit(unit) || child.Care?.InCare == true;
            var working = unit.EarnedIncome > 9_000 && !unit.HasActiveNeed(NeedKind.Worklessness);
            var takeUpPenalty = family?.HasActiveNeed(NeedKind.Neglect) == true ? 0.5 : 1.0;
            string? type = null;
            var hours = 0;
            string? code = null;
            var stream = City.Stream("ey-take-up", child.Id, months / 12);
            if (months >= 36)
            {
                if (stream.Chance(0.94 * takeUpPenalty))
                {
                    type = working && stream.Chance(0.6) ? "Extended 30h" : "Universal 15h";
                    hours = type == "Extended 30h" ? 30 : 15;
                }
            }
            else if (months >= 24 && disadvantaged)
            {
                if (stream.Chance(0.72 * takeUpPenalty))
                {
                    type = "2YO Disadvantaged";
                    hours = 15;
                }
            }
            else if (working && date >= workingParentOfferStarts && stream.Chance(0.5))
            {
                type = "Working parent (9m+)";
                hours = 30;
            }

            if (type is null)
            {
                continue;
            }

            if (type is "Extended 30h" or "Working parent (9m+)")
            {
                code = (50_000_000_000L + (child.Id * 7919L % 40_000_000_000L)).ToString(CultureInfo.InvariantCulture);
            }

            if (!_placements.TryGetValue(child.Id, out var placement))
            {
                var locality = child.Home.Locality.Index;
                var nearby = _providers.Select((p, i) => (p, i)).Where(x => x.p.Locality == locality).Select(x => x.i).ToList();
                var provider = nearby.Count > 0 ? nearby[random.Next(nearby.Count)] : random.Next(_providers.Count);
                placement = (provider, "CR" + (_nextChildRef++).ToString("D6", CultureInfo.InvariantCulture), date.AddDays(-random.Next(0, 40)), code);
                _placements[child.Id] = placement;
            }

            var parent = child.Mother is { } mother && mother.Household == child.Household ? mother : unit.Adults(date).FirstOrDefault();
            var (urn, name, _) = _providers[placement.Provider];
            var childRecord = _portal.Identify(child, date);
            var parentRecord = parent is null ? null : _portal.Identify(parent, date);
            var address = childRecord.AddressOn(date);
            object?[] values =
            [
                label, urn, name, placement.ChildRef, childRecord.Forename, childRecord.Surname, childRecord.BirthDate, child.Sex == Sex.Male ? "M" : "F",
                parentRecord?.Forename, parentRecord?.Surname, type is "2YO Disadvantaged" or "Extended 30h" or "Working parent (9m+)" ? parentRecord?.Nino : null,
                address?.Line1, childRecord.PostcodeOn(date), type, hours, code, disadvantaged && months >= 36 ? "Y" : "N",
                child.Pupil?.Sen == SenProvision.EhcPlan ? "Y" : "N", placement.Start,
            ];
            if (parent is null)
            {
                _feed.Write(values, ("child", child));
            }
            else
            {
                _feed.Write(values, ("child", child), ("parent", parent));
            }
        }
    }
}
