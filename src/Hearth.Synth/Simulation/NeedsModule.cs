using Hearth.Synth.Randomness;
using Hearth.Synth.World;

namespace Hearth.Synth.Simulation;

/// <summary>
/// The latent needs model. Each family has an adversity score A ~ N(0, 1). A need is present at the start with
/// probability logistic(α + βA); later it starts with a monthly hazard h·exp(γA), raised by the family's other
/// needs (domestic abuse raises mental ill-health, debt raises housing insecurity, and so on), and ends with a
/// monthly hazard that support from early help or social care roughly doubles. The needs drive every service's
/// events, so risk and outcomes in the feeds mean something, and they are written to the truth.
/// </summary>
public sealed class NeedsModule(Sim sim) : Module(sim)
{
    /// <summary>Parameters of one need: start prevalence (α, β), onset hazard (h, γ), and monthly resolution.</summary>
    public sealed record NeedParameters(double Alpha, double Beta, double Onset, double Gamma, double Resolution);

    public static readonly IReadOnlyDictionary<NeedKind, NeedParameters> Parameters = new Dictionary<NeedKind, NeedParameters>
    {
        [NeedKind.Worklessness] = new(-2.6, 1.1, 0.0035, 0.8, 0.035),
        [NeedKind.Debt] = new(-2.3, 0.9, 0.0045, 0.7, 0.035),
        [NeedKind.SubstanceMisuse] = new(-3.6, 1.0, 0.0010, 0.9, 0.022),
        [NeedKind.DomesticAbuse] = new(-3.2, 0.9, 0.0014, 0.8, 0.028),
        [NeedKind.MentalHealth] = new(-2.3, 0.7, 0.0035, 0.6, 0.035),
        [NeedKind.HousingInsecurity] = new(-3.2, 1.0, 0.0018, 0.9, 0.05),
        [NeedKind.Offending] = new(-3.4, 1.1, 0.0012, 0.9, 0.028),
        [NeedKind.Exploitation] = new(-3.9, 1.2, 0.0016, 1.0, 0.03),
        [NeedKind.Neglect] = new(-3.9, 1.2, 0.0009, 1.0, 0.03),
        [NeedKind.ParentalConflict] = new(-2.8, 0.6, 0.0028, 0.5, 0.04),
        [NeedKind.SchoolDisengagement] = new(-2.5, 0.9, 0.0040, 0.7, 0.03),
        [NeedKind.EarlyDevelopment] = new(-2.2, 0.6, 0.0030, 0.5, 0.02),
    };

    private readonly UnitView _view = new();

    public override void Initialise()
    {
        var random = City.Stream("needs-initial");
        foreach (var unit in City.Units)
        {
            if (unit.Property is null)
            {
                continue;
            }

            _view.Load(unit, City.Start);
            foreach (var kind in NeedKinds.All)
            {
                var carrier = CarrierFor(_view, kind, random);
                if (carrier.Applies && random.Chance(City.Logistic(Parameters[kind].Alpha + (Parameters[kind].Beta * unit.Adversity))))
                {
                    Start(unit, kind, carrier.Person, City.Start.AddDays(-random.Next(30, 1100)));
                }
            }
        }
    }

    public override void Step(Month month)
    {
        var random = Random(month);
        foreach (var unit in City.Units)
        {
            if (unit.Members.Count == 0 || unit.Property is null)
            {
                continue;
            }

            _view.Load(unit, month.Start);
            foreach (var kind in NeedKinds.All)
            {
                ref var need = ref unit.Needs[(int)kind];
                var p = Parameters[kind];
                if (need.Active)
                {
                    var carrierGone = need.Carrier is not null && (!need.Carrier.IsAliveOn(month.Start) || need.Carrier.Family != unit);
                    var resolution = p.Resolution * (unit.Services.SupportedNow ? 2.2 : 1.0) * Math.Exp(-0.25 * unit.Adversity);
                    if (carrierGone || !StillApplies(_view, kind, need.Carrier) || random.Chance(resolution))
                    {
                        End(unit, kind, month.Day(random));
                    }

                    continue;
                }

                var hazard = p.Onset * Math.Exp(p.Gamma * unit.Adversity) * Amplifier(unit, kind);
                if (!random.Chance(hazard))
                {
                    continue;
                }

                var (applies, carrier) = CarrierFor(_view, kind, random);
                if (applies)
                {
                    Start(unit, kind, carrier, month.Day(random));
                }
            }
        }
    }

