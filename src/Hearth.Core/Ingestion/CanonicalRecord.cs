namespace Hearth.Core.Ingestion;

/// <summary>What a source record says, in Hearth's canonical form: the people it names, its events and relationships,
/// or the property or school it describes.</summary>
public sealed class CanonicalRecord
{
    /// <summary>The people the record names, one per slot.</summary>
    public List<PersonRecord> Persons { get; } = [];

    /// <summary>The events the record describes.</summary>
    public List<EventRecord> Events { get; } = [];

    /// <summary>The relationships the record states.</summary>
    public List<RelationshipRecord> Relationships { get; } = [];

    /// <summary>The property, for a gazetteer record.</summary>
    public PropertyRecord? Property { get; set; }

    /// <summary>The school, for an establishments record.</summary>
    public SchoolRecord? School { get; set; }
}

/// <summary>
/// A person as one source record names them, standardised. Invalid identifiers are kept raw (in the Raw properties)
/// and left out of the standard ones, so matching never compares a value that failed its check.
/// </summary>
public sealed class PersonRecord
{
    /// <summary>The person's slot in the record (victim, member:EHP000123).</summary>
    public required string Slot { get; init; }

    /// <summary>The source system's own id for the person.</summary>
    public string? LocalId { get; set; }

    /// <summary>The person's role in the record.</summary>
    public string? Role { get; set; }

    /// <summary>First forename, for display.</summary>
    public string? Forename { get; set; }

    /// <summary>Middle names, for display.</summary>
    public string? MiddleNames { get; set; }

    /// <summary>Surname, for display.</summary>
    public string? Surname { get; set; }

    /// <summary>The forename's comparable key.</summary>
    public string? ForenameKey { get; set; }

    /// <summary>The surname's comparable key.</summary>
    public string? SurnameKey { get; set; }

    /// <summary>A forename the person prefers, when the source holds one.</summary>
    public string? PreferredForename { get; set; }

    /// <summary>A surname the person prefers, when the source holds one.</summary>
    public string? PreferredSurname { get; set; }

    /// <summary>Initials, when that is all the source holds.</summary>
    public string? Initials { get; set; }

    /// <summary>The name exactly as received.</summary>
    public string? NameAsReceived { get; set; }

    /// <summary>Date of birth, when it parsed and is plausible.</summary>
    public DateOnly? DateOfBirth { get; set; }

    /// <summary>The date of birth as received.</summary>
    public string? DateOfBirthRaw { get; set; }

    /// <summary>M, F, U (not known) or I (indeterminate).</summary>
    public string? Sex { get; set; }

    /// <summary>A valid NHS number.</summary>
    public string? NhsNumber { get; set; }

    /// <summary>A valid UPN.</summary>
    public string? Upn { get; set; }

    /// <summary>A valid ULN.</summary>
    public string? Uln { get; set; }

    /// <summary>A valid NI number.</summary>
    public string? Nino { get; set; }

    /// <summary>Identifiers as received that failed their check, by attribute name.</summary>
    public Dictionary<string, string> InvalidIdentifiers { get; } = new(StringComparer.Ordinal);

    /// <summary>Email address.</summary>
    public string? Email { get; set; }

    /// <summary>Telephone number, digits only.</summary>
    public string? Phone { get; set; }

    /// <summary>DfE ethnicity code.</summary>
    public string? Ethnicity { get; set; }

    /// <summary>The person's address, standardised.</summary>
    public AddressRecord? Address { get; set; }
}

/// <summary>An address standardised: its parts, a valid postcode, and a UPRN with where it came from.</summary>
public sealed class AddressRecord
{
    /// <summary>First line as received.</summary>
    public string? Line1 { get; set; }

    /// <summary>Second line as received.</summary>
    public string? Line2 { get; set; }

    /// <summary>Flat or unit.</summary>
    public string? SubBuilding { get; set; }

    /// <summary>Building or house name.</summary>
    public string? BuildingName { get; set; }

    /// <summary>House number.</summary>
    public string? Number { get; set; }

    /// <summary>Street.</summary>
    public string? Street { get; set; }

