using System.Globalization;
using System.Text.Json;
using Hearth.Core.Ingestion;
using NpgsqlTypes;

namespace Hearth.Services.Ingestion;

/// <summary>A new version of a source record, ready to store with everything it holds.</summary>
internal sealed record RecordVersion(long Id, string Feed, string Key, int Version, string Hash, long LoadId, long RowNumber, string Raw, string? Warnings, CanonicalRecord Canonical);

/// <summary>A quarantined row: the raw content and the machine-readable reasons.</summary>
internal sealed record QuarantineRow(long LoadId, string Feed, long RowNumber, string? Key, string Raw, IReadOnlyList<RecordIssue> Issues)
{
    public string Reasons => JsonSerializer.Serialize(Issues.Where(i => i.Severity == Severity.Blocking).Select(i => i.Reason).Distinct(StringComparer.Ordinal));

    public string Details => JsonSerializer.Serialize(Issues.Select(i => new { reason = i.Reason, severity = i.Severity.ToString().ToLowerInvariant(), detail = i.Detail }));
}

/// <summary>The columns of each child table, in one place for both providers: name, PostgreSQL type, value.</summary>
internal static class StoreColumns
{
    public static readonly (string Name, NpgsqlDbType Type)[] Records =
    [
        ("id", NpgsqlDbType.Bigint), ("feed", NpgsqlDbType.Text), ("record_key", NpgsqlDbType.Text), ("version", NpgsqlDbType.Integer), ("row_hash", NpgsqlDbType.Text),
        ("load_id", NpgsqlDbType.Bigint), ("row_number", NpgsqlDbType.Bigint), ("raw", NpgsqlDbType.Text), ("warnings", NpgsqlDbType.Text),
    ];

    public static object?[] RecordValues(RecordVersion v) => [v.Id, v.Feed, v.Key, v.Version, v.Hash, v.LoadId, v.RowNumber, v.Raw, v.Warnings];

    public static readonly (string Name, NpgsqlDbType Type)[] Persons =
    [
        ("record_id", NpgsqlDbType.Bigint), ("feed", NpgsqlDbType.Text), ("slot", NpgsqlDbType.Text), ("is_current", NpgsqlDbType.Boolean),
        ("local_id", NpgsqlDbType.Text), ("role", NpgsqlDbType.Text), ("forename", NpgsqlDbType.Text), ("middle_names", NpgsqlDbType.Text),
        ("surname", NpgsqlDbType.Text), ("forename_key", NpgsqlDbType.Text), ("surname_key", NpgsqlDbType.Text), ("preferred_forename", NpgsqlDbType.Text),
        ("preferred_surname", NpgsqlDbType.Text), ("initials", NpgsqlDbType.Text), ("name_as_received", NpgsqlDbType.Text), ("date_of_birth", NpgsqlDbType.Text),
        ("date_of_birth_raw", NpgsqlDbType.Text), ("sex", NpgsqlDbType.Text), ("nhs_number", NpgsqlDbType.Text), ("upn", NpgsqlDbType.Text),
        ("uln", NpgsqlDbType.Text), ("nino", NpgsqlDbType.Text), ("invalid_identifiers", NpgsqlDbType.Text), ("email", NpgsqlDbType.Text),
        ("phone", NpgsqlDbType.Text), ("ethnicity", NpgsqlDbType.Text), ("address_line1", NpgsqlDbType.Text), ("address_line2", NpgsqlDbType.Text),
        ("sub_building", NpgsqlDbType.Text), ("building_name", NpgsqlDbType.Text), ("house_number", NpgsqlDbType.Text), ("street", NpgsqlDbType.Text),
        ("locality", NpgsqlDbType.Text), ("town", NpgsqlDbType.Text), ("postcode", NpgsqlDbType.Text), ("postcode_raw", NpgsqlDbType.Text),
        ("postcode_district", NpgsqlDbType.Text), ("uprn", NpgsqlDbType.Bigint), ("uprn_source", NpgsqlDbType.Text),
    ];

    public static object?[] PersonValues(long recordId, string feed, PersonRecord p)
    {
        var a = p.Address;
        return
        [
            recordId, feed, p.Slot, true, p.LocalId, p.Role, p.Forename, p.MiddleNames, p.Surname, p.ForenameKey, p.SurnameKey, p.PreferredForename,
            p.PreferredSurname, p.Initials, p.NameAsReceived, p.DateOfBirth is { } dob ? Iso(dob) : null, p.DateOfBirthRaw, p.Sex, p.NhsNumber, p.Upn,
            p.Uln, p.Nino, p.InvalidIdentifiers.Count == 0 ? null : JsonSerializer.Serialize(p.InvalidIdentifiers), p.Email, p.Phone, p.Ethnicity,
            a?.Line1, a?.Line2, a?.SubBuilding, a?.BuildingName, a?.Number, a?.Street, a?.Locality, a?.Town, a?.Postcode, a?.PostcodeRaw,
            a?.PostcodeDistrict, a?.Uprn, a?.UprnSource,
        ];
    }

