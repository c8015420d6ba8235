using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Hearth.Core.Matching;
using Hearth.Core.Standardisation;

namespace Hearth.Services.Matching;

/// <summary>A current person record as the store holds it, with what matching and survivorship need.</summary>
public sealed record StoredPerson
{
    public long Id { get; init; }

    public string Feed { get; init; } = "";

    public string RecordKey { get; init; } = "";

    public string Slot { get; init; } = "";

    public long TrustRank { get; init; }

    public string? Role { get; init; }

    public string? LoadedAt { get; init; }

    public string? Forename { get; init; }

    public string? MiddleNames { get; init; }

    public string? Surname { get; init; }

    public string? ForenameKey { get; init; }

    public string? SurnameKey { get; init; }

    public string? Initials { get; init; }

    public string? DateOfBirth { get; init; }

    public string? Sex { get; init; }

    public string? NhsNumber { get; init; }

    public string? Upn { get; init; }

    public string? Nino { get; init; }

    public string? InvalidIdentifiers { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }

    public string? Ethnicity { get; init; }

    public string? SubBuilding { get; init; }

    public string? BuildingName { get; init; }

    public string? HouseNumber { get; init; }

    public string? Street { get; init; }

    public string? Town { get; init; }

    public string? Postcode { get; init; }

    public string? PostcodeDistrict { get; init; }

    public long? Uprn { get; init; }

    /// <summary>
    /// Roles in which a source names only adults: liable for council tax, a tenant, a benefit claimant or partner, a
    /// parent or carer. A golden record whose date of birth makes its person a child when the record was loaded cannot
    /// take such a record (a parent and child with one name at one address are the commonest false merge).
    /// </summary>
    public static IReadOnlySet<string> AdultRoles { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "liable_person", "lead_tenant", "joint_tenant", "claimant", "partner", "applicant", "Main carer", "parent", "mother",
        "Father", "Mother", "Step-father", "Step-mother", "Grandfather", "Grandmother", "Foster carer",
    };

    /// <summary>The record's name by content: feed, slot and record key. Stable across versions of the record.</summary>
    public string SourceKey => SourceKeys.Of(Feed, Slot, RecordKey);

    /// <summary>The address as one line, for survivorship and display.</summary>
    public string? AddressLine => string.Join(", ", new[] { SubBuilding, BuildingName, string.Join(' ', new[] { HouseNumber, Street }.Where(p => !string.IsNullOrWhiteSpace(p))), Town }
        .Where(p => !string.IsNullOrWhiteSpace(p))) is { Length: > 0 } line ? line : null;

    /// <summary>The record in the form matching compares.</summary>
    public MatchRecord ToMatchRecord()
    {
        string? nhsUnchecked = null;
        string? upnUnchecked = null;
        if (InvalidIdentifiers is { Length: > 2 } invalid)
        {
            using var json = JsonDocument.Parse(invalid);
            if (json.RootElement.TryGetProperty("nhs_number", out var nhs) && nhs.GetString() is { } n)
            {
                nhsUnchecked = new string([.. n.Where(char.IsAsciiDigit)]);
            }

            if (json.RootElement.TryGetProperty("upn", out var upn) && upn.GetString() is { } u)
            {
                upnUnchecked = u.Trim().ToUpperInvariant();
            }
        }

        var recordedOn = LoadedAt is { Length: >= 10 } at && DateOnly.TryParseExact(at[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var loaded) ? loaded : (DateOnly?)null;
        var street = string.Join(' ', new[] { HouseNumber ?? BuildingName, Street }.Where(p => !string.IsNullOrWhiteSpace(p)));
        return new MatchRecord
        {
            SourceKey = SourceKey,
            Source = Feed,
            TrustRank = (int)TrustRank,
            RecordedOn = recordedOn,
            RecordGroup = Feed + "|" + RecordKey,
            AdultOn = Role is { } role && AdultRoles.Contains(role) ? recordedOn : null,
            Forename = ForenameKey,
            MiddleNames = Names.Key(MiddleNames),
            Surname = SurnameKey,
            Initials = Initials is { } i ? Names.Key(i) : null,
            DateOfBirth = DateOfBirth is { } d && DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dob) ? dob : null,
            Sex = Sex is "M" or "F" ? Sex[0] : null,
            NhsNumber = NhsNumber,
            NhsNumberUnchecked = nhsUnchecked is { Length: > 0 } ? nhsUnchecked : null,
            Upn = Upn,
            UpnUnchecked = upnUnchecked,
            Nino = Nino,
            Postcode = Postcode,
            PostcodeDistrict = PostcodeDistrict,
            Uprn = Uprn,
            Address = street.Length == 0 ? null : street.ToUpperInvariant(),
            Town = Town?.ToUpperInvariant(),
            Email = Email?.ToLowerInvariant(),
            Phone = Phone,
        };
    }
}