    public void Start(Unit unit, NeedKind kind, Person? carrier, DateOnly since)
    {
        ref var need = ref unit.Needs[(int)kind];
        if (need.Active)
        {
            return;
        }

        need.Active = true;
        need.Since = since;
        need.Carrier = carrier;
        need.EpisodeIndex = City.Truth.Needs.Count;
        var p = Parameters[kind];
        City.Truth.Needs.Add(new Truth.NeedEpisode(unit, kind, carrier, since, p.Alpha + (p.Beta * unit.Adversity)));
    }

    public void End(Unit unit, NeedKind kind, DateOnly on)
    {
        ref var need = ref unit.Needs[(int)kind];
        if (!need.Active)
        {
            return;
        }

        need.Active = false;
        City.Truth.Needs[need.EpisodeIndex].To = on < need.Since ? need.Since : on;
        need.Carrier = null;
    }

    /// <summary>When a person who carries a need leaves a unit, the need goes with them where it is theirs.</summary>
    public void CarrierMoved(Person person, Unit from, Unit to, DateOnly on)
    {
        foreach (var kind in NeedKinds.All)
        {
            var need = from.Needs[(int)kind];
            if (!need.Active || need.Carrier != person)
            {
                continue;
            }

            End(from, kind, on);
            if (kind is NeedKind.SubstanceMisuse or NeedKind.MentalHealth or NeedKind.Offending or NeedKind.Debt)
            {
                Start(to, kind, person, on);
            }
        }
    }

    /// <summary>How much the family's other needs raise the chance of this one starting.</summary>
    private static double Amplifier(Unit unit, NeedKind kind)
    {
        double m = 1;
        void If(NeedKind other, double factor)
        {
            if (unit.HasActiveNeed(other))
            {
                m *= factor;
            }
        }

        switch (kind)
        {
            case NeedKind.Debt:
                If(NeedKind.Worklessness, 2.2);
                If(NeedKind.SubstanceMisuse, 1.5);
                break;
            case NeedKind.HousingInsecurity:
                If(NeedKind.Debt, 3);
                If(NeedKind.DomesticAbuse, 1.8);
                break;
            case NeedKind.MentalHealth:
                If(NeedKind.DomesticAbuse, 2);
                If(NeedKind.Debt, 1.5);
                If(NeedKind.Worklessness, 1.3);
                break;
            case NeedKind.SubstanceMisuse:
                If(NeedKind.MentalHealth, 1.6);
                If(NeedKind.DomesticAbuse, 1.5);
                break;
            case NeedKind.DomesticAbuse:
                If(NeedKind.SubstanceMisuse, 2.2);
                If(NeedKind.ParentalConflict, 1.8);
                break;
            case NeedKind.Neglect:
                If(NeedKind.SubstanceMisuse, 3);
                If(NeedKind.DomesticAbuse, 2);
                If(NeedKind.MentalHealth, 1.6);
                break;
            case NeedKind.SchoolDisengagement:
                If(NeedKind.Exploitation, 3);
                If(NeedKind.Neglect, 2);
                If(NeedKind.DomesticAbuse, 1.5);
                If(NeedKind.MentalHealth, 1.3);
                break;
            case NeedKind.Exploitation:
                If(NeedKind.SchoolDisengagement, 3);
                If(NeedKind.Neglect, 1.8);
                If(NeedKind.Offending, 1.5);
                break;
            case NeedKind.Offending:
                If(NeedKind.SubstanceMisuse, 2);
                If(NeedKind.Exploitation, 3);
                break;
            case NeedKind.Worklessness:
                If(NeedKind.MentalHealth, 1.6);
                If(NeedKind.SubstanceMisuse, 1.6);
                break;
            case NeedKind.EarlyDevelopment:
                If(NeedKind.Neglect, 2.5);
                break;
            case NeedKind.ParentalConflict:
                If(NeedKind.Debt, 1.4);
                break;
        }

        return m;
    }

    private static bool StillApplies(UnitView view, NeedKind kind, Person? carrier)
    {
        var date = view.Date;
        return kind switch
        {
            NeedKind.Exploitation => carrier is not null && carrier.AgeOn(date) is >= 10 and <= 17,
            NeedKind.SchoolDisengagement => carrier is not null && carrier.AgeOn(date) is >= 5 and <= 16,
            NeedKind.EarlyDevelopment => carrier is not null && carrier.AgeOn(date) <= 4,
            NeedKind.Neglect => view.Children.Exists(c => c.AgeOn(date) < 16),
            NeedKind.ParentalConflict => view.Children.Count > 0,
            NeedKind.DomesticAbuse => carrier?.Partner is not null && carrier.Partner.Household == view.Unit,
            _ => true,
        };
    }