    public static readonly (string Name, NpgsqlDbType Type)[] Events =
    [
        ("record_id", NpgsqlDbType.Bigint), ("feed", NpgsqlDbType.Text), ("person_slot", NpgsqlDbType.Text), ("is_current", NpgsqlDbType.Boolean),
        ("event_type", NpgsqlDbType.Text), ("event_date", NpgsqlDbType.Text), ("event_time", NpgsqlDbType.Text), ("end_date", NpgsqlDbType.Text),
        ("attributes", NpgsqlDbType.Text),
    ];

    public static object?[] EventValues(long recordId, string feed, EventRecord e) =>
    [
        recordId, feed, e.PersonSlot, true, e.Type, Iso(e.Date), e.Time?.ToString("HH:mm", CultureInfo.InvariantCulture),
        e.EndDate is { } end ? Iso(end) : null, e.Attributes.Count == 0 ? null : JsonSerializer.Serialize(e.Attributes),
    ];

    public static readonly (string Name, NpgsqlDbType Type)[] Relationships =
    [
        ("record_id", NpgsqlDbType.Bigint), ("feed", NpgsqlDbType.Text), ("is_current", NpgsqlDbType.Boolean), ("relationship_type", NpgsqlDbType.Text),
        ("from_slot", NpgsqlDbType.Text), ("to_slot", NpgsqlDbType.Text), ("start_date", NpgsqlDbType.Text), ("end_date", NpgsqlDbType.Text),
        ("attributes", NpgsqlDbType.Text),
    ];

    public static object?[] RelationshipValues(long recordId, string feed, RelationshipRecord r) =>
    [
        recordId, feed, true, r.Type, r.FromSlot, r.ToSlot, r.Start is { } s ? Iso(s) : null, r.End is { } e ? Iso(e) : null,
        r.Attributes.Count == 0 ? null : JsonSerializer.Serialize(r.Attributes),
    ];

    public static readonly (string Name, NpgsqlDbType Type)[] Properties =
    [
        ("uprn", NpgsqlDbType.Bigint), ("parent_uprn", NpgsqlDbType.Bigint), ("usrn", NpgsqlDbType.Bigint), ("sub_building", NpgsqlDbType.Text),
        ("primary_object", NpgsqlDbType.Text), ("street", NpgsqlDbType.Text), ("locality", NpgsqlDbType.Text), ("town", NpgsqlDbType.Text),
        ("postcode", NpgsqlDbType.Text), ("easting", NpgsqlDbType.Bigint), ("northing", NpgsqlDbType.Bigint), ("classification", NpgsqlDbType.Text),
        ("record_id", NpgsqlDbType.Bigint),
    ];

    public static object?[] PropertyValues(long recordId, PropertyRecord p) =>
        [p.Uprn, p.ParentUprn, p.Usrn, p.SubBuilding, p.Primary, p.Street, p.Locality, p.Town, p.Postcode, (long?)p.Easting, (long?)p.Northing, p.Classification, recordId];

    public static readonly (string Name, NpgsqlDbType Type)[] Schools =
    [
        ("urn", NpgsqlDbType.Text), ("laestab", NpgsqlDbType.Text), ("name", NpgsqlDbType.Text), ("phase", NpgsqlDbType.Text),
        ("school_type", NpgsqlDbType.Text), ("postcode", NpgsqlDbType.Text), ("uprn", NpgsqlDbType.Bigint), ("record_id", NpgsqlDbType.Bigint),
    ];

    public static object?[] SchoolValues(long recordId, SchoolRecord s) => [s.Urn, s.LaEstab, s.Name, s.Phase, s.Type, s.Postcode, s.Uprn, recordId];

    public static readonly (string Name, NpgsqlDbType Type)[] Quarantine =
    [
        ("load_id", NpgsqlDbType.Bigint), ("feed", NpgsqlDbType.Text), ("row_number", NpgsqlDbType.Bigint), ("record_key", NpgsqlDbType.Text),
        ("raw", NpgsqlDbType.Text), ("reasons", NpgsqlDbType.Text), ("details", NpgsqlDbType.Text),
    ];

    public static object?[] QuarantineValues(QuarantineRow q) => [q.LoadId, q.Feed, q.RowNumber, q.Key, q.Raw, q.Reasons, q.Details];

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
