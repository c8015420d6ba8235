namespace Hearth.Services.Access;

/// <summary>The portal's roles. Each maps to a set of permissions in <see cref="AccessPolicy"/>, the one place that says who may do what.</summary>
public enum Role
{
    /// <summary>LA administrator: every person, the audit, access management, match review.</summary>
    Administrator,

    /// <summary>LA analyst: aggregates and pseudonymised data only, never a named person.</summary>
    Analyst,

    /// <summary>Head teacher or designated safeguarding lead: the pupils of their school or schools.</summary>
    SchoolLead,

    /// <summary>SAFE taskforce practitioner: the young people allocated to them.</summary>
    SafePractitioner,

    /// <summary>Family support practitioner: the people and families on their caseload.</summary>
    FamilySupport,

    /// <summary>Early years practitioner: the children funded at their settings.</summary>
    EarlyYears,
}

/// <summary>What a user may do. A page or service checks a permission; what a permission reaches is the user's scope.</summary>
public enum Permission
{
    SearchPeople,
    ViewPerson,
    ViewFamily,
    ViewMatchExplanation,
    ReviewMatches,
    ViewAudit,
    ManageAccess,
    BreakGlass,
    ViewAggregates,
}

/// <summary>What a user may reach, beyond their role: kinds of entry in user_scopes.</summary>
public static class ScopeKinds
{
    /// <summary>A school, by LAESTAB: its pupils on a current school census return.</summary>
    public const string School = "school";

    /// <summary>An early years setting, by provider URN: the children with current funded childcare there.</summary>
    public const string Setting = "setting";

    /// <summary>A person allocated to the user (a SAFE allocation or a caseload), by golden id.</summary>
    public const string Person = "person";

    /// <summary>A family or household on the user's caseload, by group id (once issue 5's groups exist).</summary>
    public const string Family = "family";
}

/// <summary>A kind of sensitive-record flag: the fields it hides, and the roles that may still see them.</summary>
/// <param name="Kind">The stored name.</param>
/// <param name="Title">What a person sees.</param>
/// <param name="HidesAddress">Hides addresses, postcodes, UPRNs, address history and address-bearing event details.</param>
/// <param name="HidesIdentity">Hides sex, previous names and identifiers (for adoption and gender history).</param>
/// <param name="SeenBy">The roles that still see the hidden fields.</param>
public sealed record SensitiveFlagKind(string Kind, string Title, bool HidesAddress, bool HidesIdentity, IReadOnlySet<Role> SeenBy);

/// <summary>
/// Roles to permissions, role names, sensitive-flag kinds and what each role sees of the chronology: the one place
/// where the portal's access rules are written. Services enforce them where data is read (docs/adr/0012).
/// </summary>
public static class AccessPolicy
{
    private static readonly Dictionary<Role, HashSet<Permission>> Grants = new()
    {
        [Role.Administrator] = [.. Enum.GetValues<Permission>()],
        [Role.Analyst] = [Permission.ViewAggregates],
        [Role.SchoolLead] = [Permission.SearchPeople, Permission.ViewPerson, Permission.ViewFamily, Permission.BreakGlass],
        [Role.SafePractitioner] = [Permission.SearchPeople, Permission.ViewPerson, Permission.ViewFamily, Permission.BreakGlass],
        [Role.FamilySupport] = [Permission.SearchPeople, Permission.ViewPerson, Permission.ViewFamily, Permission.BreakGlass],
        [Role.EarlyYears] = [Permission.SearchPeople, Permission.ViewPerson, Permission.ViewFamily, Permission.BreakGlass],
    };

    private static readonly Dictionary<Role, string> Names = new()
    {
        [Role.Administrator] = "la_administrator",
        [Role.Analyst] = "la_analyst",
        [Role.SchoolLead] = "school_safeguarding_lead",
        [Role.SafePractitioner] = "safe_practitioner",
        [Role.FamilySupport] = "family_support_practitioner",
        [Role.EarlyYears] = "early_years_practitioner",
    };