    /// <summary>Whether the need can apply to the unit now, and who carries it.</summary>
    private static (bool Applies, Person? Person) CarrierFor(UnitView view, NeedKind kind, SynthRandom random)
    {
        var date = view.Date;
        var adults = view.Adults;
        var children = view.Children;
        Person? Pick(List<Person> people) => people.Count == 0 ? null : people[random.Next(people.Count)];
        List<Person> Where(List<Person> source, Func<Person, bool> test)
        {
            var list = view.Scratch;
            list.Clear();
            foreach (var person in source)
            {
                if (test(person))
                {
                    list.Add(person);
                }
            }

            return list;
        }

        switch (kind)
        {
            case NeedKind.Worklessness:
                var workingAge = Where(adults, a => a.AgeOn(date) < 66);
                return (workingAge.Count > 0, Pick(workingAge));
            case NeedKind.Debt:
            case NeedKind.HousingInsecurity:
                return (adults.Count > 0, Pick(adults));
            case NeedKind.MentalHealth when children.Exists(c => c.AgeOn(date) >= 11) && random.Chance(0.3):
                return (true, Pick(Where(children, c => c.AgeOn(date) >= 11)));
            case NeedKind.MentalHealth:
                var minded = Where(adults, a => a.AgeOn(date) < 70);
                return (minded.Count > 0, Pick(minded));
            case NeedKind.SubstanceMisuse:
                var users = Where(adults, a => a.AgeOn(date) < 70);
                return (users.Count > 0, PreferMale(users, random));
            case NeedKind.DomesticAbuse:
                var abusers = Where(adults, a => a.Partner is not null && a.Partner.Household == view.Unit);
                return (abusers.Count > 0, PreferMale(abusers, random, 0.85));
            case NeedKind.Offending:
                var offenders = Where(view.Residents, p => p.AgeOn(date) is >= 12 and <= 50);
                return (offenders.Count > 0, PreferMale(offenders, random, 0.8));
            case NeedKind.Exploitation:
                var teens = Where(children, c => c.AgeOn(date) is >= 10 and <= 17);
                return (teens.Count > 0, Pick(teens));
            case NeedKind.Neglect:
                var young = Where(children, c => c.AgeOn(date) < 16);
                return (young.Count > 0, Pick(young));
            case NeedKind.ParentalConflict:
                return (children.Count > 0 && adults.Count >= 2, null);
            case NeedKind.SchoolDisengagement:
                var pupils = Where(children, c => c.AgeOn(date) is >= 5 and <= 16);
                return (pupils.Count > 0, Pick(pupils));
            case NeedKind.EarlyDevelopment:
                var toddlers = Where(children, c => c.AgeOn(date) <= 4);
                return (toddlers.Count > 0, Pick(toddlers));
            default:
                return (false, null);
        }
    }

    private static Person? PreferMale(List<Person> people, SynthRandom random, double share = 0.65)
    {
        if (people.Count == 0)
        {
            return null;
        }

        var wantMale = random.Chance(share);
        var matching = people.Where(p => (p.Sex == Sex.Male) == wantMale).ToList();
        var pool = matching.Count > 0 ? matching : people;
        return pool[random.Next(pool.Count)];
    }
}

/// <summary>A unit's residents, adults and children on one date, in lists reused from unit to unit to spare the allocator.</summary>
public sealed class UnitView
{
    public Unit Unit { get; private set; } = null!;

    public DateOnly Date { get; private set; }

    public List<Person> Residents { get; } = [];

    public List<Person> Adults { get; } = [];

    /// <summary>Children of the family under 18, including looked-after children living elsewhere.</summary>
    public List<Person> Children { get; } = [];

    public List<Person> Scratch { get; } = [];

    public void Load(Unit unit, DateOnly date)
    {
        Unit = unit;
        Date = date;
        Residents.Clear();
        Adults.Clear();
        Children.Clear();
        foreach (var member in unit.Members)
        {
            if (!member.IsAliveOn(date) || !member.IsBornBy(date))
            {
                continue;
            }

            var age = member.AgeOn(date);
            if (member.Household == unit)
            {
                Residents.Add(member);
                if (age >= 18)
                {
                    Adults.Add(member);
                }
            }

            if (age < 18)
            {
                Children.Add(member);
            }
        }
    }
}
