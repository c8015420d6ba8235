using Hearth.Synth.Randomness;
using Hearth.Synth.Reference;
using Hearth.Synth.World;

namespace Hearth.Synth.Build;

/// <summary>
/// Fills the city with households of realistic shapes at the start of the window: people living alone, couples,
/// families with children, lone parents (often with the other parent elsewhere in the city), blended families with
/// step- and half-siblings, multi-generation households, sharers, and extended families whose grandparents and
/// adult children live in their own homes across the city.
/// </summary>
public sealed class PopulationBuilder
{
    private static readonly WeightedTable<Template> Templates = WeightedTable.Of<Template>(
        (Template.Single, 27),
        (Template.Couple, 19),
        (Template.CoupleWithChildren, 15),
        (Template.LoneParent, 8),
        (Template.Blended, 3),
        (Template.Multigenerational, 2),
        (Template.CoupleWithAdultChildren, 5),
        (Template.Shared, 3),
        (Template.ExtendedFamily, 8));

    private static readonly WeightedTable<int> ChildCounts = WeightedTable.Of<int>((1, 38), (2, 38), (3, 16), (4, 6), (5, 2));

    private readonly City _city;
    private readonly Naming _naming;
    private readonly SynthRandom _random;
    private readonly DateOnly _start;
    private readonly double _nhsCoverage;

    public PopulationBuilder(City city)
    {
        _city = city;
        _naming = new Naming(city.Reference);
        _random = city.Stream("population");
        _start = city.Start;
        // The test range has 909,091 valid NHS numbers. Everyone born or registered in England has one; a few recent
        // arrivals do not. Above about 900,000 people the share with a number falls so that the range suffices.
        _nhsCoverage = Math.Min(0.985, IdentifierAllocator.NhsTestRangeCapacity * 0.93 / (city.Options.People * 1.05));
    }

    public Naming Naming => _naming;

    private enum Template
    {
        Single,
        Couple,
        CoupleWithChildren,
        LoneParent,
        Blended,
        Multigenerational,
        CoupleWithAdultChildren,
        Shared,
        ExtendedFamily,
    }

    public void Build()
    {
        var target = _city.Options.People;
        while (_city.People.Count < target)
        {
            var tradition = _city.Reference.TraditionTable.Pick(_random);
            var adversity = _random.Normal();
            var template = Templates.Pick(_random);
            if (template == Template.Multigenerational && !IsOftenMultigenerational(tradition) && _random.Chance(0.7))
            {
                template = Template.CoupleWithChildren;
            }

            switch (template)
            {
                case Template.Single:
                    BuildSingle(tradition, adversity, AgeForSingle());
                    break;
                case Template.Couple:
                    BuildCouple(tradition, adversity, AgeForCouple());
                    break;
                case Template.CoupleWithChildren:
                    BuildFamilyWithChildren(tradition, adversity, anchor: null, lone: false);
                    break;
                case Template.LoneParent:
                    BuildFamilyWithChildren(tradition, adversity, anchor: null, lone: true);
                    break;
                case Template.Blended:
                    BuildBlended(tradition, adversity, anchor: null);
                    break;
                case Template.Multigenerational:
                    BuildMultigenerational(tradition, adversity);
                    break;
                case Template.CoupleWithAdultChildren:
                    BuildCoupleWithAdultChildren(tradition, adversity);
                    break;
                case Template.Shared:
                    BuildShared(adversity);
                    break;
                default:
                    BuildExtendedFamily(tradition, adversity);
                    break;
            }
        }
    }

    // Households

    private Unit BuildSingle(Tradition tradition, double adversity, int age, Person? existing = null)
    {
        var unit = _city.NewUnit(UnitKind.OnePerson, adversity);
        var person = existing ?? NewAdult(tradition, _random.Chance(0.5) ? Sex.Male : Sex.Female, age);
        Join(person, unit, MemberRole.Adult);
        Place(unit);
        return unit;
    }

