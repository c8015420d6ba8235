using Hearth.Synth.Build;
using Hearth.Synth.Randomness;
using Hearth.Synth.World;

namespace Hearth.Synth.Simulation;

/// <summary>
/// The population's own life: deaths, births, couples separating and forming (which makes blended families),
/// young people leaving home, and households moving, within the city or away from it.
/// </summary>
public sealed class DemographyModule(Sim sim, PopulationBuilder population) : Module(sim)
{
    private readonly List<Unit> _singles = [];

    public List<Person> BirthsThisMonth { get; } = [];

    public List<Person> DeathsThisMonth { get; } = [];

    /// <summary>Units that moved home this month (within the city), so schools and services can follow.</summary>
    public List<Unit> MovedThisMonth { get; } = [];

    public PopulationBuilder Population => population;

    public override void Step(Month month)
    {
        var random = Random(month);
        BirthsThisMonth.Clear();
        DeathsThisMonth.Clear();
        MovedThisMonth.Clear();

        var peopleNow = City.People.Count;
        for (var i = 0; i < peopleNow; i++)
        {
            var person = City.People[i];
            if (!person.IsAliveOn(month.Start) || !person.IsBornBy(month.Start) || person.Home is null)
            {
                continue;
            }

            var age = person.AgeOn(month.Start);
            if (random.Chance(AnnualMortality(age) / 12))
            {
                Die(person, month.Day(random));
                continue;
            }

            var birthday = new DateOnly(month.Start.Year, person.BirthDate.Month, Math.Min(person.BirthDate.Day, DateTime.DaysInMonth(month.Start.Year, person.BirthDate.Month)));
            if (month.Contains(birthday))
            {
                IssueIdentifiersAtBirthday(person, age + 1, City.Stream("identifiers-later", person.Id, age + 1));
            }
        }

        _singles.Clear();
        foreach (var unit in City.Units)
        {
            if (unit.Kind == UnitKind.OnePerson && unit.Property is not null && !unit.Departed && unit.Members.Count == 1)
            {
                _singles.Add(unit);
            }
        }

        var unitsNow = City.Units.Count;
        for (var i = 0; i < unitsNow; i++)
        {
            var unit = City.Units[i];
            if (unit.Property is null || unit.Departed || unit.Kind is UnitKind.ChildrensHome)
            {
                continue;
            }

            Births(unit, month, random);
            Separation(unit, month, random);
            LeavingHome(unit, month, random);
            Partnering(unit, month, random);
            Moving(unit, month, random);
        }
    }

    /// <summary>England-like annual mortality by age (a Gompertz curve with an infant term).</summary>
    public static double AnnualMortality(int age) => age == 0 ? 0.0035 : Math.Min(0.5, Math.Exp(-10.3 + (0.095 * age)));

    public void Die(Person person, DateOnly date)
    {
        person.DeathDate = date;
        DeathsThisMonth.Add(person);
        var unit = person.Household;
        City.Truth.EndResidence(person, date);
        if (person.Partner is { } partner)
        {
            City.Truth.Separate(person, partner, date);
        }

        var family = person.Family;
        City.Truth.LeaveFamily(person, date);
        unit?.Lodgers.Remove(person);
        if (unit is not null)
        {
            AfterAdultLeft(unit, date);
        }

        if (family is not null && family != unit)
        {
            AfterAdultLeft(family, date);
        }
    }

    private void IssueIdentifiersAtBirthday(Person person, int newAge, SynthRandom random)
    {
        if (newAge == 16 && person.Nino is null && random.Chance(0.97))
        {
            person.Nino = City.Identifiers.NextNino();
        }

        if (newAge == 14 && person.Uln is null && random.Chance(0.85))
        {
            person.Uln = City.Identifiers.NextUln();
        }

        if (newAge == 13 && person.Mobile is null && random.Chance(0.85))
        {
            person.Mobile = IdentifierAllocator.Mobile(random);
        }

        if (newAge == 16 && person.Email is null && random.Chance(0.6))
        {
            person.Email = PopulationBuilder.Email(person, random, City.Identifiers);
        }
    }

