using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Hearth.Core.Groups;

namespace Hearth.Services.Groups;

/// <summary>Everything the grouping engines read, gathered from the store's current golden records and source records.</summary>
/// <param name="People">Every current golden record, by id.</param>
/// <param name="Observations">Dated evidence of where each person lived.</param>
/// <param name="Links">Relationships the feeds recorded and co-involvement derived from shared references.</param>
/// <param name="AsOf">The date the groups describe.</param>
public sealed record GroupEvidence(IReadOnlyDictionary<long, PersonFacts> People, IReadOnlyList<ResidenceObservation> Observations, IReadOnlyList<PersonLink> Links, DateOnly AsOf);

/// <summary>
/// Reads the evidence for grouping: a source record's slots are mapped to golden ids through golden_members, so a
/// relationship a feed recorded between two slots of one record (a school contact and the pupil) becomes a link between
/// two people; people who share a reference across records (a benefit claim, a tenancy, a homelessness case, an early
/// help family, a police occurrence, a youth justice co-defendant, a suspension on one day at one school) are linked by
/// it; and every dated address becomes a residence observation.
/// </summary>
internal static class GroupEvidenceReader
{
    /// <summary>Events whose dates bound a tenure at an address (the rest are sightings on their date).</summary>
    private static readonly HashSet<string> TenureEvents = new(["council_tax_account", "tenancy", "benefit_claim", "temporary_accommodation"], StringComparer.Ordinal);

    /// <summary>Events that place no one at their address on their date.</summary>
    private static readonly HashSet<string> NotResidence = new(["death", "birth"], StringComparer.Ordinal);

    /// <summary>Shared references that link everyone who holds them: event type, attribute, link type.</summary>
    private static readonly (string Event, string Attribute, string Link)[] SharedReferences =
    [
        ("benefit_claim", "claim_ref", "same_benefit_claim"),
        ("tenancy", "tenancy_ref", "same_tenancy"),
        ("homelessness_case", "case_ref", "same_homelessness_case"),
        ("early_help_episode", "family_ref", "same_early_help_family"),
        ("police_incident", "occurrence_ref", "co_involved_police_incident"),
    ];

    /// <summary>A shared reference held by more people than this links none of them (a mass incident says nothing about who knows whom).</summary>
    private const int MaxSharing = 8;

    /// <summary>How far a relationship recorded between two slots of one record is believed.</summary>
    private const double RecordedConfidence = 0.95;