    private Unit BuildCouple(Tradition tradition, double adversity, int age, Person? existing = null)
    {
        var unit = _city.NewUnit(UnitKind.Couple, adversity);
        var (man, woman) = Couple(tradition, age, existing);
        Join(man, unit, MemberRole.Adult);
        Join(woman, unit, MemberRole.Adult);
        _city.Truth.Partner(man, woman, UnionDate(man, woman, null));
        Place(unit);
        return unit;
    }

    private void BuildFamilyWithChildren(Tradition tradition, double adversity, Person? anchor, bool lone)
    {
        var kids = ChildCounts.Pick(_random);
        var youngest = YoungestChildAge();
        var ages = ChildAges(kids, youngest);
        if (anchor is not null)
        {
            // An existing adult becomes the parent: their children must be young enough to be theirs.
            var oldestPossible = anchor.AgeOn(_start) - (anchor.Sex == Sex.Female ? 17 : 19);
            if (oldestPossible < 0)
            {
                BuildCouple(tradition, adversity, anchor.AgeOn(_start), anchor);
                return;
            }

            ages = ChildAges(kids, Math.Min(youngest, oldestPossible)).Where(a => a <= oldestPossible).ToList();
        }

        var motherAge = Math.Clamp(ages[0] + (int)Math.Round(_random.Normal(28.5, 5.5)), ages[0] + 17, ages[0] + 44);
        if (anchor is { Sex: Sex.Male })
        {
            motherAge = Math.Clamp(motherAge, ages[0] + 17, anchor.AgeOn(_start) + 6);
        }
        var unit = _city.NewUnit(lone ? UnitKind.LoneParent : UnitKind.CoupleWithChildren, adversity);

        Person mother;
        Person? father = null;
        Person? resident = null;
        string fatherSurname;
        string fatherForename;
        var parentsTogether = !lone;

        if (lone)
        {
            // Nine in ten lone parents are mothers.
            var motherIsParent = anchor is null ? _random.Chance(0.9) : anchor.Sex == Sex.Female;
            if (!motherIsParent)
            {
                father = anchor ?? NewAdult(tradition, Sex.Male, motherAge + 2);
                mother = NewAdult(tradition, Sex.Female, father.AgeOn(_start) - 2);
                resident = father;
                fatherSurname = father.Surname;
                fatherForename = father.KnownAsForename;
            }
            else
            {
                mother = anchor ?? NewAdult(tradition, Sex.Female, motherAge);
                resident = mother;
                var otherParentInCity = _random.Chance(0.5);
                if (otherParentInCity)
                {
                    father = NewAdult(PartnerTradition(tradition), Sex.Male, Math.Max(18, mother.AgeOn(_start) + (int)Math.Round(_random.Normal(2, 4))));
                    fatherSurname = father.Surname;
                    fatherForename = father.KnownAsForename;
                }
                else
                {
                    fatherSurname = Naming.AdultSurname(tradition, Sex.Male, _random);
                    fatherForename = Naming.Forenames(tradition, Sex.Male, 1985, _random, out var knownAs)[knownAs];
                }
            }
        }
        else
        {
            (father, mother) = Couple(tradition, motherAge + 2, anchor, womanAge: anchor?.Sex == Sex.Female ? null : motherAge);
            fatherSurname = father.Surname;
            fatherForename = father.KnownAsForename;
        }

        var children = new List<Person>();
        foreach (var age in ages)
        {
            var sex = _random.Chance(0.512) ? Sex.Male : Sex.Female;
            var surname = _naming.ChildSurname(father?.Tradition ?? tradition, sex, fatherSurname, fatherForename, MaidenOrCurrent(mother), parentsTogether, _random);
            children.Add(NewPerson(father?.Tradition ?? tradition, sex, BirthDateForAge(age), surname, mother, father, mother.Tradition));
        }

        if (lone)
        {
            var parent = resident!;
            Join(parent, unit, MemberRole.Parent);
            foreach (var child in children)
            {
                Join(child, unit, child.AgeOn(_start) >= 18 ? MemberRole.AdultChild : MemberRole.Child);
            }

            Place(unit);
            var otherParent = parent == mother ? father : mother;
            if (otherParent is not null && otherParent.Household is null)
            {
                // The other parent lives elsewhere in the city: alone, or with a new partner.
                if (_random.Chance(0.4))
                {
                    BuildCouple(otherParent.Tradition, adversity + (_random.Normal() * 0.5), otherParent.AgeOn(_start), otherParent);
                }
                else
                {
                    BuildSingle(otherParent.Tradition, adversity + (_random.Normal() * 0.5), otherParent.AgeOn(_start), otherParent);
                }
            }
        }
        else
        {
            Join(father!, unit, MemberRole.Parent);
            Join(mother, unit, MemberRole.Parent);
            _city.Truth.Partner(father!, mother, UnionDate(father!, mother, children.Min(c => c.BirthDate)));
            MaybeTakeHusbandsSurname(mother, father!);
            foreach (var child in children)
            {
                Join(child, unit, child.AgeOn(_start) >= 18 ? MemberRole.AdultChild : MemberRole.Child);
            }

            Place(unit);
        }

        // Grown-up children who have left home live in their own homes, some in the city.
        foreach (var child in children.Where(c => c.AgeOn(_start) >= 19).ToList())
        {
            if (_random.Chance(0.55))
            {
                MoveOutAtStart(child, adversity);
            }
        }
    }

