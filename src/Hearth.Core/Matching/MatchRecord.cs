using Hearth.Core.Text;

namespace Hearth.Core.Matching;

/// <summary>
/// One source record of a person, in the form matching compares: standardised keys only, every value optional (a
/// missing value is no evidence either way). Built once per record; the phonetic codes are computed here so that
/// scoring millions of pairs never recomputes them.
/// </summary>
public sealed class MatchRecord
{
    private string? _forename;
    private string? _surname;

    /// <summary>
    /// A key that names the record by its content, not by the order it arrived in (for the store: feed, record key and
    /// slot). Every tie in matching is broken on it, so the result does not depend on load order. Unique in a run.
    /// </summary>
    public required string SourceKey { get; init; }

    /// <summary>The source the record came from (a feed or a file), for survivorship and explanations.</summary>
    public string? Source { get; init; }

    /// <summary>How far the source is trusted: lower is more trusted.</summary>
    public int TrustRank { get; init; } = 100;

    /// <summary>When the source last recorded the record, for the most-recent survivorship rule.</summary>
    public DateOnly? RecordedOn { get; init; }

    /// <summary>
    /// The source record this person is named in (for the store: feed and record key). Two people named in one record
    /// (a pupil and their contact, a victim and a perpetrator) are different people, so they never share a cluster.
    /// Null when each record names one person.
    /// </summary>
    public string? RecordGroup { get; init; }

    /// <summary>
    /// A date on which the source says the person was an adult, from their role (liable for council tax, a tenant, a
    /// parent): a cluster whose date of birth makes them a child on that date cannot hold this record.
    /// </summary>
    public DateOnly? AdultOn { get; init; }

    /// <summary>First forename's comparable key (upper-case letters only).</summary>
    public string? Forename
    {
        get => _forename;
        init
        {
            _forename = Blank(value);
            ForenamePhonetic = _forename is null ? default : DoubleMetaphone.Encode(_forename);
        }
    }

    /// <summary>Middle names' comparable key.</summary>
    public string? MiddleNames { get; init; }

    /// <summary>Surname's comparable key.</summary>
    public string? Surname
    {
        get => _surname;
        init
        {
            _surname = Blank(value);
            SurnamePhonetic = _surname is null ? default : DoubleMetaphone.Encode(_surname);
        }
    }

    /// <summary>Initials, when that is all the source holds (forename first, surname last).</summary>
    public string? Initials { get; init; }

    /// <summary>Date of birth.</summary>
    public DateOnly? DateOfBirth { get; init; }

    /// <summary>M or F; anything else is no evidence.</summary>
    public char? Sex { get; init; }

    /// <summary>A valid NHS number.</summary>
    public string? NhsNumber { get; init; }

    /// <summary>An NHS number as received that failed its check: compared for typos, never trusted as an identity.</summary>
    public string? NhsNumberUnchecked { get; init; }

    /// <summary>A valid unique pupil number.</summary>
    public string? Upn { get; init; }

    /// <summary>A UPN as received that failed its check.</summary>
    public string? UpnUnchecked { get; init; }

    /// <summary>A valid National Insurance number.</summary>
    public string? Nino { get; init; }

    /// <summary>Another identifier shared by the sources being linked (a social security id, a learner number).</summary>
    public string? Identifier { get; init; }

    /// <summary>Postcode in normal form (UK) or as given (elsewhere).</summary>
    public string? Postcode { get; init; }

    /// <summary>The postcode district alone, when the source holds no more.</summary>
    public string? PostcodeDistrict { get; init; }

    /// <summary>The property's UPRN.</summary>
    public long? Uprn { get; init; }

    /// <summary>The address's comparable text: house number and street, upper case, single spaces.</summary>
    public string? Address { get; init; }

    /// <summary>Town or suburb, upper case.</summary>
    public string? Town { get; init; }

    /// <summary>Email address, lower case.</summary>
    public string? Email { get; init; }

    /// <summary>Telephone number, digits only.</summary>
    public string? Phone { get; init; }

    /// <summary>The forename's Double Metaphone codes.</summary>
    public PhoneticCode ForenamePhonetic { get; private init; }

    /// <summary>The surname's Double Metaphone codes.</summary>
    public PhoneticCode SurnamePhonetic { get; private init; }

    /// <summary>The forename's first letter, from the forename or the initials.</summary>
    public char? ForenameInitial => _forename is { Length: > 0 } f ? f[0] : Initials is { Length: > 0 } i ? i[0] : null;

    /// <summary>The surname's first letter, from the surname or the initials.</summary>
    public char? SurnameInitial => _surname is { Length: > 0 } s ? s[0] : Initials is { Length: > 1 } i ? i[^1] : null;

    /// <summary>The postcode's sector (outward code and the inward digit), when the postcode has the UK form.</summary>
    public string? PostcodeSector => Postcode is { } p && p.IndexOf(' ', StringComparison.Ordinal) is var space and > 0 && space + 1 < p.Length ? p[..(space + 2)] : null;

    /// <summary>The postcode's district (the outward code), from the postcode or given alone.</summary>
    public string? District => Postcode is { } p && p.IndexOf(' ', StringComparison.Ordinal) is var space and > 0 ? p[..space] : PostcodeDistrict;

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