    public static GroupEvidence Read(DbConnection connection, DateOnly? asOf)
    {
        var people = new Dictionary<long, PersonFacts>();
        foreach (var (id, dob) in connection.Query<(long, string?)>("SELECT id, date_of_birth FROM golden_records WHERE retired_run_id IS NULL"))
        {
            people[id] = new PersonFacts(id, ParseDate(dob), null);
        }

        var goldenOf = new Dictionary<(long Record, string Slot), (long Golden, long? Uprn, string RecordKey)>();
        var received = new List<(long Golden, long Record, string Slot, long Uprn, string Feed, string RecordKey, string LoadedAt)>();
        foreach (var m in connection.Query<(long Golden, long Record, string Slot, long? Uprn, string RecordKey, string Feed, string LoadedAt)>(
            "SELECT gm.golden_id, p.record_id, p.slot, p.uprn, gm.record_key, p.feed, l.started_at FROM golden_members gm JOIN person_records p ON p.id = gm.person_record_id JOIN records rec ON rec.id = p.record_id JOIN loads l ON l.id = rec.load_id WHERE p.is_current = TRUE"))
        {
            if (people.ContainsKey(m.Golden))
            {
                goldenOf[(m.Record, m.Slot)] = (m.Golden, m.Uprn, m.RecordKey);
                if (m.Uprn is { } uprn)
                {
                    received.Add((m.Golden, m.Record, m.Slot, uprn, m.Feed, m.RecordKey, m.LoadedAt));
                }
            }
        }

        var events = connection.Query<(long Id, long Record, string Slot, string Feed, string Type, string Date, string? End, string? Attributes)>(
            "SELECT id, record_id, person_slot, feed, event_type, event_date, end_date, attributes FROM events WHERE is_current = TRUE ORDER BY id").ToList();
        var lastEvent = DateOnly.MinValue;
        foreach (var e in events)
        {
            if (ParseDate(e.Date) is { } d && d > lastEvent)
            {
                lastEvent = d;
            }
        }

        var on = asOf ?? (lastEvent == DateOnly.MinValue ? DateOnly.FromDateTime(DateTime.UtcNow) : lastEvent);
        var observations = new List<ResidenceObservation>();
        var shared = new Dictionary<(string Link, string Reference), List<(long Golden, DateOnly? Date, string Feed)>>();
        var youthJusticeIds = new Dictionary<string, long>(StringComparer.Ordinal);
        var coDefendants = new List<(long Golden, string[] Others, DateOnly? Date, string Reference)>();
        var suspensions = new Dictionary<(string School, string Date), List<(long Golden, string Reference)>>();
        var claims = new Dictionary<string, List<(long Golden, string MemberType, DateOnly? Date)>>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (!goldenOf.TryGetValue((e.Record, e.Slot), out var person))
            {
                continue;
            }

            var attributes = Attributes(e.Attributes);
            var date = ParseDate(e.Date);
            if (e.Type == "death" && date is { } died)
            {
                var facts = people[person.Golden];
                people[person.Golden] = facts with { DiedOn = facts.DiedOn is { } known && known < died ? known : died };
                continue;
            }

            var uprn = attributes.TryGetValue("uprn", out var u) && long.TryParse(u, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : person.Uprn;
            var isOldAddress = e.Type == "address_period" && attributes.GetValueOrDefault("use") is { } use && use != "home";
            if (uprn is { } property && date is { } from && !NotResidence.Contains(e.Type) && !isOldAddress)
            {
                var tenure = TenureEvents.Contains(e.Type);
                observations.Add(new ResidenceObservation(
                    person.Golden, property, from, tenure ? ParseDate(e.End) : null, tenure ? ResidenceEvidenceKind.Tenure : ResidenceEvidenceKind.Sighting,
                    e.Feed, $"{e.Feed} {person.RecordKey}, {e.Type} of {e.Date}"));
            }

            foreach (var (eventType, attribute, link) in SharedReferences)
            {
                if (e.Type == eventType && attributes.GetValueOrDefault(attribute) is { Length: > 0 } reference)
                {
                    var key = (link, reference);
                    (shared.TryGetValue(key, out var list) ? list : shared[key] = []).Add((person.Golden, date, e.Feed));
                }
            }

            if (e.Type == "benefit_claim" && attributes.GetValueOrDefault("claim_ref") is { Length: > 0 } claim && attributes.GetValueOrDefault("member_type") is { Length: > 0 } memberType)
            {
                (claims.TryGetValue(claim, out var list) ? list : claims[claim] = []).Add((person.Golden, memberType, date));
            }

            if (e.Type == "youth_justice_outcome")
            {
                if (attributes.GetValueOrDefault("yj_id") is { Length: > 0 } yj)
                {
                    youthJusticeIds.TryAdd(yj, person.Golden);
                }

                if (attributes.GetValueOrDefault("co_defendants") is { Length: > 0 } others)
                {
                    coDefendants.Add((person.Golden, others.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), ParseDate(attributes.GetValueOrDefault("offence_date")) ?? date, attributes.GetValueOrDefault("outcome_id") ?? e.Id.ToString(CultureInfo.InvariantCulture)));
                }
            }

            if (e.Type == "exclusion" && attributes.GetValueOrDefault("category") == "SUSP" && attributes.GetValueOrDefault("la_estab") is { Length: > 0 } school)
            {
                var key = (school, e.Date);
                (suspensions.TryGetValue(key, out var list) ? list : suspensions[key] = []).Add((person.Golden, attributes.GetValueOrDefault("ref") ?? person.RecordKey));
            }
        }

        // An address on a record with no dated event of its own (a school contact) is evidence too, dated by when the
        // record was received and used only where nothing dated is known (ResidenceEvidenceKind.Undated).
        var dated = events.Select(e => (e.Record, e.Slot)).ToHashSet();
        foreach (var r in received.Where(r => !dated.Contains((r.Record, r.Slot))))
        {
            var loaded = ParseDate(r.LoadedAt) ?? on;
            observations.Add(new ResidenceObservation(r.Golden, r.Uprn, loaded < on ? loaded : on, null, ResidenceEvidenceKind.Undated, r.Feed, $"{r.Feed} {r.RecordKey}, undated"));
        }