    private void BuildBlended(Tradition tradition, double adversity, Person? anchor)
    {
        var priorAges = ChildAges(_random.Next(1, 3), _random.Next(3, 15));
        if (anchor is not null && anchor.AgeOn(_start) < priorAges[0] + 19)
        {
            BuildFamilyWithChildren(tradition, adversity, anchor, lone: false);
            return;
        }

        var unit = _city.NewUnit(UnitKind.Blended, adversity);
        var motherAge = Math.Clamp(priorAges[0] + (int)Math.Round(_random.Normal(25, 4.5)), priorAges[0] + 17, 50);
        var mother = anchor is { Sex: Sex.Female } ? anchor : NewAdult(tradition, Sex.Female, motherAge);
        var stepfather = anchor is { Sex: Sex.Male } ? anchor : NewAdult(PartnerTradition(tradition), Sex.Male, mother.AgeOn(_start) + (int)Math.Round(_random.Normal(2, 4)));

        // The children's father: in the city half the time, otherwise only his name survives in theirs.
        Person? exPartner = _random.Chance(0.5) ? NewAdult(tradition, Sex.Male, mother.AgeOn(_start) + (int)Math.Round(_random.Normal(2, 4))) : null;
        var exSurname = exPartner?.Surname ?? Naming.AdultSurname(tradition, Sex.Male, _random);
        var exForename = exPartner?.KnownAsForename ?? Naming.Forenames(tradition, Sex.Male, 1985, _random, out var k)[k];
        var stepChildren = new List<Person>();
        foreach (var age in priorAges)
        {
            var sex = _random.Chance(0.512) ? Sex.Male : Sex.Female;
            var surname = _naming.ChildSurname(tradition, sex, exSurname, exForename, MaidenOrCurrent(mother), parentsTogether: true, _random);
            stepChildren.Add(NewPerson(tradition, sex, BirthDateForAge(age), surname, mother, exPartner, mother.Tradition));
        }

        // The stepfather's own children: some live here, the rest with their mother elsewhere in the city.
        var hisChildren = new List<Person>();
        Person? hisEx = null;
        if (_random.Chance(0.4))
        {
            hisEx = NewAdult(stepfather.Tradition, Sex.Female, stepfather.AgeOn(_start) - 2);
            foreach (var age in ChildAges(_random.Next(1, 3), _random.Next(2, 14)))
            {
                var sex = _random.Chance(0.512) ? Sex.Male : Sex.Female;
                var surname = _naming.ChildSurname(stepfather.Tradition, sex, stepfather.Surname, stepfather.KnownAsForename, hisEx.Surname, parentsTogether: true, _random);
                hisChildren.Add(NewPerson(stepfather.Tradition, sex, BirthDateForAge(age), surname, hisEx, stepfather, hisEx.Tradition));
            }
        }

        // Their own children together: half-siblings to both sets.
        var youngestPrior = stepChildren.Concat(hisChildren).Min(c => c.AgeOn(_start));
        var union = _start.AddDays(-_random.Next(200, Math.Max(400, youngestPrior * 365)));
        var joint = new List<Person>();
        if (youngestPrior >= 2 && _random.Chance(0.55))
        {
            var jointCount = _random.Next(1, 3);
            for (var i = 0; i < jointCount; i++)
            {
                var age = _random.Next(0, Math.Max(1, Math.Min(youngestPrior - 1, (_start.DayNumber - union.DayNumber) / 365)));
                var sex = _random.Chance(0.512) ? Sex.Male : Sex.Female;
                var surname = _naming.ChildSurname(stepfather.Tradition, sex, stepfather.Surname, stepfather.KnownAsForename, MaidenOrCurrent(mother), parentsTogether: true, _random);
                joint.Add(NewPerson(stepfather.Tradition, sex, BirthDateForAge(age), surname, mother, stepfather, mother.Tradition));
            }
        }

        Join(mother, unit, MemberRole.Parent);
        Join(stepfather, unit, MemberRole.StepParent);
        _city.Truth.Partner(stepfather, mother, union);
        MaybeTakeHusbandsSurname(mother, stepfather);
        foreach (var child in stepChildren.Concat(joint))
        {
            Join(child, unit, MemberRole.Child);
        }

        // A child sometimes goes by the stepfather's surname at school and elsewhere.
        foreach (var child in stepChildren.Where(_ => _random.Chance(0.15)))
        {
            child.PreviousSurname = child.Surname;
            child.Surname = _naming.Gendered(stepfather.Surname, child.Sex);
            child.SurnameChangedOn = union.AddDays(_random.Next(30, 600));
            if (child.SurnameChangedOn > _start)
            {
                child.SurnameChangedOn = _start.AddDays(-1);
            }
        }

        var livingHere = hisChildren.Where(_ => _random.Chance(0.3)).ToList();
        foreach (var child in livingHere)
        {
            Join(child, unit, MemberRole.Child);
        }

        Place(unit);

        if (exPartner is not null)
        {
            BuildSingle(exPartner.Tradition, adversity, exPartner.AgeOn(_start), exPartner);
        }

        if (hisEx is not null)
        {
            var theirUnit = _city.NewUnit(UnitKind.LoneParent, adversity + (_random.Normal() * 0.4));
            Join(hisEx, theirUnit, MemberRole.Parent);
            foreach (var child in hisChildren.Except(livingHere))
            {
                Join(child, theirUnit, MemberRole.Child);
            }

            Place(theirUnit);
        }
    }

