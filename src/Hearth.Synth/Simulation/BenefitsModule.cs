using System.Globalization;
using Hearth.Synth.Feeds;
using Hearth.Synth.Noise;
using Hearth.Synth.Randomness;
using Hearth.Synth.World;

namespace Hearth.Synth.Simulation;

/// <summary>
/// Benefits as the council's revenues and benefits system sees them: claims for housing benefit and council tax
/// reduction, with the claimant's Universal Credit or legacy benefit, and every member of the claim household. A
/// qualifying claim makes the household's children eligible for free school meals.
/// </summary>
public sealed class BenefitsModule(Sim sim) : Module(sim)
{
    /// <summary>The Universal Credit earnings threshold for free school meals, pounds a year (configurable in real life).</summary>
    public const int FsmEarningsThreshold = 7_400;

    public static readonly FeedDescriptor Feed = new()
    {
        Name = "benefits",
        System = "Revenues and benefits system (fixed-width claim household extract)",
        Description = "One fixed-width record per member of each benefit claim household per assessment period: claimant, partner, dependants and non-dependants.",
        Format = FeedFormat.FixedWidth,
        File = "benefits.dat",
        Encoding = "windows-1252",
        DateFormat = "ddMMyyyy",
        Columns =
        [
            new("ClaimRef", ColumnKind.Identifier, 10), new("PeriodNo", ColumnKind.Number, 2), new("MemberNo", ColumnKind.Number, 2), new("MemberType", ColumnKind.Code, 1),
            new("Title", ColumnKind.Code, 4), new("Forename", ColumnKind.Name, 20), new("Surname", ColumnKind.Name, 25), new("DOB", ColumnKind.Date, 8),
            new("NINO", ColumnKind.Identifier, 9), new("Sex", ColumnKind.Code, 1), new("UPRN", ColumnKind.Identifier, 12), new("AddressLine1", ColumnKind.Address, 40),
            new("Postcode", ColumnKind.Postcode, 8), new("Benefit", ColumnKind.Code, 4), new("ClaimStart", ColumnKind.Date, 8), new("PeriodStart", ColumnKind.Date, 8),
            new("PeriodEnd", ColumnKind.Date, 8), new("AnnualEarnings", ColumnKind.Number, 8), new("Passported", ColumnKind.Code, 1),
        ],
        Key = ["ClaimRef", "PeriodNo", "MemberNo"],
        Entities = ["person", "address", "relationship:claim_household", "event:benefit_claim"],
        Identifiers = "NI number for claimants and partners (nearly always); UPRN for every address (the system is linked to the gazetteer). Names cut to 20 and 25 characters; Windows-1252.",
        NoiseMultiplier = 1.0,
    };

    private readonly Dictionary<int, Claim> _claims = [];
    private TabularFeed _feed = null!;
    private SourceSystem _system = null!;
    private int _nextClaim = 1;

    public override void Initialise()
    {
        _feed = Sim.Tabular(Feed);
        _system = Sim.System("revs_bens", "RB", 7, new IdentifierCoverage(Nino: 0.98), Feed.NoiseMultiplier);
        var random = City.Stream("benefits-initial");
        foreach (var unit in City.Units)
        {
            unit.EarnedIncome = unit.HasActiveNeed(NeedKind.Worklessness) ? 0 : Income(unit, random);
            if (unit.Property is not null && Eligible(unit, City.Start) is { } benefit && random.Chance(0.85))
            {
                Open(unit, benefit, City.Start.AddDays(-random.Next(30, 1500)), City.Start, random);
            }

            GrantEarlierFreeSchoolMeals(unit, random);
        }
    }

