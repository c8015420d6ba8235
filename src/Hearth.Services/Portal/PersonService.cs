using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Hearth.Core.Common;
using Hearth.Services.Access;
using Hearth.Services.Audit;
using Hearth.Services.Persistence;

namespace Hearth.Services.Portal;

public sealed record SearchQuery(AccessContext Access, string? Text, string? DateOfBirth)
{
    public int Limit { get; init; } = 50;
}

public sealed record PersonSummary(long GoldenId, string Name, string? DateOfBirth, string? Sex, string? Postcode, long Sources, double Score);

public sealed record SearchResult(IReadOnlyList<PersonSummary> People, string? Problem, string? MatchedOn);

public sealed record PersonQuery(AccessContext Access, long GoldenId)
{
    public string? Feed { get; init; }

    public string? EventType { get; init; }

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 50;
}

/// <summary>A golden attribute, the rule that chose it and the source records that give it.</summary>
public sealed record GoldenValue(string Attribute, string Label, string Value, string Rule, int Alternatives, IReadOnlyList<string> Feeds);

public sealed record IdentifierValue(string Kind, string Value, IReadOnlyList<string> Feeds);

public sealed record AddressPeriod(string Address, string? Postcode, long? Uprn, string FirstSeen, string LastSeen, IReadOnlyList<string> Feeds);

public sealed record SourceRecord(long PersonRecordId, string Feed, string FeedTitle, string RecordKey, string Slot, string? Role, string Name, string? DateOfBirth, string? LoadedAt);

public sealed record ChronologyEntry(long Id, string Date, string? Time, string? EndDate, string Feed, string FeedTitle, string EventType, IReadOnlyList<KeyValuePair<string, string>> Details);

public sealed record KnownTo(string Feed, string FeedTitle, long Events, string? Latest);

public sealed record Chronology(IReadOnlyList<ChronologyEntry> Entries, int Total, int Page, int PageSize, IReadOnlyList<(string Feed, string Title)> Feeds, IReadOnlyList<string> EventTypes);

public sealed record FamilyMember(long GoldenId, string Name, string? DateOfBirth, string? Role);

/// <summary>A household or family the person belongs to, with the members the user may see and a count of those they may not.</summary>
public sealed record FamilyLink(long GroupId, string Layer, string? Role, IReadOnlyList<FamilyMember> Members, int MembersOutOfScope);

/// <summary>A stored score (issue 6) as the portal shows it: rule set, version, score, band and when, by column name.</summary>
public sealed record ScoreRow(IReadOnlyList<KeyValuePair<string, string>> Values);

public sealed record PersonView
{
    public required long GoldenId { get; init; }

    public required string Name { get; init; }

    public required IReadOnlyList<GoldenValue> Values { get; init; }

    public required IReadOnlyList<IdentifierValue> Identifiers { get; init; }

    public required IReadOnlyList<AddressPeriod> Addresses { get; init; }

    public required IReadOnlyList<SourceRecord> Sources { get; init; }

    /// <summary>Null when the store has no groups yet (issue 5).</summary>
    public IReadOnlyList<FamilyLink>? Families { get; init; }

    /// <summary>Null when the store has no scores yet (issue 6).</summary>
    public IReadOnlyList<ScoreRow>? Scores { get; init; }

    public required Chronology Chronology { get; init; }

    /// <summary>Services the person is known to whose details this role does not see.</summary>
    public required IReadOnlyList<KnownTo> KnownTo { get; init; }

    /// <summary>The sensitive-record flags on the person (their titles), shown so the user knows something is withheld.</summary>
    public required IReadOnlyList<string> Flags { get; init; }

    public bool AddressHidden { get; init; }

    public bool IdentityHidden { get; init; }

    /// <summary>The user sees this person through break-glass, not through their scope.</summary>
    public bool ThroughBreakGlass { get; init; }
}

