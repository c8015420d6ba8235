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

/// <summary>
/// Where a row's values go, one after another in column order: a PostgreSQL binary COPY row or a SQLite statement's
/// parameters. Typed, so that millions of values are written without boxing each one.
/// </summary>
internal interface IRowSink
{
    void Text(string? value);

    void Integer(long? value);

    void Boolean(bool value);
}

/// <summary>A table a load writes: its columns, and how one item becomes one row.</summary>
/// <typeparam name="T">What a row is made from.</typeparam>
internal sealed class StoreTable<T>(string name, (string Name, NpgsqlDbType Type)[] columns, Action<IRowSink, T> write)
{
    public string Name { get; } = name;

    public IReadOnlyList<(string Name, NpgsqlDbType Type)> Columns { get; } = columns;

    public string ColumnList { get; } = string.Join(", ", columns.Select(c => c.Name));

    public void Write(IRowSink sink, T item) => write(sink, item);
}

/// <summary>The tables a load writes, in one place for both providers.</summary>
internal static class StoreTables
{
    private const NpgsqlDbType Text = NpgsqlDbType.Text;
    private const NpgsqlDbType Bigint = NpgsqlDbType.Bigint;
    private const NpgsqlDbType Boolean = NpgsqlDbType.Boolean;

    public static readonly StoreTable<RecordVersion> Records = new(
        "records",
        [("id", Bigint), ("feed", Text), ("record_key", Text), ("version", NpgsqlDbType.Integer), ("row_hash", Text), ("load_id", Bigint), ("row_number", Bigint), ("raw", Text), ("warnings", Text)],
        (row, v) =>
        {
            row.Integer(v.Id);
            row.Text(v.Feed);
            row.Text(v.Key);
            row.Integer(v.Version);
            row.Text(v.Hash);
            row.Integer(v.LoadId);
            row.Integer(v.RowNumber);
            row.Text(v.Raw);
            row.Text(v.Warnings);
        });

    public static readonly StoreTable<(RecordVersion Version, PersonRecord Person)> Persons = new(
        "person_records",
        [
            ("record_id", Bigint), ("feed", Text), ("slot", Text), ("is_current", Boolean), ("local_id", Text), ("role", Text), ("forename", Text),
            ("middle_names", Text), ("surname", Text), ("forename_key", Text), ("surname_key", Text), ("preferred_forename", Text), ("preferred_surname", Text),
            ("initials", Text), ("name_as_received", Text), ("date_of_birth", Text), ("date_of_birth_raw", Text), ("sex", Text), ("nhs_number", Text),
            ("upn", Text), ("uln", Text), ("nino", Text), ("invalid_identifiers", Text), ("email", Text), ("phone", Text), ("ethnicity", Text),
            ("address_line1", Text), ("address_line2", Text), ("sub_building", Text), ("building_name", Text), ("house_number", Text), ("street", Text),
            ("locality", Text), ("town", Text), ("postcode", Text), ("postcode_raw", Text), ("postcode_district", Text), ("uprn", Bigint), ("uprn_source", Text),
        ],
        (row, item) =>
        {
            var (v, p) = item;
            var a = p.Address;
            row.Integer(v.Id);
            row.Text(v.Feed);
            row.Text(p.Slot);
            row.Boolean(true);
            row.Text(p.LocalId);
            row.Text(p.Role);
            row.Text(p.Forename);
            row.Text(p.MiddleNames);
            row.Text(p.Surname);
            row.Text(p.ForenameKey);
            row.Text(p.SurnameKey);
            row.Text(p.PreferredForename);
            row.Text(p.PreferredSurname);
            row.Text(p.Initials);
            row.Text(p.NameAsReceived);
            row.Text(p.DateOfBirth is { } dob ? Iso(dob) : null);
            row.Text(p.DateOfBirthRaw);
            row.Text(p.Sex);
            row.Text(p.NhsNumber);
            row.Text(p.Upn);
            row.Text(p.Uln);
            row.Text(p.Nino);
            row.Text(p.InvalidIdentifiers.Count == 0 ? null : JsonSerializer.Serialize(p.InvalidIdentifiers));
            row.Text(p.Email);
            row.Text(p.Phone);
            row.Text(p.Ethnicity);
            row.Text(a?.Line1);
            row.Text(a?.Line2);
            row.Text(a?.SubBuilding);
            row.Text(a?.BuildingName);
            row.Text(a?.Number);
            row.Text(a?.Street);
            row.Text(a?.Locality);
            row.Text(a?.Town);
            row.Text(a?.Postcode);
            row.Text(a?.PostcodeRaw);
            row.Text(a?.PostcodeDistrict);
            row.Integer(a?.Uprn);
            row.Text(a?.UprnSource);
        });