    private void BuildMultigenerational(Tradition tradition, double adversity)
    {
        var unit = _city.NewUnit(UnitKind.Multigenerational, adversity);
        var grandfatherAge = _random.Next(58, 86);
        var (grandfather, grandmother) = Couple(tradition, grandfatherAge, null);
        var widowed = _random.Chance(0.35);
        if (!widowed)
        {
            Join(grandfather, unit, MemberRole.Grandparent);
            _city.Truth.Partner(grandfather, grandmother, UnionDate(grandfather, grandmother, null));
        }

        Join(grandmother, unit, MemberRole.Grandparent);
        MaybeTakeHusbandsSurname(grandmother, grandfather);

        // A son (more often, in the traditions where this is common) brings his wife and children home.
        var parentAge = Math.Max(22, grandmother.AgeOn(_start) - _random.Next(22, 36));
        var sex = _random.Chance(0.7) ? Sex.Male : Sex.Female;
        var adultChild = NewPerson(tradition, sex, BirthDateForAge(parentAge), _naming.ChildSurname(tradition, sex, grandfather.Surname, grandfather.KnownAsForename, MaidenOrCurrent(grandmother), true, _random), grandmother, grandfather, grandmother.Tradition);
        var kids = ChildAges(ChildCounts.Pick(_random), Math.Min(Math.Max(0, parentAge - 20), _random.Next(0, 14)));
        var partner = _random.Chance(0.8) ? NewAdult(tradition, sex == Sex.Male ? Sex.Female : Sex.Male, parentAge + (sex == Sex.Male ? -2 : 2)) : null;
        var mother = sex == Sex.Female ? adultChild : partner;
        var father = sex == Sex.Male ? adultChild : partner;
        Join(adultChild, unit, MemberRole.Parent);
        if (partner is not null)
        {
            Join(partner, unit, MemberRole.Parent);
            _city.Truth.Partner(father!, mother!, UnionDate(father!, mother!, null));
            MaybeTakeHusbandsSurname(mother!, father!);
        }

        foreach (var age in kids.Where(a => a <= parentAge - 16))
        {
            var childSex = _random.Chance(0.512) ? Sex.Male : Sex.Female;
            var surname = _naming.ChildSurname(tradition, childSex, father?.Surname, father?.KnownAsForename, mother is null ? adultChild.Surname : MaidenOrCurrent(mother), partner is not null, _random);
            Join(NewPerson(tradition, childSex, BirthDateForAge(age), surname, mother, father, tradition), unit, MemberRole.Child);
        }

        Place(unit);
        if (widowed && grandfather.IsAliveOn(_start))
        {
            // The grandfather in a "widowed" household died before the window; he stays in the truth as the parent.
            grandfather.DeathDate = _start.AddDays(-_random.Next(200, 4000));
            _city.Truth.JoinFamily(grandfather, unit, MemberRole.Grandparent, grandfather.DeathDate.Value.AddDays(-1));
            _city.Truth.LeaveFamily(grandfather, grandfather.DeathDate.Value);
        }
    }