/// <summary>
/// The portal's person queries: search and the single view. Every query carries the user's access and is filtered by
/// <see cref="ScopeFilter"/> in SQL, so a person out of scope is not found; every answer is audited in the same
/// transaction as the read.
/// </summary>
public sealed class PersonService(AuditLog audit, StoreFeatures features, PersonIndex index)
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["forename"] = "First name",
        ["middle_names"] = "Middle names",
        ["surname"] = "Last name",
        ["date_of_birth"] = "Date of birth",
        ["sex"] = "Sex",
        ["nhs_number"] = "NHS number",
        ["upn"] = "UPN",
        ["nino"] = "National Insurance number",
        ["ethnicity"] = "Ethnicity",
        ["address"] = "Address",
        ["postcode"] = "Postcode",
        ["uprn"] = "UPRN",
    };

    private static readonly string[] AddressAttributes = ["address", "postcode", "uprn"];
    private static readonly string[] IdentityAttributes = ["sex", "middle_names"];

    public SearchResult Search(SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Access.Demand(Permission.SearchPeople);
        var text = (query.Text ?? "").Trim();
        DateOnly? dob = null;
        if (query.DateOfBirth is { Length: > 0 } d)
        {
            if (!DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return new SearchResult([], "Enter a real date of birth", null);
            }

            dob = parsed;
        }

        if (text.Length == 0 && dob is null)
        {
            return new SearchResult([], "Enter a name, an identifier or a date of birth", null);
        }

        using var unit = audit.Begin();
        List<(long Id, double Score)> candidates;
        string matchedOn;
        var compact = new string([.. text.Where(c => !char.IsWhiteSpace(c))]).ToUpperInvariant();
        if (NhsNumber.TryParse(compact, out var nhs))
        {
            matchedOn = "NHS number";
            candidates = ByIdentifier(unit, "nhs_number", nhs.Value.Value);
        }
        else if (UniquePupilNumber.TryParse(compact, out var upn))
        {
            matchedOn = "UPN";
            candidates = ByIdentifier(unit, "upn", upn.Value.Value);
        }
        else if (NationalInsuranceNumber.TryParse(compact, out var nino))
        {
            matchedOn = "National Insurance number";
            candidates = ByIdentifier(unit, "nino", nino.Value.Value);
        }
        else if (compact.Length is > 0 and <= 12 && compact.All(char.IsAsciiDigit))
        {
            matchedOn = "Hearth id";
            candidates = [(long.Parse(compact, CultureInfo.InvariantCulture), 1.0)];
        }
        else
        {
            matchedOn = "name" + (dob is null ? "" : " and date of birth");
            candidates = [.. index.Find(unit.Connection, unit.Transaction, text, dob, 500)];
        }

        var people = InScope(unit, query.Access, candidates, query.Limit);
        unit.Append(query.Access, new AuditEvent(AuditActions.Search, Detail: new { text, date_of_birth = query.DateOfBirth, matched_on = matchedOn, results = people.Count, ids = people.Select(p => p.GoldenId).ToArray() }));
        unit.Commit();
        return new SearchResult(people, null, matchedOn);
    }

    /// <summary>The single view of a person, or null when there is no such person or the user may not see them.</summary>
    public PersonView? View(PersonQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Access.Demand(Permission.ViewPerson);
        // Read from a snapshot without the write lock, so that views do not queue behind one another (ADR 12); the view is
        // returned only once its audit entry has committed, so nothing is shown that is not recorded.
        PersonView? view;
        using (var snapshot = audit.BeginRead())
        {
            view = Read(snapshot, query);
        }

        // A look at someone out of scope is recorded too: who tried to see whom is what an auditor asks.
        audit.Record(query.Access, new AuditEvent(AuditActions.ViewPerson, "person", query.GoldenId.ToString(CultureInfo.InvariantCulture),
            Detail: new { found = view is not null, feed = query.Feed, event_type = query.EventType, page = query.Page, break_glass = view?.ThroughBreakGlass ?? false }));
        return view;
    }

    /// <summary>Whether the user may see the person: the scope predicate alone, for pages that show part of a person.</summary>
    internal static bool CanSee(AuditedTransaction unit, AccessContext access, StoreFeatures features, long goldenId) => CanSee(unit, access, features, goldenId, ignoreBreakGlass: false);

    private PersonView? Read(AuditedTransaction unit, PersonQuery query)
    {
        var c = unit.Connection;
        var t = unit.Transaction;
        if (!CanSee(unit, query.Access, features, query.GoldenId))
        {
            return null;
        }

        // Seen through break-glass when an unexpired grant exists and the scope alone would not show the person; the
        // second, costlier test runs only when there is such a grant.
        var throughBreakGlass = query.Access.Role != Role.Administrator
            && c.ExecuteScalar<long>("SELECT COUNT(*) FROM break_glass WHERE user_id = @User AND golden_id = @Id AND expires_at > @Now",
                new { User = query.Access.UserId, Id = query.GoldenId, Now = Timestamps.Format(unit.Now) }, t) > 0
            && !CanSee(unit, query.Access, features, query.GoldenId, ignoreBreakGlass: true);
        var flags = c.Query<string>("SELECT kind FROM sensitive_flags WHERE golden_id = @Id AND removed_at IS NULL", new { Id = query.GoldenId }, t)
            .Select(k => AccessPolicy.SensitiveFlags.TryGetValue(k, out var kind) ? kind : null).OfType<SensitiveFlagKind>().ToList();
        var addressHidden = flags.Any(f => f.HidesAddress && !f.SeenBy.Contains(query.Access.Role));
        var identityHidden = flags.Any(f => f.HidesIdentity && !f.SeenBy.Contains(query.Access.Role));
        var feedTitles = FeedTitles(c, t);

        var sources = c.Query<(long Id, string Feed, string RecordKey, string Slot, string? Role, string? Forename, string? Surname, string? NameAsReceived, string? Dob, string? LoadedAt)>(
            """
            SELECT p.id, p.feed, gm.record_key, p.slot, p.role, p.forename, p.surname, p.name_as_received, p.date_of_birth, l.finished_at
            FROM golden_members gm JOIN person_records p ON p.id = gm.person_record_id JOIN records r ON r.id = p.record_id JOIN loads l ON l.id = r.load_id
            WHERE gm.golden_id = @Id ORDER BY p.feed, gm.record_key
            """, new { Id = query.GoldenId }, t).ToList();
        var feedOfSource = sources.ToDictionary(s => s.Feed + "|" + s.Slot + "|" + s.RecordKey, s => s.Feed, StringComparer.Ordinal);

        var values = new List<GoldenValue>();
        foreach (var (attribute, value, rule, alternatives, sourcesJson) in c.Query<(string, string, string, long, string)>(
                     "SELECT attribute, value, rule, alternatives, sources FROM golden_attributes WHERE golden_id = @Id", new { Id = query.GoldenId }, t))
        {
            if ((addressHidden && AddressAttributes.Contains(attribute)) || (identityHidden && IdentityAttributes.Contains(attribute)))
            {
                continue;
            }

            var feeds = (JsonSerializer.Deserialize<List<string>>(sourcesJson) ?? []).Select(k => feedOfSource.TryGetValue(k, out var f) ? f : k.Split('|')[0])
                .Distinct(StringComparer.Ordinal).Select(f => feedTitles.GetValueOrDefault(f, f)).ToList();
            values.Add(new GoldenValue(attribute, Labels.GetValueOrDefault(attribute, attribute), value, rule, (int)alternatives, feeds));
        }

        values.Sort((a, b) => Array.IndexOf(Labels.Keys.ToArray(), a.Attribute).CompareTo(Array.IndexOf(Labels.Keys.ToArray(), b.Attribute)));
        var name = string.Join(' ', new[] { values.FirstOrDefault(v => v.Attribute == "forename")?.Value, values.FirstOrDefault(v => v.Attribute == "surname")?.Value }.Where(n => n is not null));

        var memberRows = c.Query<MemberRow>(
            """
            SELECT p.feed AS Feed, p.nhs_number AS Nhs, p.upn AS Upn, p.uln AS Uln, p.nino AS Nino, p.address_line1 AS Line1, p.sub_building AS Sub,
                p.building_name AS Building, p.house_number AS House, p.street AS Street, p.town AS Town, p.postcode AS Postcode, p.uprn AS Uprn, l.finished_at AS LoadedAt
            FROM golden_members gm JOIN person_records p ON p.id = gm.person_record_id JOIN records r ON r.id = p.record_id JOIN loads l ON l.id = r.load_id
            WHERE gm.golden_id = @Id
            """, new { Id = query.GoldenId }, t).ToList();
        var identifiers = new List<IdentifierValue>();
        if (!identityHidden)
        {
            foreach (var (kind, select) in new (string, Func<MemberRow, string?>)[]
                     {
                         ("NHS number", r => r.Nhs), ("UPN", r => r.Upn), ("ULN", r => r.Uln), ("National Insurance number", r => r.Nino),
                     })
            {
                foreach (var group in memberRows.Where(r => select(r) is not null).GroupBy(r => select(r)!, StringComparer.Ordinal))
                {
                    identifiers.Add(new IdentifierValue(kind, group.Key, [.. group.Select(r => feedTitles.GetValueOrDefault(r.Feed, r.Feed)).Distinct(StringComparer.Ordinal)]));
                }
            }
        }

        var addresses = new List<AddressPeriod>();
        if (!addressHidden)
        {
            foreach (var group in memberRows.Where(r => r.Postcode is not null || r.Street is not null || r.Line1 is not null)
                         .GroupBy(r => r.Uprn?.ToString(CultureInfo.InvariantCulture) ?? AddressLine(r.Sub, r.Building, r.House, r.Street, r.Town, r.Line1) + "|" + r.Postcode, StringComparer.Ordinal))
            {
                var first = group.First();
                var seen = group.Select(r => r.LoadedAt?[..Math.Min(10, r.LoadedAt.Length)] ?? "").Where(s => s.Length > 0).Order(StringComparer.Ordinal).ToList();
                addresses.Add(new AddressPeriod(AddressLine(first.Sub, first.Building, first.House, first.Street, first.Town, first.Line1), first.Postcode, first.Uprn,
                    seen.FirstOrDefault() ?? "", seen.LastOrDefault() ?? "", [.. group.Select(r => feedTitles.GetValueOrDefault(r.Feed, r.Feed)).Distinct(StringComparer.Ordinal)]));
            }

            addresses.Sort((a, b) => string.CompareOrdinal(b.LastSeen, a.LastSeen));
        }

        var fullFeeds = AccessPolicy.FullChronologyFeeds(query.Access.Role);
        var events = c.Query<(long Id, string Feed, string Type, string Date, string? Time, string? End, string? Attributes)>(
            """
            SELECT e.id, e.feed, e.event_type, e.event_date, e.event_time, e.end_date, e.attributes
            FROM golden_members gm JOIN person_records p ON p.id = gm.person_record_id
            JOIN events e ON e.record_id = p.record_id AND e.person_slot = p.slot
            WHERE gm.golden_id = @Id AND e.is_current = TRUE
            """, new { Id = query.GoldenId }, t).ToList();
        var knownTo = events.Where(e => fullFeeds is not null && !fullFeeds.Contains(e.Feed)).GroupBy(e => e.Feed, StringComparer.Ordinal)
            .Select(g => new KnownTo(g.Key, feedTitles.GetValueOrDefault(g.Key, g.Key), g.LongCount(), g.Max(e => e.Date)))
            .OrderBy(k => k.FeedTitle, StringComparer.Ordinal).ToList();
        var visible = events.Where(e => fullFeeds is null || fullFeeds.Contains(e.Feed)).ToList();
        var filtered = visible.Where(e => (query.Feed is not { Length: > 0 } f || e.Feed == f) && (query.EventType is not { Length: > 0 } ty || e.Type == ty))
            .OrderByDescending(e => e.Date, StringComparer.Ordinal).ThenByDescending(e => e.Time ?? "", StringComparer.Ordinal).ThenByDescending(e => e.Id).ToList();
        var pageSize = Math.Clamp(query.PageSize, 10, 200);
        var page = Math.Clamp(query.Page, 1, Math.Max(1, (filtered.Count + pageSize - 1) / pageSize));
        var entries = filtered.Skip((page - 1) * pageSize).Take(pageSize)
            .Select(e => new ChronologyEntry(e.Id, e.Date, e.Time, e.End, e.Feed, feedTitles.GetValueOrDefault(e.Feed, e.Feed), e.Type, Details(e.Attributes, addressHidden))).ToList();
        var chronology = new Chronology(entries, filtered.Count, page, pageSize,
            [.. visible.Select(e => e.Feed).Distinct(StringComparer.Ordinal).Select(f => (f, feedTitles.GetValueOrDefault(f, f))).OrderBy(f => f.Item2, StringComparer.Ordinal)],
            [.. visible.Select(e => e.Type).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);

        return new PersonView
        {
            GoldenId = query.GoldenId,
            Name = name.Length > 0 ? name : "Name not known",
            Values = values,
            Identifiers = identifiers,
            Addresses = addresses,
            Sources = identityHidden ? [] : [.. sources.Select(s => new SourceRecord(s.Id, s.Feed, feedTitles.GetValueOrDefault(s.Feed, s.Feed), s.RecordKey, s.Slot, s.Role,
                string.Join(' ', new[] { s.Forename, s.Surname }.Where(n => n is not null)) is { Length: > 0 } n ? n : s.NameAsReceived ?? "", s.Dob, s.LoadedAt))],
            Families = features.HasGroups ? Families(unit, query.Access, query.GoldenId) : null,
            Scores = features.HasScores ? Scores(c, t, query.GoldenId) : null,
            Chronology = chronology,
            KnownTo = knownTo,
            Flags = [.. flags.Select(f => f.Title)],
            AddressHidden = addressHidden,
            IdentityHidden = identityHidden,
            ThroughBreakGlass = throughBreakGlass,
        };
    }

    private static bool CanSee(AuditedTransaction unit, AccessContext access, StoreFeatures features, long goldenId, bool ignoreBreakGlass)
    {
        var (scope, parameters) = ScopeFilter.For(access, features, "g.id", unit.Now);
        if (ignoreBreakGlass)
        {
            // The same predicate as of a moment before any break-glass was granted.
            parameters.Add("ScopeNow", "9999-12-31T23:59:59.999Z");
        }

        parameters.Add("Id", goldenId);
        return unit.Connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM golden_records g WHERE g.id = @Id AND g.retired_run_id IS NULL AND {scope}", parameters, unit.Transaction) > 0;
    }

    private List<FamilyLink> Families(AuditedTransaction unit, AccessContext access, long goldenId)
    {
        var groups = unit.Connection.Query<(long Id, string Layer, string? Role)>(
            "SELECT g.id, g.layer, gm.role FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE gm.golden_id = @goldenId AND g.retired_run_id IS NULL AND gm.to_date IS NULL ORDER BY g.layer, g.id",
            new { goldenId }, unit.Transaction).ToList();
        if (groups.Count == 0)
        {
            return [];
        }

        // Every current member of every group at once, and the scope tested once per person: the same people are in the
        // household, the family and the extended family.
        var sqlite = features.Provider == StoreProvider.Sqlite;
        var rows = unit.Connection.Query<(long GroupId, long Id, string? Forename, string? Surname, string? Dob, string? Role)>(
            $"SELECT gm.group_id, r.id, r.forename, r.surname, r.date_of_birth, gm.role FROM group_members gm JOIN golden_records r ON r.id = gm.golden_id WHERE {(sqlite ? "gm.group_id IN @Groups" : "gm.group_id = ANY(@Groups)")} AND gm.to_date IS NULL ORDER BY r.date_of_birth, r.id",
            new { Groups = groups.Select(g => g.Id).ToArray() }, unit.Transaction).ToList();
        // SQLite prepares every statement afresh, so the members are tested in one statement. PostgreSQL prepares the
        // view's own one-person check once per connection, and planned a list of ids badly (7 ms a view under load),
        // so there each member goes through that check. Measured with hearth bench portal (README).
        var memberIds = rows.Select(r => r.Id).Distinct().ToArray();
        HashSet<long> visible;
        if (sqlite)
        {
            var (scope, parameters) = ScopeFilter.For(access, features, "r.id", unit.Now);
            parameters.Add("Members", memberIds);
            visible = unit.Connection.Query<long>($"SELECT r.id FROM golden_records r WHERE r.id IN @Members AND r.retired_run_id IS NULL AND {scope}", parameters, unit.Transaction).ToHashSet();
        }
        else
        {
            visible = memberIds.Where(id => CanSee(unit, access, features, id)).ToHashSet();
        }
        var links = new List<FamilyLink>();
        foreach (var group in groups)
        {
            var inGroup = rows.Where(r => r.GroupId == group.Id).ToList();
            var members = inGroup.Where(m => visible.Contains(m.Id)).DistinctBy(m => m.Id).Select(m => new FamilyMember(m.Id, $"{m.Forename} {m.Surname}".Trim(), m.Dob, m.Role)).ToList();
            links.Add(new FamilyLink(group.Id, group.Layer, group.Role, members, inGroup.Select(m => m.Id).Distinct().Count() - members.Count));
        }

        return links;
    }

    private static List<ScoreRow> Scores(DbConnection connection, DbTransaction transaction, long goldenId) =>
        [.. connection.Query<(string RuleSet, string Version, double Score, string Band, string EvaluatedAt)>(
                "SELECT rule_set, rule_version, score, band, evaluated_at FROM scores WHERE subject_type = 'person' AND subject_id = @goldenId ORDER BY rule_set",
                new { goldenId }, transaction)
            .Select(s => new ScoreRow(
            [
                new("rule_set", s.RuleSet),
                new("rule_version", s.Version),
                new("score", s.Score.ToString("0.##", CultureInfo.InvariantCulture)),
                new("band", s.Band),
                new("evaluated_at", s.EvaluatedAt),
            ]))];

    private static List<(long Id, double Score)> ByIdentifier(AuditedTransaction unit, string column, string value) =>
        [.. unit.Connection.Query<long>(
            $"SELECT DISTINCT gm.golden_id FROM person_records p JOIN golden_members gm ON gm.person_record_id = p.id WHERE p.is_current = TRUE AND p.{column} = @value",
            new { value }, unit.Transaction).Select(id => (id, 1.0))];

    private List<PersonSummary> InScope(AuditedTransaction unit, AccessContext access, List<(long Id, double Score)> candidates, int limit)
    {
        if (candidates.Count == 0)
        {
            return [];
        }

        var score = candidates.GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.Max(c => c.Score));
        var (scope, parameters) = ScopeFilter.For(access, features, "g.id", unit.Now);
        var found = new List<PersonSummary>();
        foreach (var chunk in score.Keys.Chunk(400))
        {
            var ids = string.Join(',', chunk.Select(i => i.ToString(CultureInfo.InvariantCulture)));
            found.AddRange(unit.Connection.Query<(long Id, string? Forename, string? Surname, string? Dob, string? Sex, string? Postcode, long Members, long Hidden)>(
                $"""
                SELECT g.id, g.forename, g.surname, g.date_of_birth, g.sex, g.postcode, g.members,
                    (SELECT COUNT(*) FROM sensitive_flags f WHERE f.golden_id = g.id AND f.removed_at IS NULL AND f.kind IN ('protected_address', 'adoption'))
                FROM golden_records g WHERE g.id IN ({ids}) AND g.retired_run_id IS NULL AND {scope}
                """, parameters, unit.Transaction)
                .Select(r => new PersonSummary(r.Id, $"{r.Forename} {r.Surname}".Trim(), r.Dob, r.Sex, r.Hidden > 0 && access.Role != Role.Administrator ? null : r.Postcode, r.Members, score[r.Id])));
        }

        return [.. found.OrderByDescending(p => p.Score).ThenBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.GoldenId).Take(limit)];
    }

    internal static Dictionary<string, string> FeedTitles(DbConnection connection, DbTransaction? transaction) =>
        connection.Query<(string Name, string? Title)>("SELECT name, title FROM feeds", transaction: transaction).ToDictionary(f => f.Name, f => f.Title ?? f.Name, StringComparer.Ordinal);

    private static string AddressLine(string? sub, string? building, string? house, string? street, string? town, string? line1)
    {
        var parts = new[] { sub, building, string.Join(' ', new[] { house, street }.Where(p => !string.IsNullOrWhiteSpace(p))), town }.Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        return parts.Count > 0 ? string.Join(", ", parts) : line1 ?? "";
    }

    private static readonly string[] AddressKeys = ["address", "postcode", "uprn", "line", "town"];

    private static List<KeyValuePair<string, string>> Details(string? attributes, bool addressHidden)
    {
        if (attributes is not { Length: > 1 })
        {
            return [];
        }

        using var json = JsonDocument.Parse(attributes);
        var details = new List<KeyValuePair<string, string>>();
        foreach (var property in json.RootElement.EnumerateObject())
        {
            if (addressHidden && AddressKeys.Any(k => property.Name.Contains(k, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() ?? "" : property.Value.GetRawText();
            if (value.Length > 0)
            {
                details.Add(new(property.Name.Replace('_', ' '), value));
            }
        }

        return details;
    }

    private sealed record MemberRow
    {
        public string Feed { get; init; } = "";

        public string? Nhs { get; init; }

        public string? Upn { get; init; }

        public string? Uln { get; init; }

        public string? Nino { get; init; }

        public string? Line1 { get; init; }

        public string? Sub { get; init; }

        public string? Building { get; init; }

        public string? House { get; init; }

        public string? Street { get; init; }

        public string? Town { get; init; }

        public string? Postcode { get; init; }

        public long? Uprn { get; init; }

        public string? LoadedAt { get; init; }
    }
}