    /// <summary>
    /// Free school meals granted before the window: for children of households on a qualifying claim now, and, under
    /// the transitional protection that keeps eligibility once granted, for some whose families claimed in the past.
    /// </summary>
    private void GrantEarlierFreeSchoolMeals(Unit unit, SynthRandom random)
    {
        var qualifying = OnQualifyingBenefit(unit);
        var claim = _claims.GetValueOrDefault(unit.Id);
        foreach (var child in unit.Children(City.Start))
        {
            if (child.Pupil is not { } pupil || child.Household != unit)
            {
                continue;
            }

            var protectedEarlier = !qualifying && random.Chance(City.Logistic(-2.6 + (1.2 * unit.Adversity)));
            if ((qualifying && random.Chance(0.85)) || protectedEarlier)
            {
                var from = qualifying && claim is not null ? claim.Start.AddDays(random.Next(0, 60)) : City.Start.AddDays(-random.Next(200, 1800));
                pupil.FsmPeriods.Add((from < pupil.EntryDate ? pupil.EntryDate : from, null));
            }
        }
    }

    public override void Step(Month month)
    {
        var random = Random(month);
        foreach (var unit in City.Units)
        {
            var workless = unit.HasActiveNeed(NeedKind.Worklessness);
            if (workless && unit.EarnedIncome > 0)
            {
                unit.EarnedIncome = 0;
            }
            else if (!workless && unit.EarnedIncome == 0 && unit.Adults(month.Start).Any(a => a.AgeOn(month.Start) < 66))
            {
                unit.EarnedIncome = Income(unit, random);
            }

            _claims.TryGetValue(unit.Id, out var claim);
            var eligible = unit.Property is null || unit.Departed ? null : Eligible(unit, month.Start);
            if (claim is null)
            {
                if (eligible is not null && random.Chance(0.5))
                {
                    var date = month.Day(random);
                    Open(unit, eligible, date, date, random);
                }

                continue;
            }

            if (eligible is null)
            {
                if (unit.Property is null || unit.Departed || random.Chance(0.3))
                {
                    CloseClaim(claim, month.Day(random));
                }

                continue;
            }

            var members = Members(unit, month.Start);
            if (!members.Select(m => m.Person).SequenceEqual(claim.Members.Select(m => m.Person)) || claim.Property != unit.Property || claim.Benefit != eligible)
            {
                var date = month.Day(random);
                WritePeriod(claim, date.AddDays(-1));
                claim.Period++;
                claim.PeriodStart = date;
                claim.Members = members;
                claim.Property = unit.Property!;
                claim.Benefit = eligible;
            }

            GrantFreeSchoolMeals(unit, claim, month, random);
        }
    }

    public override void Finish()
    {
        foreach (var claim in _claims.Values.OrderBy(c => c.Reference, StringComparer.Ordinal))
        {
            WritePeriod(claim, null);
        }
    }

    /// <summary>True when the unit is on a benefit that passports it to free school meals and funded early education.</summary>
    public bool OnQualifyingBenefit(Unit unit) =>
        _claims.TryGetValue(unit.Id, out var claim) && claim.Benefit is "UC" or "ESA" or "JSA" or "IS" && unit.EarnedIncome <= FsmEarningsThreshold;

    public bool HasClaim(Unit unit) => _claims.ContainsKey(unit.Id);

    private static int Income(Unit unit, SynthRandom random) =>
        (int)Math.Round(Math.Exp(random.Normal(Math.Log(30_000) - (0.35 * unit.Adversity), 0.45)) / 100) * 100;

    private static string? Eligible(Unit unit, DateOnly date)
    {
        var adults = unit.Adults(date).ToList();
        if (adults.Count == 0 || unit.Kind is UnitKind.ChildrensHome)
        {
            return null;
        }

        if (adults.All(a => a.AgeOn(date) >= 66))
        {
            return unit.Adversity > 0.4 ? "PC" : null;
        }

        if (unit.HasActiveNeed(NeedKind.Worklessness))
        {
            var carrier = unit.Needs[(int)NeedKind.Worklessness].Carrier;
            var stable = (carrier?.Id ?? unit.Id) % 20;
            return stable switch
            {
                0 or 1 => "ESA",
                2 => "JSA",
                3 => unit.Kind == UnitKind.LoneParent ? "IS" : "UC",
                _ => "UC",
            };
        }

        var children = unit.Children(date).Any();
        return children && unit.EarnedIncome < 17_000 && unit.Id % 5 < 3 ? "UC" : null;
    }