    private void BuildCoupleWithAdultChildren(Tradition tradition, double adversity)
    {
        var unit = _city.NewUnit(UnitKind.CoupleWithAdultChildren, adversity);
        var fatherAge = _random.Next(44, 70);
        var (father, mother) = Couple(tradition, fatherAge, null);
        Join(father, unit, MemberRole.Parent);
        Join(mother, unit, MemberRole.Parent);
        _city.Truth.Partner(father, mother, UnionDate(father, mother, null));
        MaybeTakeHusbandsSurname(mother, father);
        var count = _random.Next(1, 3);
        for (var i = 0; i < count; i++)
        {
            var age = Math.Clamp(mother.AgeOn(_start) - _random.Next(22, 34), 18, 34);
            var sex = _random.Chance(0.55) ? Sex.Male : Sex.Female;
            var surname = _naming.ChildSurname(tradition, sex, father.Surname, father.KnownAsForename, MaidenOrCurrent(mother), true, _random);
            Join(NewPerson(tradition, sex, BirthDateForAge(age), surname, mother, father, mother.Tradition), unit, MemberRole.AdultChild);
        }

        Place(unit);
    }

    private void BuildShared(double adversity)
    {
        var unit = _city.NewUnit(UnitKind.Shared, adversity);
        var count = _random.Next(2, 5);
        for (var i = 0; i < count; i++)
        {
            var tradition = _city.Reference.TraditionTable.Pick(_random);
            Join(NewAdult(tradition, _random.Chance(0.5) ? Sex.Male : Sex.Female, _random.Next(19, 36)), unit, MemberRole.Sharer);
        }

        Place(unit);
    }