        var links = new List<PersonLink>();
        foreach (var r in connection.Query<(long Record, string Feed, string Type, string From, string To, string? Start, string? End, string RecordKey)>(
            "SELECT rel.record_id, rel.feed, rel.relationship_type, rel.from_slot, rel.to_slot, rel.start_date, rel.end_date, rec.record_key FROM relationships rel JOIN records rec ON rec.id = rel.record_id WHERE rel.is_current = TRUE ORDER BY rel.id"))
        {
            if (goldenOf.TryGetValue((r.Record, r.From), out var from) && goldenOf.TryGetValue((r.Record, r.To), out var to) && from.Golden != to.Golden)
            {
                var (left, right, type) = Normalise(from.Golden, to.Golden, r.Type);
                links.Add(new PersonLink(left, right, type, r.Feed, ParseDate(r.Start), ParseDate(r.End), RecordedConfidence, $"record {r.RecordKey}"));
            }
        }

        foreach (var ((link, reference), holders) in shared.OrderBy(s => s.Key.Link, StringComparer.Ordinal).ThenBy(s => s.Key.Reference, StringComparer.Ordinal))
        {
            var distinct = holders.GroupBy(h => h.Golden).Select(g => (Golden: g.Key, Date: g.Min(h => h.Date), g.First().Feed)).OrderBy(h => h.Golden).ToList();
            if (distinct.Count < 2 || distinct.Count > MaxSharing)
            {
                continue;
            }

            for (var i = 0; i < distinct.Count; i++)
            {
                for (var j = i + 1; j < distinct.Count; j++)
                {
                    var date = distinct[i].Date is { } a && distinct[j].Date is { } b ? (a > b ? a : b) : distinct[i].Date ?? distinct[j].Date;
                    links.Add(new PersonLink(distinct[i].Golden, distinct[j].Golden, link, distinct[i].Feed, date, null, 0.9, reference));
                }
            }
        }

        // A claim names who depends on whom: the claimant and partner are responsible for its dependants (children) and
        // non-dependants (adult children and relatives at home).
        foreach (var (claim, members) in claims.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var adults = members.Where(m => m.MemberType is "claimant" or "partner").Select(m => m.Golden).Distinct().Order().ToList();
            foreach (var dependant in members.Where(m => m.MemberType is "dependant" or "non_dependant").GroupBy(m => m.Golden).OrderBy(g => g.Key))
            {
                foreach (var adult in adults.Where(a => a != dependant.Key))
                {
                    links.Add(new PersonLink(adult, dependant.Key, "claim_dependant_of", "benefits", dependant.Min(d => d.Date), null, 0.9, $"claim {claim} ({dependant.First().MemberType})"));
                }
            }
        }

        foreach (var (golden, others, date, reference) in coDefendants)
        {
            foreach (var other in others)
            {
                if (youthJusticeIds.TryGetValue(other, out var co) && co != golden)
                {
                    links.Add(new PersonLink(Math.Min(golden, co), Math.Max(golden, co), "co_defendant", "youth_justice", date, null, 0.9, $"outcome {reference}"));
                }
            }
        }

        foreach (var ((school, date), pupils) in suspensions.OrderBy(s => s.Key.School, StringComparer.Ordinal).ThenBy(s => s.Key.Date, StringComparer.Ordinal))
        {
            var distinct = pupils.GroupBy(p => p.Golden).Select(g => g.First()).OrderBy(p => p.Golden).ToList();
            if (distinct.Count is < 2 or > 4)
            {
                continue;
            }

            for (var i = 0; i < distinct.Count; i++)
            {
                for (var j = i + 1; j < distinct.Count; j++)
                {
                    links.Add(new PersonLink(distinct[i].Golden, distinct[j].Golden, "co_suspended", "school_exclusions", ParseDate(date), null, 0.5, $"school {school} on {date}: {distinct[i].Reference}, {distinct[j].Reference}"));
                }
            }
        }

        return new GroupEvidence(people, observations, links, on);
    }

    /// <summary>Directed types keep their direction (Left is the mother of Right); reversed forms are turned round; symmetric types are ordered.</summary>
    internal static (long Left, long Right, string Type) Normalise(long from, long to, string type) => type switch
    {
        "child_of" => (to, from, "parent_of"),
        "household_member_of" => (Math.Min(from, to), Math.Max(from, to), "same_homelessness_case"),
        "mother_of" or "father_of" or "parent_of" or "step_parent_of" or "grandparent_of" or "foster_carer_of" => (from, to, type),
        _ => (Math.Min(from, to), Math.Max(from, to), type),
    };

    private static Dictionary<string, string> Attributes(string? json)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(json))
        {
            return result;
        }

        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                result[property.Name] = property.Value.GetString()!;
            }
        }

        return result;
    }

    internal static DateOnly? ParseDate(string? text) =>
        text is { Length: >= 10 } && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
