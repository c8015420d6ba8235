using System.Text;
using Hearth.Core.Addresses;
using Hearth.Core.Matching;
using Hearth.Core.Standardisation;

namespace Hearth.Core.Linking;

/// <summary>How the values of an analyst's file are read.</summary>
public sealed record LinkMappingOptions
{
    /// <summary>
    /// The formats dates of birth are written in (.NET custom formats such as <c>dd/MM/yyyy</c>). When given, only these
    /// are tried; when empty, the common formats ingestion knows (<see cref="Dates.CommonFormats"/>).
    /// </summary>
    public IReadOnlyList<string> DateFormats { get; init; } = [];

    /// <summary>Today, which decides the century of a two-digit year and which dates of birth are in the future.</summary>
    public required DateOnly Today { get; init; }
}

/// <summary>One row of an analyst's file, read.</summary>
/// <param name="RecordId">The row's id, trimmed, or null when it has none.</param>
/// <param name="Record">The row in the form matching compares, or null when the row cannot be compared.</param>
/// <param name="Problems">Values that could not be read and were left out (the row is still compared on the rest).</param>
/// <param name="Unusable">Why the row cannot be compared at all (<c>no_id</c>, <c>no_values</c>), or null.</param>
/// <param name="Flags">Values that are implausible but were kept, as they are still evidence when two records share them (<c>dob_in_future</c>, <c>dob_over_120_years_ago</c>).</param>
public sealed record MappedRow(string? RecordId, MatchRecord? Record, IReadOnlyList<string> Problems, string? Unusable, IReadOnlyList<string> Flags);

/// <summary>
/// Turns the rows of one file into match records, through the same standardisers ingestion uses: names split and keyed
/// (<see cref="Names"/>), dates of birth parsed and judged (<see cref="Dates"/>), identifiers checked
/// (<see cref="Identifiers"/>), postcodes normalised and addresses keyed (<see cref="AddressParser"/>). A value that
/// cannot be read is left out with a reason code, never guessed; the rest of the row is still used.
/// </summary>
public sealed class LinkRowMapper
{
    /// <summary>The id column is empty: the row cannot be named in the output.</summary>
    public const string NoId = "no_id";

    /// <summary>No mapped column holds anything comparable.</summary>
    public const string NoValues = "no_values";

    private readonly BoundColumns _columns;
    private readonly string _source;
    private readonly LinkMappingOptions _options;