    /// <summary>Grandparents in their own home, and two or three grown-up children each with a household of their own.</summary>
    private void BuildExtendedFamily(Tradition tradition, double adversity)
    {
        var grandfatherAge = _random.Next(56, 90);
        var (grandfather, grandmother) = Couple(tradition, grandfatherAge, null);
        var grandparents = _city.NewUnit(UnitKind.Couple, adversity + (_random.Normal() * 0.4));
        if (_random.Chance(0.3))
        {
            grandparents.Kind = UnitKind.OnePerson;
            var survivor = _random.Chance(0.7) ? grandmother : grandfather;
            var died = survivor == grandmother ? grandfather : grandmother;
            died.DeathDate = _start.AddDays(-_random.Next(100, 5000));
            Join(survivor, grandparents, MemberRole.Adult);
        }
        else
        {
            Join(grandfather, grandparents, MemberRole.Adult);
            Join(grandmother, grandparents, MemberRole.Adult);
            _city.Truth.Partner(grandfather, grandmother, UnionDate(grandfather, grandmother, null));
        }

        MaybeTakeHusbandsSurname(grandmother, grandfather);
        Place(grandparents);

        var adultChildren = _random.Next(2, 4);
        for (var i = 0; i < adultChildren; i++)
        {
            var age = Math.Max(19, grandmother.AgeOn(_start) - _random.Next(21, 38));
            var sex = _random.Chance(0.5) ? Sex.Male : Sex.Female;
            var surname = _naming.ChildSurname(tradition, sex, grandfather.Surname, grandfather.KnownAsForename, MaidenOrCurrent(grandmother), true, _random);
            var adultChild = NewPerson(tradition, sex, BirthDateForAge(age), surname, grandmother, grandfather, grandmother.Tradition);
            var childAdversity = (adversity * 0.6) + (_random.Normal() * 0.8);
            var shape = _random.Next(100);
            if (age < 22 || shape < 22)
            {
                BuildSingle(tradition, childAdversity, age, adultChild);
            }
            else if (shape < 40)
            {
                BuildCouple(tradition, childAdversity, age, adultChild);
            }
            else if (shape < 78)
            {
                BuildFamilyWithChildren(tradition, childAdversity, adultChild, lone: false);
            }
            else if (shape < 94)
            {
                BuildFamilyWithChildren(tradition, childAdversity, adultChild, lone: true);
            }
            else
            {
                BuildBlended(tradition, childAdversity, adultChild);
            }
        }
    }

    private void MoveOutAtStart(Person child, double adversity)
    {
        _city.Truth.LeaveFamily(child, _start.AddDays(-_random.Next(30, 1500)));
        _city.Truth.EndResidence(child, _start.AddDays(-1));
        child.Household = null;
        child.Homes.Clear();
        var childAdversity = (adversity * 0.6) + (_random.Normal() * 0.8);
        if (_random.Chance(0.6) || child.AgeOn(_start) < 22)
        {
            BuildSingle(child.Tradition, childAdversity, child.AgeOn(_start), child);
        }
        else
        {
            BuildCouple(child.Tradition, childAdversity, child.AgeOn(_start), child);
        }
    }

    // People

    private (Person Man, Person Woman) Couple(Tradition tradition, int manAge, Person? existing, int? womanAge = null)
    {
        if (existing is not null)
        {
            var partnerTradition = PartnerTradition(existing.Tradition);
            var partnerAge = existing.Sex == Sex.Male
                ? Math.Max(18, womanAge ?? existing.AgeOn(_start) - (int)Math.Round(_random.Normal(2, 3)))
                : Math.Max(18, existing.AgeOn(_start) + (int)Math.Round(_random.Normal(2, 3)));
            var partner = NewAdult(partnerTradition, existing.Sex == Sex.Male ? Sex.Female : Sex.Male, partnerAge);
            return existing.Sex == Sex.Male ? (existing, partner) : (partner, existing);
        }

        var man = NewAdult(tradition, Sex.Male, Math.Max(18, manAge));
        var woman = NewAdult(PartnerTradition(tradition), Sex.Female, Math.Max(18, womanAge ?? manAge - (int)Math.Round(_random.Normal(2, 3))));
        return (man, woman);
    }

    private Tradition PartnerTradition(Tradition tradition) =>
        _random.Chance(0.08) ? _city.Reference.TraditionTable.Pick(_random) : tradition;

    private Person NewAdult(Tradition tradition, Sex sex, int age) =>
        NewPerson(tradition, sex, BirthDateForAge(Math.Clamp(age, 18, 100)), Naming.AdultSurname(tradition, sex, _random), null, null, null);