    private void Births(Unit unit, Month month, SynthRandom random)
    {
        if (unit.Kind is UnitKind.Shared or UnitKind.FosterCarers or UnitKind.CoupleWithAdultChildren)
        {
            return;
        }

        foreach (var woman in unit.Members)
        {
            if (woman.Sex != Sex.Female || woman.Household != unit || !woman.IsAliveOn(month.Start))
            {
                continue;
            }

            var age = woman.AgeOn(month.Start);
            if (age is < 16 or > 45)
            {
                continue;
            }

            var partner = woman.Partner is { Sex: Sex.Male } p && p.Household == unit ? p : null;
            var children = unit.Members.Count(m => m.Mother == woman && m.IsAliveOn(month.Start));
            var lastBirth = unit.Members.Where(m => m.Mother == woman).Select(m => m.BirthDate).DefaultIfEmpty(DateOnly.MinValue).Max();
            if (lastBirth > month.Start.AddMonths(-15))
            {
                continue;
            }

            var fertility = age switch
            {
                < 20 => 0.012,
                < 25 => 0.05,
                < 30 => 0.085,
                < 35 => 0.10,
                < 40 => 0.055,
                _ => 0.012,
            } * (partner is null ? 0.35 : 1.4) * (children >= 3 ? 0.4 : 1.0);
            if (!random.Chance(fertility / 12))
            {
                continue;
            }

            var birthDate = month.Day(random);
            var sex = random.Chance(0.512) ? Sex.Male : Sex.Female;
            var tradition = partner?.Tradition ?? woman.Tradition;
            var surname = population.Naming.ChildSurname(tradition, sex, partner?.Surname, partner?.KnownAsForename, woman.PreviousSurname ?? woman.Surname, partner is not null, random);
            var baby = population.NewPerson(tradition, sex, birthDate, surname, woman, partner, woman.Tradition);
            City.Truth.JoinFamily(baby, unit, MemberRole.Child, birthDate);
            City.Truth.Reside(baby, unit, unit.Property!, birthDate);
            unit.EverFamily = true;
            unit.Kind = unit.Kind switch
            {
                UnitKind.OnePerson => UnitKind.LoneParent,
                UnitKind.Couple => UnitKind.CoupleWithChildren,
                _ => unit.Kind,
            };
            BirthsThisMonth.Add(baby);
            return;
        }
    }

    private void Separation(Unit unit, Month month, SynthRandom random)
    {
        var couple = unit.Members.FirstOrDefault(m => m.Household == unit && m.Partner is { } p && p.Household == unit && m.IsAliveOn(month.Start));
        if (couple is null || unit.Kind is UnitKind.FosterCarers)
        {
            return;
        }

        var partner = couple.Partner!;
        var hazard = 0.0012 + (unit.HasActiveNeed(NeedKind.DomesticAbuse) ? 0.02 : 0) + (unit.HasActiveNeed(NeedKind.ParentalConflict) ? 0.008 : 0);
        if (!random.Chance(hazard))
        {
            return;
        }

        var date = month.Day(random);
        var (man, woman) = couple.Sex == Sex.Male ? (couple, partner) : (partner, couple);
        var children = unit.Children(date).Where(c => c.Household == unit).ToList();
        // The one who is not a birth parent of the children leaves; otherwise usually the man.
        var leaver = children.Count > 0 && children.All(c => c.Mother == woman) && children.Any(c => c.Father != man) ? man
            : children.Count > 0 && children.All(c => c.Father == man) && children.Any(c => c.Mother != woman) ? woman
            : random.Chance(0.85) ? man : woman;
        City.Truth.Separate(man, woman, date);
        LeaveForOwnHome(leaver, date, random, unit.Adversity + (random.Normal() * 0.5));
        unit.Kind = unit.Kind switch
        {
            UnitKind.Couple => UnitKind.OnePerson,
            UnitKind.CoupleWithChildren or UnitKind.Blended => children.Count > 0 ? UnitKind.LoneParent : UnitKind.OnePerson,
            _ => unit.Kind,
        };
    }