    public static readonly StoreTable<(RecordVersion Version, EventRecord Event)> Events = new(
        "events",
        [("record_id", Bigint), ("feed", Text), ("person_slot", Text), ("is_current", Boolean), ("event_type", Text), ("event_date", Text), ("event_time", Text), ("end_date", Text), ("attributes", Text)],
        (row, item) =>
        {
            var (v, e) = item;
            row.Integer(v.Id);
            row.Text(v.Feed);
            row.Text(e.PersonSlot);
            row.Boolean(true);
            row.Text(e.Type);
            row.Text(Iso(e.Date));
            row.Text(e.Time?.ToString("HH:mm", CultureInfo.InvariantCulture));
            row.Text(e.EndDate is { } end ? Iso(end) : null);
            row.Text(e.Attributes.Count == 0 ? null : JsonSerializer.Serialize(e.Attributes));
        });

    public static readonly StoreTable<(RecordVersion Version, RelationshipRecord Relationship)> Relationships = new(
        "relationships",
        [("record_id", Bigint), ("feed", Text), ("is_current", Boolean), ("relationship_type", Text), ("from_slot", Text), ("to_slot", Text), ("start_date", Text), ("end_date", Text), ("attributes", Text)],
        (row, item) =>
        {
            var (v, r) = item;
            row.Integer(v.Id);
            row.Text(v.Feed);
            row.Boolean(true);
            row.Text(r.Type);
            row.Text(r.FromSlot);
            row.Text(r.ToSlot);
            row.Text(r.Start is { } start ? Iso(start) : null);
            row.Text(r.End is { } end ? Iso(end) : null);
            row.Text(r.Attributes.Count == 0 ? null : JsonSerializer.Serialize(r.Attributes));
        });

    public static readonly StoreTable<(RecordVersion Version, PropertyRecord Property)> Properties = new(
        "properties",
        [
            ("uprn", Bigint), ("parent_uprn", Bigint), ("usrn", Bigint), ("sub_building", Text), ("primary_object", Text), ("street", Text), ("locality", Text),
            ("town", Text), ("postcode", Text), ("easting", Bigint), ("northing", Bigint), ("classification", Text), ("record_id", Bigint),
        ],
        (row, item) =>
        {
            var (v, p) = item;
            row.Integer(p.Uprn);
            row.Integer(p.ParentUprn);
            row.Integer(p.Usrn);
            row.Text(p.SubBuilding);
            row.Text(p.Primary);
            row.Text(p.Street);
            row.Text(p.Locality);
            row.Text(p.Town);
            row.Text(p.Postcode);
            row.Integer(p.Easting);
            row.Integer(p.Northing);
            row.Text(p.Classification);
            row.Integer(v.Id);
        });

    public static readonly StoreTable<(RecordVersion Version, SchoolRecord School)> Schools = new(
        "schools",
        [("urn", Text), ("laestab", Text), ("name", Text), ("phase", Text), ("school_type", Text), ("postcode", Text), ("uprn", Bigint), ("record_id", Bigint)],
        (row, item) =>
        {
            var (v, s) = item;
            row.Text(s.Urn);
            row.Text(s.LaEstab);
            row.Text(s.Name);
            row.Text(s.Phase);
            row.Text(s.Type);
            row.Text(s.Postcode);
            row.Integer(s.Uprn);
            row.Integer(v.Id);
        });

    public static readonly StoreTable<QuarantineRow> Quarantine = new(
        "quarantine",
        [("load_id", Bigint), ("feed", Text), ("row_number", Bigint), ("record_key", Text), ("raw", Text), ("reasons", Text), ("details", Text)],
        (row, q) =>
        {
            row.Integer(q.LoadId);
            row.Text(q.Feed);
            row.Integer(q.RowNumber);
            row.Text(q.Key);
            row.Text(q.Raw);
            row.Text(q.Reasons);
            row.Text(q.Details);
        });

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