/// <summary>Names a person record by its content.</summary>
public static class SourceKeys
{
    /// <summary>feed|slot|record key: feed names and slots hold no '|', so the record key (which may) comes last.</summary>
    public static string Of(string feed, string slot, string recordKey) => feed + "|" + slot + "|" + recordKey;

    /// <summary>The parts of a source key.</summary>
    public static (string Feed, string Slot, string RecordKey) Parse(string sourceKey)
    {
        ArgumentNullException.ThrowIfNull(sourceKey);
        var first = sourceKey.IndexOf('|', StringComparison.Ordinal);
        var second = first < 0 ? -1 : sourceKey.IndexOf('|', first + 1);
        if (second < 0)
        {
            throw new FormatException($"'{sourceKey}' is not a source key (feed|slot|record key).");
        }

        return (sourceKey[..first], sourceKey[(first + 1)..second], sourceKey[(second + 1)..]);
    }
}

/// <summary>Reads the store's current person records.</summary>
internal static class PersonRecordReader
{
    private const string Select = """
        SELECT p.id AS Id, p.feed AS Feed, r.record_key AS RecordKey, p.slot AS Slot, p.role AS Role, f.trust_rank AS TrustRank, l.finished_at AS LoadedAt,
               p.forename AS Forename, p.middle_names AS MiddleNames, p.surname AS Surname, p.forename_key AS ForenameKey, p.surname_key AS SurnameKey,
               p.initials AS Initials, p.date_of_birth AS DateOfBirth, p.sex AS Sex, p.nhs_number AS NhsNumber, p.upn AS Upn, p.nino AS Nino,
               p.invalid_identifiers AS InvalidIdentifiers, p.email AS Email, p.phone AS Phone, p.ethnicity AS Ethnicity,
               p.sub_building AS SubBuilding, p.building_name AS BuildingName, p.house_number AS HouseNumber, p.street AS Street, p.town AS Town,
               p.postcode AS Postcode, p.postcode_district AS PostcodeDistrict, p.uprn AS Uprn
        FROM person_records p
        JOIN records r ON r.id = p.record_id
        JOIN feeds f ON f.name = p.feed
        JOIN loads l ON l.id = r.load_id
        WHERE p.is_current = TRUE
        """;

    public static List<StoredPerson> Current(DbConnection connection) => [.. connection.Query<StoredPerson>(Select, buffered: false)];

    public static List<StoredPerson> CurrentIn(DbConnection connection, DbTransaction? transaction) => [.. connection.Query<StoredPerson>(Select, transaction: transaction, buffered: false)];

    /// <summary>The person records of a golden record.</summary>
    public static List<StoredPerson> OfGolden(DbConnection connection, DbTransaction? transaction, long goldenId) =>
        [.. connection.Query<StoredPerson>(Select.Replace("WHERE p.is_current = TRUE", "JOIN golden_members gm ON gm.person_record_id = p.id WHERE gm.golden_id = @goldenId ORDER BY p.feed, r.record_key", StringComparison.Ordinal), new { goldenId }, transaction)];

    public static List<StoredPerson> ByIds(DbConnection connection, IReadOnlyCollection<long> ids, DbTransaction? transaction = null) =>
        [.. connection.Query<StoredPerson>(Select.Replace("WHERE p.is_current = TRUE", "WHERE p.id IN (" + string.Join(",", ids.Select(i => i.ToString(CultureInfo.InvariantCulture))) + ")", StringComparison.Ordinal), transaction: transaction)];
}