    private static readonly Dictionary<Role, string> Titles = new()
    {
        [Role.Administrator] = "LA administrator",
        [Role.Analyst] = "LA analyst",
        [Role.SchoolLead] = "Head teacher or designated safeguarding lead",
        [Role.SafePractitioner] = "SAFE taskforce practitioner",
        [Role.FamilySupport] = "Family support practitioner",
        [Role.EarlyYears] = "Early years practitioner",
    };

    /// <summary>
    /// Minimisation per portal: the feeds whose events a role sees in full in a chronology. Other feeds show only that
    /// the person is known to that service (the domain's "known to service X, not case notes"). Null: every feed.
    /// </summary>
    private static readonly Dictionary<Role, HashSet<string>?> ChronologyFeeds = new()
    {
        [Role.Administrator] = null,
        [Role.Analyst] = [],
        [Role.SchoolLead] = new(StringComparer.Ordinal) { "school_census", "school_attendance", "school_exclusions", "school_contacts", "operation_encompass" },
        [Role.SafePractitioner] = null,
        [Role.FamilySupport] = null,
        [Role.EarlyYears] = new(StringComparer.Ordinal) { "early_years_funding", "health_visiting", "child_health" },
    };

    /// <summary>Sensitive-record flags and who still sees what they hide.</summary>
    public static IReadOnlyDictionary<string, SensitiveFlagKind> SensitiveFlags { get; } = new Dictionary<string, SensitiveFlagKind>(StringComparer.Ordinal)
    {
        ["protected_address"] = new("protected_address", "Protected address", HidesAddress: true, HidesIdentity: false, new HashSet<Role> { Role.Administrator }),
        ["adoption"] = new("adoption", "Adoption", HidesAddress: true, HidesIdentity: true, new HashSet<Role> { Role.Administrator }),
        ["gender_history"] = new("gender_history", "Gender history", HidesAddress: false, HidesIdentity: true, new HashSet<Role> { Role.Administrator }),
    };

    /// <summary>How long break-glass access lasts.</summary>
    public static TimeSpan BreakGlassDuration { get; } = TimeSpan.FromHours(1);

    /// <summary>The shortest reason break-glass accepts: a reason, not a keystroke.</summary>
    public const int BreakGlassMinimumReason = 20;

    public static bool Can(Role role, Permission permission) => Grants[role].Contains(permission);

    public static IReadOnlySet<Permission> PermissionsOf(Role role) => Grants[role];

    public static string Name(Role role) => Names[role];

    public static string Title(Role role) => Titles[role];

    public static Role Parse(string name) =>
        Names.FirstOrDefault(n => n.Value == name) is { Value: not null } found ? found.Key : throw new ArgumentException($"'{name}' is not a role.", nameof(name));

    /// <summary>The feeds whose events the role sees in full; null for every feed.</summary>
    public static IReadOnlySet<string>? FullChronologyFeeds(Role role) => ChronologyFeeds[role];
}

/// <summary>Who is asking, for every query and change: the user, their role, and where the request came from.</summary>
/// <param name="UserId">The user's id.</param>
/// <param name="UserName">The user's sign-in name, as the audit records it.</param>
/// <param name="Role">Their role.</param>
/// <param name="Address">Where the request came from (the client's IP address), for the audit.</param>
public sealed record AccessContext(string UserId, string UserName, Role Role, string Address)
{
    public bool Can(Permission permission) => AccessPolicy.Can(Role, permission);

    /// <summary>Throws when the role lacks the permission; pages check first and answer 403, so this is the backstop.</summary>
    public void Demand(Permission permission)
    {
        if (!Can(permission))
        {
            throw new UnauthorizedAccessException($"{AccessPolicy.Title(Role)} may not {permission}.");
        }
    }
}