    private void Open(Unit unit, string benefit, DateOnly start, DateOnly periodStart, SynthRandom random)
    {
        var claim = new Claim
        {
            Reference = "HB" + (_nextClaim++).ToString("D8", CultureInfo.InvariantCulture),
            Unit = unit,
            Start = start,
            PeriodStart = periodStart,
            Benefit = benefit,
            Members = Members(unit, periodStart),
            Property = unit.Property!,
        };
        _claims[unit.Id] = claim;
    }

    private void CloseClaim(Claim claim, DateOnly date)
    {
        WritePeriod(claim, date);
        _claims.Remove(claim.Unit.Id);
    }

    private static List<(Person Person, char Type)> Members(Unit unit, DateOnly date)
    {
        var residents = unit.Residents(date).Where(r => r.Care?.InCare != true).ToList();
        var claimant = residents.Where(r => r.AgeOn(date) >= 18).OrderBy(r => r.Role is MemberRole.Parent or MemberRole.Adult ? 0 : 1).ThenBy(r => r.Sex == Sex.Female ? 0 : 1).ThenBy(r => r.Id).FirstOrDefault();
        var members = new List<(Person, char)>();
        if (claimant is null)
        {
            return members;
        }

        members.Add((claimant, 'C'));
        if (claimant.Partner is { } partner && residents.Contains(partner))
        {
            members.Add((partner, 'P'));
        }

        foreach (var resident in residents.Where(r => r != claimant && r != claimant.Partner).OrderBy(r => r.BirthDate))
        {
            members.Add((resident, resident.AgeOn(date) < 18 ? 'D' : 'N'));
        }

        return members;
    }

    private void GrantFreeSchoolMeals(Unit unit, Claim claim, Month month, SynthRandom random)
    {
        if (!OnQualifyingBenefit(unit))
        {
            return;
        }

        foreach (var (person, type) in claim.Members)
        {
            var pupil = person.Pupil;
            if (type != 'D' || pupil?.School is null || pupil.FsmPeriods.Count > 0 && pupil.FsmPeriods[^1].To is null)
            {
                continue;
            }

            // Parents must apply; most do within two months. Transitional protection keeps eligibility once granted.
            if (random.Chance(0.45))
            {
                pupil.FsmPeriods.Add((month.Day(random), null));
            }
        }
    }

    private void WritePeriod(Claim claim, DateOnly? end)
    {
        var date = end ?? City.End.AddDays(-1);
        var memberNo = 0;
        foreach (var (person, type) in claim.Members)
        {
            memberNo++;
            var record = _system.Identify(person, claim.PeriodStart);
            var adult = type is 'C' or 'P';
            var title = !adult ? null : person.Sex == Sex.Male ? "MR" : person.PreviousSurname is not null ? "MRS" : "MS";
            _feed.Write(
                [claim.Reference, claim.Period.ToString("D2", CultureInfo.InvariantCulture), memberNo.ToString("D2", CultureInfo.InvariantCulture), type.ToString(), title, record.Forename, record.Surname, record.BirthDate,
                 adult ? record.Nino : null, person.Sex == Sex.Male ? "M" : "F", claim.Property.Uprn.ToString(CultureInfo.InvariantCulture),
                 claim.Property.Line1, claim.Property.Postcode, claim.Benefit, claim.Start, claim.PeriodStart, end,
                 type == 'C' ? claim.Unit.EarnedIncome : null, claim.Benefit is "ESA" or "JSA" or "IS" or "PC" ? "Y" : "N"],
                ("member", person));
        }
    }

    private sealed class Claim
    {
        public required string Reference { get; init; }

        public required Unit Unit { get; init; }

        public required DateOnly Start { get; init; }

        public required DateOnly PeriodStart { get; set; }

        public required string Benefit { get; set; }

        public required List<(Person Person, char Type)> Members { get; set; }

        public required Property Property { get; set; }

        public int Period { get; set; } = 1;
    }
}