    public Person NewPerson(Tradition tradition, Sex sex, DateOnly birthDate, string surname, Person? mother, Person? father, Tradition? motherTradition)
    {
        // A child of a mixed couple may take forenames from either side.
        var nameTradition = motherTradition is not null && motherTradition != tradition && _random.Chance(0.5) ? motherTradition : tradition;
        var forenames = Naming.Forenames(nameTradition, sex, birthDate.Year, _random, out var knownAs);
        var ethnicity = mother is null && father is null
            ? tradition.Ethnicities.Pick(_random)
            : Naming.ChildEthnicity(mother?.Ethnicity, father?.Ethnicity, tradition, _random);
        var language = tradition.Languages.Pick(_random);
        if (mother is not null && language != "ENG" && _random.Chance(0.4))
        {
            language = "ENG";
        }

        var person = new Person
        {
            Id = _city.NextPersonId,
            Sex = sex,
            BirthDate = birthDate,
            Forenames = forenames,
            KnownAs = knownAs,
            Surname = surname,
            Tradition = tradition,
            Ethnicity = ethnicity,
            Language = language,
            Mother = mother,
            Father = father,
        };
        AssignIdentifiers(person, _start > birthDate ? _start : birthDate);
        return _city.AddPerson(person);
    }

    /// <summary>Gives a person the identifiers someone of their age holds on the date.</summary>
    public void AssignIdentifiers(Person person, DateOnly asOf)
    {
        var random = _city.Stream("identifiers", person.Id);
        if (random.Chance(_nhsCoverage))
        {
            person.NhsNumber = _city.Identifiers.NextNhsNumber();
        }

        var age = person.AgeOn(asOf);
        if (age >= 16 && random.Chance(0.97))
        {
            person.Nino = _city.Identifiers.NextNino();
        }

        if (age is >= 14 and <= 26 && random.Chance(0.85))
        {
            person.Uln = _city.Identifiers.NextUln();
        }

        if (age >= 13 && random.Chance(0.85))
        {
            person.Mobile = IdentifierAllocator.Mobile(random);
        }

        if (age >= 16 && random.Chance(0.7))
        {
            person.Email = Email(person, random, _city.Identifiers);
        }
    }

