using System.Globalization;
using Hearth.Synth.Feeds;
using Hearth.Synth.Noise;
using Hearth.Synth.Randomness;
using Hearth.Synth.World;

namespace Hearth.Synth.Simulation;

/// <summary>
/// Council tax accounts: the liable people at each home (by name only; council tax holds no dates of birth), single
/// person discount, council tax reduction, and arrears that escalate through the recovery stages when a family is in debt.
/// </summary>
public sealed class CouncilTaxModule(Sim sim) : Module(sim)
{
    public static readonly FeedDescriptor Feed = new()
    {
        Name = "council_tax",
        System = "Revenues system (council tax accounts)",
        Description = "Every council tax account open in the window: property, band, liable people, discounts and reductions, arrears and recovery stage.",
        Format = FeedFormat.Csv,
        File = "council_tax.csv",
        Encoding = "windows-1252",
        Delimiter = ",",
        DateFormat = "dd/MM/yyyy",
        Columns =
        [
            new("AccountRef", ColumnKind.Identifier), new("UPRN", ColumnKind.Identifier), new("PropertyAddress", ColumnKind.Address), new("Postcode", ColumnKind.Postcode),
            new("Band", ColumnKind.Code), new("LiablePerson1", ColumnKind.Name), new("LiablePerson2", ColumnKind.Name), new("AccountStart", ColumnKind.Date),
            new("AccountEnd", ColumnKind.Date), new("SinglePersonDiscount", ColumnKind.Code), new("CTRApplied", ColumnKind.Code), new("ArrearsBalance", ColumnKind.Number),
            new("RecoveryStage", ColumnKind.Code), new("StageDate", ColumnKind.Date),
        ],
        Key = ["AccountRef"],
        Entities = ["person", "address", "relationship:joint_liability", "event:council_tax_arrears"],
        Identifiers = "UPRN for every property; liable people by title and full name only, with no date of birth.",
        NoiseMultiplier = 1.1,
    };

    private static readonly string[] Stages = ["None", "Reminder", "Final notice", "Summons", "Liability order", "Enforcement agent"];

    private readonly Dictionary<int, Account> _open = [];
    private readonly List<Account> _all = [];
    private SourceSystem _system = null!;
    private int _nextAccount = 1;

    public override void Initialise()
    {
        _system = Sim.System("council_tax", "CT", 7, new IdentifierCoverage(), Feed.NoiseMultiplier);
        foreach (var unit in City.Units)
        {
            if (unit.Property is { OutOfArea: false } && unit.Kind != UnitKind.ChildrensHome)
            {
                Open(unit, unit.PropertyFrom, City.Stream("council-tax-initial", unit.Id));
            }
        }
    }

    public override void Step(Month month)
    {
        var random = Random(month);
        foreach (var unit in City.Units)
        {
            _open.TryGetValue(unit.Id, out var account);
            if (account is not null && (unit.Property != account.Property || unit.Departed))
            {
                account.End = month.Day(random);
                _open.Remove(unit.Id);
                account = null;
            }

            if (unit.Property is null || unit.Departed || unit.Kind == UnitKind.ChildrensHome || unit.Tenure == Tenure.TemporaryAccommodation)
            {
                continue;
            }

            account ??= Open(unit, unit.PropertyFrom > month.Start ? unit.PropertyFrom : month.Day(random), random);
            if (account is null)
            {
                continue;
            }

            account.Reduction |= Modules.Benefits.HasClaim(unit);
            if (unit.HasActiveNeed(NeedKind.Debt))
            {
                account.Arrears += random.Next(60, 160);
                if (account.Arrears > 200 && account.Stage < Stages.Length - 1 && random.Chance(0.35))
                {
                    account.Stage++;
                    account.StageDate = month.Day(random);
                }
            }
            else if (account.Arrears > 0)
            {
                account.Arrears = Math.Max(0, account.Arrears - random.Next(40, 120));
            }
        }
    }

    public override void Finish()
    {
        using var feed = Sim.Tabular(Feed);
        foreach (var account in _all)
        {
            var records = account.Liable.Select(p => (Person: p, Record: _system.Identify(p, account.Start > City.Start ? account.Start : City.Start))).ToList();
            string Full((Person Person, SourceRecord Record) liable)
            {
                var title = liable.Person.Sex == Sex.Male ? "Mr" : liable.Person.PreviousSurname is not null ? "Mrs" : liable.Record.Random.Chance(0.5) ? "Ms" : "Miss";
                return $"{title} {liable.Record.Forename} {liable.Record.Surname}";
            }

            var stage = Stages[account.Stage];
            if (stage == "Enforcement agent" && account.Reduction)
            {
                stage = "Attachment of benefits";
            }

            var slots = records.Select((r, i) => ("liable:" + (i + 1).ToString(CultureInfo.InvariantCulture), r.Person)).ToArray();
            feed.Write(
                [account.Reference, account.Property.Uprn.ToString(CultureInfo.InvariantCulture), account.Property.Line1, account.Property.Postcode, account.Band,
                 Full(records[0]), records.Count > 1 ? Full(records[1]) : null, account.Start, account.End,
                 account.Liable.Count == 1 ? "Y" : "N", account.Reduction ? "Y" : "N", (decimal)account.Arrears, stage, account.StageDate],
                slots);
        }
    }

    /// <summary>Opens an account for the unit's home, liable to its householders; none when no adult lives there.</summary>
    private Account? Open(Unit unit, DateOnly start, SynthRandom random)
    {
        var on = start > City.Start ? start : City.Start;
        var adults = unit.Residents(on).Where(p => p.AgeOn(on) >= 18).ToList();
        var liable = adults
            .OrderBy(p => p.Role is MemberRole.Parent or MemberRole.StepParent or MemberRole.Adult or MemberRole.Sharer or MemberRole.FosterCarer ? 0 : 1)
            .ThenBy(p => p.Role == MemberRole.Grandparent ? 1 : 0).ThenBy(p => p.Id).Take(2).ToList();
        if (liable.Count == 0)
        {
            return null;
        }

        var property = unit.Property!;
        var band = property.Kind switch
        {
            PropertyKind.Flat => random.Chance(0.6) ? "A" : "B",
            PropertyKind.NamedHouse => random.Chance(0.5) ? "E" : "F",
            _ => property.Locality.Deprivation > 0.6 ? (random.Chance(0.6) ? "A" : "B") : random.Chance(0.5) ? "C" : "D",
        };
        var account = new Account
        {
            Reference = "CT" + (_nextAccount++).ToString("D8", CultureInfo.InvariantCulture),
            Property = property,
            Start = start,
            Band = band,
            Liable = liable,
        };
        _open[unit.Id] = account;
        _all.Add(account);
        return account;
    }

    private sealed class Account
    {
        public required string Reference { get; init; }

        public required Property Property { get; init; }

        public required DateOnly Start { get; init; }

        public required string Band { get; init; }

        public required List<Person> Liable { get; init; }

        public DateOnly? End { get; set; }

        public bool Reduction { get; set; }

        public int Arrears { get; set; }

        public int Stage { get; set; }

        public DateOnly? StageDate { get; set; }
    }
}