    private void LeavingHome(Unit unit, Month month, SynthRandom random)
    {
        foreach (var member in unit.Members.ToList())
        {
            if (member.Household != unit || member.Role is not (MemberRole.Child or MemberRole.AdultChild) || !member.IsAliveOn(month.Start))
            {
                continue;
            }

            var age = member.AgeOn(month.Start);
            if (age < 18 || member.Care?.InCare == true)
            {
                continue;
            }

            if (random.Chance(age < 20 ? 0.006 : 0.015))
            {
                var date = month.Day(random);
                if (random.Chance(0.2))
                {
                    LeaveCity(member, date, random);
                }
                else
                {
                    LeaveForOwnHome(member, date, random, unit.Adversity * 0.6 + (random.Normal() * 0.8));
                }
            }
            else if (member.Role == MemberRole.Child && age >= 18)
            {
                City.Truth.JoinFamily(member, unit, MemberRole.AdultChild, month.Start);
            }
        }

        AfterAdultLeft(unit, month.Start);
    }

    private void Partnering(Unit unit, Month month, SynthRandom random)
    {
        if (unit.Kind is not (UnitKind.OnePerson or UnitKind.LoneParent) || _singles.Count < 2)
        {
            return;
        }

        var adult = unit.Members.FirstOrDefault(m => m.Household == unit && m.AgeOn(month.Start) is >= 20 and <= 55 && m.Partner is null && m.IsAliveOn(month.Start));
        if (adult is null || !random.Chance(0.0015))
        {
            return;
        }

        for (var attempt = 0; attempt < 15; attempt++)
        {
            var other = _singles[random.Next(_singles.Count)];
            if (other == unit || other.Property is null || other.Members.Count != 1)
            {
                continue;
            }

            var candidate = other.Members[0];
            if (candidate.Sex == adult.Sex || !candidate.IsAliveOn(month.Start) || Math.Abs(candidate.AgeOn(month.Start) - adult.AgeOn(month.Start)) > 8 || Related(candidate, adult))
            {
                continue;
            }

            var date = month.Day(random);
            var hasChildren = unit.Children(date).Any();
            City.Truth.Partner(adult, candidate, date);
            Relocate(candidate, unit, hasChildren ? MemberRole.StepParent : MemberRole.Adult, date);
            unit.Kind = hasChildren ? UnitKind.Blended : UnitKind.Couple;
            if (hasChildren && adult.Role == MemberRole.Adult)
            {
                City.Truth.JoinFamily(adult, unit, MemberRole.Parent, date);
            }

            _singles.Remove(other);
            return;
        }
    }

    private void Moving(Unit unit, Month month, SynthRandom random)
    {
        var hazard = 0.0075 * unit.Tenure switch
        {
            Tenure.PrivateRented => 2.0,
            Tenure.SocialRented => 0.7,
            Tenure.TemporaryAccommodation => 0,
            Tenure.Institutional => 0,
            _ => 0.6,
        } * (unit.HasActiveNeed(NeedKind.HousingInsecurity) ? 2.0 : 1.0);
        if (unit.Kind == UnitKind.FosterCarers || !random.Chance(hazard))
        {
            return;
        }

        var date = month.Day(random);
        if (random.Chance(0.07) && unit.Lodgers.Count == 0)
        {
            // The household leaves the city: they live outside it from now on.
            var away = City.OutOfArea[random.Next(City.OutOfArea.Count)];
            foreach (var resident in unit.Residents(date).ToList())
            {
                City.Truth.ResideElsewhere(resident, away, date);
            }

            Vacate(unit);
            unit.Departed = true;
            return;
        }

        var locality = random.Chance(0.6) ? unit.Property!.Locality : City.LocalityFor(unit.Adversity, random);
        var wantsHouse = unit.Children(date).Any();
        var home = City.TakeVacantHome(locality, wantsHouse, random);
        if (home is not null)
        {
            MoveUnit(unit, home, date);
        }
    }

    /// <summary>Moves a whole unit, with everyone living in it, to another home.</summary>
    public void MoveUnit(Unit unit, Property to, DateOnly date)
    {
        var residents = unit.Residents(date).ToList();
        Vacate(unit);
        unit.Property = to;
        unit.PropertyFrom = date;
        to.Occupant = unit;
        foreach (var resident in residents)
        {
            City.Truth.Reside(resident, unit, to, date);
        }

        MovedThisMonth.Add(unit);
    }

