using System.Globalization;
using Hearth.Core.Matching;

namespace Hearth.Core.Linking;

/// <summary>
/// What linking an analyst's files compares, blocks on and trains on, chosen from the roles the files hold: the
/// comparisons of <see cref="Linker.PeopleComparisons"/> whose values the files have (and the town, which the store's
/// matching leaves to the address), the people blocking rules with rules on the town added, and training sessions whose
/// blocking uses only what is there, so that every comparison is learned by at least one session that does not fix it
/// (for the usual maps: names with a date of birth or a place; a comparison no session can learn keeps its starting m).
/// </summary>
/// <param name="Comparisons">The comparisons, in explanation order.</param>
/// <param name="Blocking">The blocking rules, in the order they are applied.</param>
/// <param name="Training">The EM training sessions; the first with pairs also sets the prior.</param>
public sealed record FileLinkPlan(IReadOnlyList<Comparison> Comparisons, IReadOnlyList<BlockingRule> Blocking, IReadOnlyList<TrainingSession> Training)
{
    /// <summary>The plan for files that hold <paramref name="roles"/>.</summary>
    /// <exception cref="ArgumentException">The roles give nothing to compare and train on.</exception>
    public static FileLinkPlan For(IReadOnlyCollection<LinkRole> roles, NameEquivalents equivalents)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(equivalents);
        bool Has(LinkRole role) => roles.Contains(role);
        var forename = Has(LinkRole.Forenames) || Has(LinkRole.FullName);
        var surname = Has(LinkRole.Surname) || Has(LinkRole.FullName);
        var dob = Has(LinkRole.DateOfBirth);
        var place = Has(LinkRole.Postcode) || Has(LinkRole.Address);
        var town = Has(LinkRole.Town);

        var wanted = new HashSet<string>(StringComparer.Ordinal);
        void Want(bool present, string name)
        {
            if (present)
            {
                wanted.Add(name);
            }
        }

        Want(forename, "forename");
        Want(surname, "surname");
        Want(dob, "dob");
        Want(Has(LinkRole.Sex), "sex");
        Want(place, "address");
        Want(Has(LinkRole.NhsNumber), "nhs_number");
        Want(Has(LinkRole.Upn), "upn");
        Want(Has(LinkRole.NiNumber), "nino");
        Want(Has(LinkRole.Identifier), "identifier");
        Want(Has(LinkRole.Email), "email");
        Want(Has(LinkRole.Phone), "phone");
        // Dates of birth in files from outside the store are often near misses in more than one part: the finer levels.
        var comparisons = Linker.PeopleComparisons(equivalents).Where(c => wanted.Contains(c.Name))
            .Select(c => c is DateOfBirthComparison ? new CloseDateOfBirthComparison() : c).ToList();
        if (town)
        {
            // After the address, so that an explanation reads from the strongest place evidence to the weakest.
            var at = comparisons.FindIndex(c => c.Name == "address") is var a and >= 0 ? a + 1 : comparisons.Count;
            comparisons.Insert(at, new TextComparison("town", r => r.Town, termFrequency: true));
        }

        if (comparisons.Count == 0)
        {
            throw new ArgumentException("The mapped columns give nothing to compare: map names, a date of birth, an address or an identifier.");
        }

        var blocking = BlockingRule.ForPeople.ToList();
        if (town)
        {
            blocking.Add(new BlockingRule("town_surname_sound", r => r.Town is { } t && r.Surname is not null ? t + "|" + r.SurnamePhonetic.Primary : null));
            blocking.Add(new BlockingRule("town_dob_year", r => r.Town is { } t && r.DateOfBirth is { } d ? t + "|" + d.Year.ToString(CultureInfo.InvariantCulture) : null));
        }

        return new FileLinkPlan(comparisons, blocking, Sessions(forename, surname, dob, place, town, roles));
    }

    private static List<TrainingSession> Sessions(bool forename, bool surname, bool dob, bool place, bool town, IReadOnlyCollection<LinkRole> roles)
    {
        var sessions = new List<TrainingSession>();
        if (dob && surname)
        {
            sessions.Add(TrainingSession.ForPeople[0]);
        }

        if (forename && surname)
        {
            sessions.Add(TrainingSession.ForPeople[1]);
        }

        if (dob && roles.Contains(LinkRole.Postcode))
        {
            sessions.Add(TrainingSession.ForPeople[2]);
        }
        else if (dob && town)
        {
            sessions.Add(new TrainingSession("same date of birth and town", new BlockingRule("dob_town", r => r.DateOfBirth is { } d && r.Town is { } t ? d.DayNumber + "|" + t : null), ["dob", "town"]));
        }

        if (!dob && surname && place)
        {
            sessions.Add(new TrainingSession("same surname and postcode", new BlockingRule("surname_postcode", r => r.Surname is { } s && r.Postcode is { } p ? s + "|" + p : null), ["surname", "address"]));
        }

        if (!dob && forename && place)
        {
            // The sessions above both fix the surname; this one learns it.
            sessions.Add(new TrainingSession("same forename and postcode", new BlockingRule("forename_postcode", r => r.Forename is { } f && r.Postcode is { } p ? f + "|" + p : null), ["forename", "address"]));
        }

        if (!dob && forename && surname && town)
        {
            sessions.Add(new TrainingSession("same surname and town", new BlockingRule("surname_town", r => r.Surname is { } s && r.Town is { } t ? s + "|" + t : null), ["surname", "town"]));
        }

        if (sessions.Count == 0 && dob)
        {
            sessions.Add(new TrainingSession("same date of birth", new BlockingRule("dob", r => r.DateOfBirth?.DayNumber.ToString(CultureInfo.InvariantCulture)), ["dob"]));
        }

        if (sessions.Count == 0 && surname)
        {
            sessions.Add(new TrainingSession("same surname", new BlockingRule("surname", r => r.Surname), ["surname"]));
        }

        return sessions;
    }
}