    public static string Email(Person person, SynthRandom random, IdentifierAllocator identifiers)
    {
        static string Clean(string text) => new([.. Feeds.TextFolding.ToAscii(text).ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);
        string[] domains = ["example.com", "example.org", "example.net"];
        var local = Clean(person.KnownAsForename) + (random.Chance(0.5) ? "." : string.Empty) + Clean(person.Surname);
        if (random.Chance(0.5))
        {
            local += (person.BirthDate.Year % 100).ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
        }

        return identifiers.ClaimEmail(local, domains[random.Next(domains.Length)]);
    }

    private void Join(Person person, Unit unit, MemberRole role)
    {
        // Children belong from birth; adults' start is set in Place, once the unit's partnerships and home are known.
        _city.Truth.JoinFamily(person, unit, role, role is MemberRole.Child or MemberRole.AdultChild ? person.BirthDate : _start);
        if (role is MemberRole.Child or MemberRole.AdultChild || unit.Kind is UnitKind.CoupleWithChildren or UnitKind.LoneParent or UnitKind.Blended or UnitKind.Multigenerational)
        {
            unit.EverFamily = true;
        }
    }

    private void Place(Unit unit)
    {
        var locality = _city.LocalityFor(unit.Adversity, _random);
        var wantsHouse = unit.Kind is not (UnitKind.OnePerson or UnitKind.Shared) && _random.Chance(0.85);
        var property = _city.TakeVacantHome(locality, wantsHouse, _random)
            ?? throw new InvalidOperationException("The city ran out of homes; the geography is sized too small for the population.");
        unit.Tenure = _random.Chance(City.Logistic(-1.5 + (1.3 * unit.Adversity)))
            ? Tenure.SocialRented
            : _random.Chance(unit.Kind is UnitKind.OnePerson or UnitKind.Shared ? 0.45 : 0.2) ? Tenure.PrivateRented : Tenure.OwnerOccupied;

        // How long the unit has lived here: never before its youngest adult was 17.
        var youngestAdultAge = unit.Members.Where(m => m.AgeOn(_start) >= 18).Select(m => m.AgeOn(_start)).DefaultIfEmpty(18).Min();
        var years = Math.Min(_random.Exponential(6.5), Math.Max(0.2, youngestAdultAge - 17));
        var from = _start.AddDays(-(int)(years * 365) - 1);
        unit.Property = property;
        unit.PropertyFrom = from;
        property.Occupant = unit;
        var formed = FamilyFormed(unit, from);
        foreach (var member in unit.Members.Where(m => m.Role is not (MemberRole.Child or MemberRole.AdultChild)))
        {
            var adulthood = member.BirthDate.AddYears(16);
            _city.Truth.BackdateFamily(member, formed > adulthood ? formed : adulthood);
        }

        foreach (var member in unit.Members)
        {
            if (member.Household is null && member.IsAliveOn(_start))
            {
                _city.Truth.Reside(member, unit, property, member.BirthDate > from ? member.BirthDate : from);
            }
        }
    }

    // Ages and dates

    /// <summary>When a unit's family began: the earliest of its partnerships, its oldest child's birth, and moving in.</summary>
    private DateOnly FamilyFormed(Unit unit, DateOnly movedIn)
    {
        var formed = movedIn;
        foreach (var adult in unit.Members)
        {
            if (_city.Truth.OpenPartnership(adult) is { } partnership && partnership.From < formed && unit.Members.Contains(partnership.A == adult ? partnership.B : partnership.A))
            {
                formed = partnership.From;
            }
        }

        foreach (var child in unit.Members.Where(m => m.Role is MemberRole.Child or MemberRole.AdultChild))
        {
            if (child.BirthDate < formed && (unit.Members.Contains(child.Mother!) || unit.Members.Contains(child.Father!)))
            {
                formed = child.BirthDate;
            }
        }

        return formed;
    }

    private int AgeForSingle() => _random.Next(100) switch
    {
        < 22 => _random.Next(19, 35),
        < 55 => _random.Next(35, 65),
        _ => _random.Next(65, 96),
    };

    private int AgeForCouple() => _random.Next(100) switch
    {
        < 25 => _random.Next(21, 41),
        < 62 => _random.Next(41, 66),
        _ => _random.Next(66, 89),
    };

    /// <summary>The youngest child's age: roughly even from 0 to 14, so that children of every age are as common as in England.</summary>
    private int YoungestChildAge() => _random.Next(0, 15);

    /// <summary>Ages of a set of siblings, oldest first, the youngest being <paramref name="youngest"/>.</summary>
    private List<int> ChildAges(int count, int youngest)
    {
        var ages = new List<int> { youngest };
        for (var i = 1; i < count; i++)
        {
            ages.Add(ages[^1] + Math.Max(1, (int)Math.Round(_random.Normal(3, 1.3))));
        }

        ages.Reverse();
        return ages;
    }

    private DateOnly BirthDateForAge(int age) => _start.AddYears(-age - 1).AddDays(_random.Next(1, 366));

    private DateOnly UnionDate(Person a, Person b, DateOnly? firstChild)
    {
        var younger = a.BirthDate > b.BirthDate ? a.BirthDate : b.BirthDate;
        var earliest = younger.AddYears(18);
        var latest = firstChild?.AddDays(-200) ?? _start.AddDays(-30);
        if (latest <= earliest)
        {
            return earliest;
        }

        var span = latest.DayNumber - earliest.DayNumber;
        return latest.AddDays(-Math.Min(span, (int)_random.Exponential(4 * 365)));
    }

    private void MaybeTakeHusbandsSurname(Person wife, Person husband)
    {
        if (wife.Surname == _naming.Gendered(husband.Surname, Sex.Female) || !_random.Chance(wife.Tradition.WifeTakesHusbandSurname))
        {
            return;
        }

        wife.PreviousSurname = wife.Surname;
        wife.Surname = _naming.Gendered(husband.Surname, Sex.Female);
        var earliest = (wife.BirthDate > husband.BirthDate ? wife.BirthDate : husband.BirthDate).AddYears(18);
        wife.SurnameChangedOn = _random.DateBetween(earliest, _start);
    }

    private static string MaidenOrCurrent(Person mother) => mother.PreviousSurname ?? mother.Surname;

    private static bool IsOftenMultigenerational(Tradition tradition) =>
        tradition.Id is "pakistani" or "bangladeshi" or "indian_hindu" or "indian_sikh" or "indian_gujarati_muslim" or "tamil_srilankan" or "afghan_iranian" or "arab";
}
