namespace Hearth.Core.Linking;

/// <summary>What a column (or several joined) of an analyst's file holds, for <c>hearth link</c>.</summary>
public enum LinkRole
{
    /// <summary>Forenames: the first is the forename, the rest middle names.</summary>
    Forenames,

    /// <summary>The surname.</summary>
    Surname,

    /// <summary>A whole name in one column, split into forenames and surname ("Sarah Jane Jones", "JONES, Sarah").</summary>
    FullName,

    /// <summary>The date of birth.</summary>
    DateOfBirth,

    /// <summary>Sex or gender, in any of the codes <see cref="Standardisation.Codes.Sex"/> knows.</summary>
    Sex,

    /// <summary>A postcode: UK postcodes are put in normal form, others kept as given.</summary>
    Postcode,

    /// <summary>The address: house number, street and the lines around them.</summary>
    Address,

    /// <summary>Town, city or suburb.</summary>
    Town,

    /// <summary>An NHS number.</summary>
    NhsNumber,

    /// <summary>A unique pupil number.</summary>
    Upn,

    /// <summary>A National Insurance number.</summary>
    NiNumber,

    /// <summary>An email address.</summary>
    Email,

    /// <summary>A telephone number.</summary>
    Phone,

    /// <summary>Any other identifier both files share (a social security id, a case number).</summary>
    Identifier,
}

/// <summary>The names analysts write for each <see cref="LinkRole"/> on the command line.</summary>
public static class LinkRoles
{
    private static readonly (LinkRole Role, string Name, string Description)[] Table =
    [
        (LinkRole.Forenames, "forenames", "forenames (the first is the forename, the rest middle names)"),
        (LinkRole.Surname, "surname", "surname"),
        (LinkRole.FullName, "full_name", "a whole name, split into forenames and surname"),
        (LinkRole.DateOfBirth, "dob", "date of birth"),
        (LinkRole.Sex, "sex", "sex or gender (M, F, Male, 1, 2, ...)"),
        (LinkRole.Postcode, "postcode", "postcode (UK in normal form, others as given)"),
        (LinkRole.Address, "address", "house number and street (join several columns with +)"),
        (LinkRole.Town, "town", "town, city or suburb"),
        (LinkRole.NhsNumber, "nhs_number", "NHS number"),
        (LinkRole.Upn, "upn", "unique pupil number"),
        (LinkRole.NiNumber, "ni_number", "National Insurance number"),
        (LinkRole.Email, "email", "email address"),
        (LinkRole.Phone, "phone", "telephone number"),
        (LinkRole.Identifier, "identifier", "any other identifier the files share"),
    ];

    /// <summary>Every role, in the order the help lists them.</summary>
    public static IReadOnlyList<LinkRole> All { get; } = [.. Table.Select(t => t.Role)];

    /// <summary>The role's name on the command line (full_name, dob, nhs_number).</summary>
    public static string NameOf(LinkRole role) => Table.First(t => t.Role == role).Name;

    /// <summary>What the role holds, for help text.</summary>
    public static string Describe(LinkRole role) => Table.First(t => t.Role == role).Description;

    /// <summary>The role a name stands for, ignoring case and surrounding spaces.</summary>
    public static bool TryParse(string? name, out LinkRole role)
    {
        var trimmed = name?.Trim();
        foreach (var entry in Table)
        {
            if (string.Equals(entry.Name, trimmed, StringComparison.OrdinalIgnoreCase))
            {
                role = entry.Role;
                return true;
            }
        }

        role = default;
        return false;
    }
}