    /// <summary>A mapper for one file, whose rows are records of <paramref name="source"/>.</summary>
    public LinkRowMapper(BoundColumns columns, string source, LinkMappingOptions options)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(options);
        _columns = columns;
        _source = source;
        _options = options;
    }

    /// <summary>The key a record of this file gets: the source, then its id (see <see cref="MatchRecord.SourceKey"/>).</summary>
    public static string SourceKeyOf(string source, string recordId) => source + "|" + recordId;

    /// <summary>Reads one row; <paramref name="values"/> are its fields in header order (missing ones null).</summary>
    public MappedRow Map(IReadOnlyList<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var id = Field(values, _columns.Id)?.Trim();
        if (string.IsNullOrEmpty(id))
        {
            return new MappedRow(null, null, [], NoId, []);
        }

        List<string>? problems = null;
        List<string>? flags = null;
        void Problem(string code) => (problems ??= []).Add(code);
        void Flag(string code) => (flags ??= []).Add(code);

        var name = ReadName(values);
        var dob = ReadDateOfBirth(values, Problem, Flag);
        var sex = ReadSex(values, Problem);
        var addressParts = Parts(values, LinkRole.Address);
        var postcodeText = Joined(values, LinkRole.Postcode, " ");
        if (postcodeText is null && addressParts.Count > 0 && AddressParser.TrailingPostcodeText(addressParts[^1]) is { } trailing
            && Identifiers.Postcode(trailing) is not null)
        {
            // A postcode written at the end of the address, when no column holds it alone.
            postcodeText = trailing;
            addressParts[^1] = addressParts[^1][..^trailing.Length].TrimEnd(' ', ',');
        }

        var postcode = postcodeText is null ? null : Identifiers.Postcode(postcodeText) ?? Spaced(postcodeText.ToUpperInvariant());
        var address = AddressKey(addressParts);
        var town = AddressParser.Key(Joined(values, LinkRole.Town, " "));
        var (nhs, nhsUnchecked) = Checked(values, LinkRole.NhsNumber, Identifiers.NhsNumber, t => Digits(t), "nhs_number_invalid", Problem);
        var (upn, upnUnchecked) = Checked(values, LinkRole.Upn, Identifiers.Upn, t => t.Trim().ToUpperInvariant(), "upn_invalid", Problem);
        var (nino, _) = Checked(values, LinkRole.NiNumber, Identifiers.Nino, _ => null, "ni_number_invalid", Problem);
        var (email, _) = Checked(values, LinkRole.Email, Identifiers.Email, _ => null, "email_invalid", Problem);
        var (phone, _) = Checked(values, LinkRole.Phone, t => Identifiers.Phone(t) ?? (Digits(t) is { Length: >= 7 and <= 15 } d ? d : null), _ => null, "phone_invalid", Problem);
        var identifier = Joined(values, LinkRole.Identifier, " ") is { } raw ? Compact(raw) : null;

        var record = new MatchRecord
        {
            SourceKey = SourceKeyOf(_source, id),
            Source = _source,
            Forename = name?.ForenameKey,
            MiddleNames = Names.Key(name?.MiddleNames),
            Surname = name?.SurnameKey,
            DateOfBirth = dob,
            Sex = sex,
            NhsNumber = nhs,
            NhsNumberUnchecked = nhsUnchecked,
            Upn = upn,
            UpnUnchecked = upnUnchecked,
            Nino = nino,
            Identifier = identifier,
            Postcode = postcode,
            Address = address,
            Town = town,
            Email = email,
            Phone = phone,
        };

        var anything = record.Forename is not null || record.Surname is not null || dob is not null || sex is not null || nhs is not null || nhsUnchecked is not null
            || upn is not null || upnUnchecked is not null || nino is not null || identifier is not null || postcode is not null || address is not null
            || town is not null || email is not null || phone is not null;
        return new MappedRow(id, anything ? record : null, (IReadOnlyList<string>?)problems ?? [], anything ? null : NoValues, (IReadOnlyList<string>?)flags ?? []);
    }

    /// <summary>
    /// The name from forenames and surname, or from a full name split by <see cref="Names.FromFull"/> (titles and
    /// suffixes dropped, "JONES, Sarah" read surname first, particles such as van der kept with the surname).
    /// </summary>
    private PersonName? ReadName(IReadOnlyList<string?> values)
    {
        if (_columns.Roles.ContainsKey(LinkRole.FullName))
        {
            return Joined(values, LinkRole.FullName, " ") is { } full ? Names.FromFull(full) : null;
        }

        var forenames = Joined(values, LinkRole.Forenames, " ");
        var surname = Joined(values, LinkRole.Surname, " ");
        return forenames is null && surname is null ? null : Names.FromParts(forenames, null, surname);
    }

    /// <summary>
    /// The date of birth. A placeholder (1900-01-01) is no date and is left out; a date in the future or more than 120
    /// years ago is kept but flagged: the store would quarantine it, but in linking two records that share it still
    /// agree, and a mistyped year (2030 for 2003) is still one part different from the right date.
    /// </summary>
    private DateOnly? ReadDateOfBirth(IReadOnlyList<string?> values, Action<string> problem, Action<string> flag)
    {
        if (Joined(values, LinkRole.DateOfBirth, " ") is not { } text)
        {
            return null;
        }

        var parsed = _options.DateFormats.Count > 0
            ? Dates.TryParseExactly(text, _options.DateFormats, DateKind.Birth, _options.Today, out var date)
            : Dates.TryParse(text, null, DateKind.Birth, _options.Today, out date, out _);
        if (!parsed)
        {
            problem("dob_unreadable");
            return null;
        }

        switch (Dates.Judge(date, _options.Today))
        {
            case BirthDateJudgement.InTheFuture:
                flag("dob_in_future");
                return date;
            case BirthDateJudgement.TooOld:
                flag("dob_over_120_years_ago");
                return date;
            case BirthDateJudgement.Placeholder:
                problem("dob_placeholder");
                return null;
            default:
                return date;
        }
    }

    private char? ReadSex(IReadOnlyList<string?> values, Action<string> problem)
    {
        if (Joined(values, LinkRole.Sex, " ") is not { } text)
        {
            return null;
        }

        if (!Codes.Sex.TryGetValue(text, out var code))
        {
            problem("sex_unrecognised");
            return null;
        }

        // Not known and indeterminate are no evidence either way.
        return code is "M" or "F" ? code[0] : null;
    }

    private (string? Valid, string? Unchecked) Checked(IReadOnlyList<string?> values, LinkRole role, Func<string, string?> valid, Func<string, string?> asReceived, string problemCode, Action<string> problem)
    {
        if (Joined(values, role, " ") is not { } text)
        {
            return (null, null);
        }

        if (valid(text) is { } value)
        {
            return (value, null);
        }

        problem(problemCode);
        return (null, asReceived(text) is { Length: > 0 } kept ? kept : null);
    }

    /// <summary>The address's comparable text: each part keyed (street types spelt out) and joined with single spaces.</summary>
    private static string? AddressKey(List<string> parts)
    {
        var keys = parts.SelectMany(p => p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(AddressParser.Key).Where(k => k is not null).ToList();
        return keys.Count == 0 ? null : string.Join(' ', keys);
    }

    private static string? Field(IReadOnlyList<string?> values, int index) => index < values.Count ? values[index] : null;

    private List<string> Parts(IReadOnlyList<string?> values, LinkRole role)
    {
        var parts = new List<string>();
        if (_columns.Roles.TryGetValue(role, out var indexes))
        {
            foreach (var index in indexes)
            {
                if (Field(values, index) is { } value && value.Trim() is { Length: > 0 } trimmed)
                {
                    parts.Add(trimmed);
                }
            }
        }

        return parts;
    }

    /// <summary>A role's non-blank columns, trimmed and joined, or null when all are blank.</summary>
    private string? Joined(IReadOnlyList<string?> values, LinkRole role, string separator)
    {
        var parts = Parts(values, role);
        return parts.Count == 0 ? null : string.Join(separator, parts);
    }

    private static string Digits(string text) => new([.. text.Where(char.IsAsciiDigit)]);

    private static string? Compact(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (!char.IsWhiteSpace(ch))
            {
                builder.Append(char.ToUpperInvariant(ch));
            }
        }

        return builder.Length == 0 ? null : builder.ToString();
    }

    private static string Spaced(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