    /// <summary>A person leaves their unit for a home of their own in the city.</summary>
    public Unit LeaveForOwnHome(Person person, DateOnly date, SynthRandom random, double adversity)
    {
        var unit = City.NewUnit(UnitKind.OnePerson, adversity);
        unit.Tenure = random.Chance(0.6) ? Tenure.PrivateRented : random.Chance(0.6) ? Tenure.SocialRented : Tenure.OwnerOccupied;
        var home = City.TakeVacantHome(City.LocalityFor(adversity, random), wantsHouse: false, random);
        if (home is null)
        {
            LeaveCity(person, date, random);
            return unit;
        }

        unit.Property = home;
        unit.PropertyFrom = date;
        home.Occupant = unit;
        Relocate(person, unit, MemberRole.Adult, date);
        return unit;
    }

    /// <summary>A person moves away from the city: they keep their family ties in the truth, but live elsewhere.</summary>
    public void LeaveCity(Person person, DateOnly date, SynthRandom random)
    {
        var old = person.Household;
        if (person.Family is { } family && person.AgeOn(date) >= 18)
        {
            City.Truth.LeaveFamily(person, date);
            if (family.Needs.Any(n => n.Active && n.Carrier == person))
            {
                foreach (var kind in NeedKinds.All.Where(k => family.Needs[(int)k].Carrier == person))
                {
                    Modules.Needs.End(family, kind, date);
                }
            }
        }

        City.Truth.ResideElsewhere(person, City.OutOfArea[random.Next(City.OutOfArea.Count)], date);
        if (old is not null)
        {
            AfterAdultLeft(old, date);
        }
    }

    /// <summary>Moves a person into another unit's family and home.</summary>
    public void Relocate(Person person, Unit to, MemberRole role, DateOnly date)
    {
        var old = person.Family;
        var oldHome = person.Household;
        City.Truth.LeaveFamily(person, date);
        City.Truth.JoinFamily(person, to, role, date);
        if (to.Property is not null)
        {
            City.Truth.Reside(person, to, to.Property, date);
        }

        if (old is not null && old != to)
        {
            Modules.Needs.CarrierMoved(person, old, to, date);
            AfterAdultLeft(old, date);
        }

        if (oldHome is not null && oldHome != old && oldHome != to)
        {
            AfterAdultLeft(oldHome, date);
        }
    }

    /// <summary>Frees the unit's home for others.</summary>
    public void Vacate(Unit unit)
    {
        if (unit.Property is { } property)
        {
            property.Occupant = null;
            if (property.Kind is PropertyKind.House or PropertyKind.NamedHouse or PropertyKind.Flat or PropertyKind.TemporaryAccommodation)
            {
                if (property.Kind == PropertyKind.TemporaryAccommodation)
                {
                    City.TemporaryAccommodation.Add(property);
                }
                else
                {
                    property.Locality.AddVacant(property);
                }
            }

            unit.Property = null;
        }
    }

    /// <summary>After someone leaves, a unit with nobody left living in it gives up its home.</summary>
    private void AfterAdultLeft(Unit unit, DateOnly date)
    {
        if (unit.Property is null)
        {
            return;
        }

        var anyone = unit.Residents(date).Any();
        if (!anyone)
        {
            Vacate(unit);
            return;
        }

        if (!unit.Adults(date).Any() && unit.Kind != UnitKind.ChildrensHome)
        {
            // Children left without an adult at home are taken into care.
            foreach (var child in unit.Residents(date).ToList())
            {
                Modules.SocialCare.TakeIntoCare(child, date, City.Stream("orphaned", child.Id), orphaned: true);
            }

            if (!unit.Residents(date).Any())
            {
                Vacate(unit);
            }
        }
    }

    private static bool Related(Person a, Person b) =>
        a.Family == b.Family || a.Mother == b || a.Father == b || b.Mother == a || b.Father == a ||
        (a.Mother is not null && a.Mother == b.Mother) || (a.Father is not null && a.Father == b.Father);
}