    /// <summary>Locality.</summary>
    public string? Locality { get; set; }

    /// <summary>Town.</summary>
    public string? Town { get; set; }

    /// <summary>Postcode in normal form, when valid.</summary>
    public string? Postcode { get; set; }

    /// <summary>The postcode as received, when it was not valid.</summary>
    public string? PostcodeRaw { get; set; }

    /// <summary>Postcode district only (HF3), when that is all the source holds.</summary>
    public string? PostcodeDistrict { get; set; }

    /// <summary>The UPRN, from the source or matched against the gazetteer.</summary>
    public long? Uprn { get; set; }

    /// <summary>Where the UPRN came from: source, or the match confidence (high, medium, low).</summary>
    public string? UprnSource { get; set; }
}

/// <summary>An event about one person in a record.</summary>
/// <param name="Type">Event type, for example police_incident.</param>
/// <param name="PersonSlot">The slot of the person the event is about.</param>
/// <param name="Date">When it happened or began.</param>
/// <param name="Time">The time of day, when the source gives one.</param>
/// <param name="EndDate">When it ended, if it has.</param>
/// <param name="Attributes">Further values kept with the event.</param>
public sealed record EventRecord(string Type, string PersonSlot, DateOnly Date, TimeOnly? Time, DateOnly? EndDate, IReadOnlyDictionary<string, string> Attributes);

/// <summary>A relationship a record states between two of its people.</summary>
/// <param name="Type">Relationship type.</param>
/// <param name="FromSlot">Slot of the first person.</param>
/// <param name="ToSlot">Slot of the second person.</param>
/// <param name="Start">When it began, if known.</param>
/// <param name="End">When it ended, if known.</param>
/// <param name="Attributes">Further values kept with it.</param>
public sealed record RelationshipRecord(string Type, string FromSlot, string ToSlot, DateOnly? Start, DateOnly? End, IReadOnlyDictionary<string, string> Attributes);

/// <summary>A gazetteer property.</summary>
/// <param name="Uprn">UPRN.</param>
/// <param name="ParentUprn">The building's UPRN, for a flat.</param>
/// <param name="Usrn">Street reference.</param>
/// <param name="SubBuilding">Flat or unit (SAO).</param>
/// <param name="Primary">House number or building name (PAO).</param>
/// <param name="Street">Street.</param>
/// <param name="Locality">Locality.</param>
/// <param name="Town">Town.</param>
/// <param name="Postcode">Postcode in normal form.</param>
/// <param name="Easting">Easting.</param>
/// <param name="Northing">Northing.</param>
/// <param name="Classification">Classification code.</param>
public sealed record PropertyRecord(long Uprn, long? ParentUprn, long? Usrn, string? SubBuilding, string? Primary, string? Street, string? Locality, string? Town, string Postcode, int? Easting, int? Northing, string? Classification);

/// <summary>A school or provision.</summary>
/// <param name="Urn">Unique reference number.</param>
/// <param name="LaEstab">LA code and establishment number.</param>
/// <param name="Name">Name.</param>
/// <param name="Phase">Phase.</param>
/// <param name="Type">Type.</param>
/// <param name="Postcode">Site postcode.</param>
/// <param name="Uprn">Site UPRN.</param>
public sealed record SchoolRecord(string Urn, string? LaEstab, string Name, string? Phase, string? Type, string? Postcode, long? Uprn);

/// <summary>A problem found in a record: a machine-readable code, the field or attribute, and what happens.</summary>
/// <param name="Code">The reason code, for example missing_required or invalid_nhs_number.</param>
/// <param name="Field">The source field or canonical attribute concerned.</param>
/// <param name="Severity">Blocking issues quarantine the row.</param>
/// <param name="Detail">A sentence a data officer can act on.</param>
public sealed record RecordIssue(string Code, string Field, Severity Severity, string Detail)
{
    /// <summary>The machine-readable reason: code and field, for example <c>missing_required:OccurrenceRef</c>.</summary>
    public string Reason => Field.Length == 0 ? Code : Code + ":" + Field;
}
