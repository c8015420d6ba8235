using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using Hearth.Core.Rules;
using Hearth.Services.Persistence;

namespace Hearth.Services.Rules;

/// <summary>A scoring run: who asked, as at which date (default today), and which rule sets (default config/rules).</summary>
public sealed record ScoreCommand(string RunBy)
{
    public DateOnly? AsOf { get; init; }

    /// <summary>Score again only the people and families whose answer could have changed since the last run (<see cref="ScoreScope"/>); the whole store when that cannot be told.</summary>
    public bool ChangedOnly { get; init; }

    /// <summary>The rule sets to evaluate; default <see cref="RuleCatalogue.Load"/>.</summary>
    public IReadOnlyList<CompiledRuleSet>? RuleSets { get; init; }
}

/// <summary>How far a run has got.</summary>
public sealed record ScoreProgress(string Stage, long Done, long Total);

/// <summary>One rule set's part of a run: how many subjects it scored, in which bands, and what changed.</summary>
public sealed record RuleSetRunSummary(string RuleSet, string Version, long Scored, IReadOnlyDictionary<string, long> Bands, long Changed, long LeftCohort, long Alerts);

public sealed record ScoreResult(long RunId, DateOnly AsOf, long Subjects, IReadOnlyList<RuleSetRunSummary> RuleSets, long HistoryRows, long Alerts, double Seconds)
{
    /// <summary>Whether the run scored only what changed (changed) or everyone (full).</summary>
    public string Mode { get; init; } = "full";

    /// <summary>Why a run asked to score only what changed scored everyone instead.</summary>
    public string? FullBecause { get; init; }

    /// <summary>The people and families a changed-only run scored again (everyone in a full run).</summary>
    public long PeopleInScope { get; init; }

    /// <summary>The families a run scored again.</summary>
    public long FamiliesInScope { get; init; }

    /// <summary>Results claim judgements written, by status (claimable, pending, not_claimable).</summary>
    public IReadOnlyDictionary<string, long> Claims { get; init; } = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>Seconds spent reading (golden records, families and events), evaluating people, evaluating families and writing.</summary>
    public IReadOnlyDictionary<string, double> Stages { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal);
}

/// <summary>A stored score with its reasons, as <c>hearth explain-score</c> shows it.</summary>
/// <summary>A stored claim judgement; needs, outcomes and problems are the JSON of <see cref="ClaimAssessment"/>'s lists.</summary>
public sealed record StoredClaim(long FamilyId, string RuleSet, string Version, string CaseId, string Status, string? IdentifiedOn, string? ClosedOn, string? ClaimableFrom, string? NextCheck, string Needs, string Outcomes, string Problems, double Tariff, string AsOf, long RunId, string AssessedAt);

public sealed record StoredScore(string RuleSet, string Version, double Score, string Band, string EvaluatedAt, IReadOnlyList<ScoreReason> Reasons);

/// <summary>One change in a subject's score or band (or leaving the cohort: no score or band), as stored.</summary>
public sealed record ScoreHistoryEntry(long Id, string RuleSet, string Version, double? Score, string? Band, double? PreviousScore, string? PreviousBand, long RunId, string EvaluatedAt, IReadOnlyList<ScoreReason> Reasons);

public sealed record AlertRow(long Id, string RuleSet, string Kind, string SubjectType, long SubjectId, string RaisedAt, string Detail, string? AcknowledgedBy, string? AcknowledgedAt, string? AcknowledgementReason);

public sealed record AcknowledgeCommand(long AlertId, string User, string Reason);

/// <summary>
/// Scores the store's current golden records with every person rule set and keeps the results: the current score per
/// subject and rule set, a history row only when a score or band changes, and de-duplicated alerts when a band gets
/// worse or a watched event arrives. One transaction per run, so a killed run changes nothing. Scores are advisory.
/// </summary>
public sealed class ScoreService(StoreLocation store, TimeProvider time)
{
    public const string Person = "person";

    public const string Family = "family";

    /// <summary>How reasons and alert details are written as JSON: snake_case, as everything else in the store.</summary>
    public static JsonSerializerOptions Json { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public ScoreResult Score(ScoreCommand command, IProgress<ScoreProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        Migrator.Upgrade(store, time);
        var clock = Stopwatch.StartNew();
        var now = time.GetUtcNow();
        var asOf = command.AsOf ?? DateOnly.FromDateTime(now.UtcDateTime);
        var sets = (command.RuleSets ?? RuleCatalogue.Load()).ToList();
        var personSets = sets.Where(s => s.Definition.Subject == RuleSubject.Person).ToList();
        var familySets = sets.Where(s => s.Definition.Subject == RuleSubject.Family).ToList();
        var evaluatedAt = Timestamps.Format(now);

        using var connection = store.Open();
        using var transaction = connection.BeginTransaction();
        var previousRun = connection.QueryFirstOrDefault<PreviousRun>(
            "SELECT id AS Id, as_of AS AsOf, started_at AS StartedAt, rule_sets AS RuleSets, max_event_id AS MaxEventId FROM score_runs WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1",
            transaction: transaction);
        var maxEventId = connection.ExecuteScalar<long?>("SELECT MAX(id) FROM events", transaction: transaction) ?? 0;
        var runId = connection.ExecuteScalar<long>(
            "INSERT INTO score_runs (started_at, run_by, as_of, rule_sets, max_event_id) VALUES (@Started, @RunBy, @AsOf, @RuleSets, @MaxEventId) RETURNING id",
            new
            {
                Started = evaluatedAt,
                command.RunBy,
                AsOf = asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                RuleSets = JsonSerializer.Serialize(sets.ToDictionary(s => s.Name, s => s.Version, StringComparer.Ordinal)),
                MaxEventId = maxEventId,
            },
            transaction);

        progress?.Report(new ScoreProgress("reading golden records", 0, 0));
        var people = connection.Query<(long Id, string? Dob, string? Sex, string? Ethnicity, string? Postcode)>(
            "SELECT id, date_of_birth, sex, ethnicity, postcode FROM golden_records WHERE retired_run_id IS NULL ORDER BY id", transaction: transaction).ToList();
        var existing = connection.Query<(string Type, long Id, string RuleSet, string Version, double Score, string Band)>(
            "SELECT subject_type, subject_id, rule_set, rule_version, score, band FROM scores", transaction: transaction)
            .ToDictionary(s => (s.Type, s.Id, s.RuleSet), s => (s.Version, s.Score, s.Band));

        // Families are the current groups of each family rule set's layer; their members are kept as they are scored, so
        // that each family is scored once every member's events have been read.
        var families = FamiliesOf(connection, transaction, familySets);
        var memberIds = families.Values.SelectMany(layer => layer.SelectMany(f => f.Members.Select(m => m.GoldenId))).ToHashSet();

        // A changed-only run reads and scores the people and families whose answer could differ, and the other members
        // of those families (a family is scored with all its members).
        string? fullBecause = null;
        HashSet<long>? scopeFamilies = null;
        HashSet<long>? scopePeople = null;
        if (command.ChangedOnly)
        {
            var familiesOfPerson = families.Values.SelectMany(layer => layer.SelectMany(f => f.Members.Select(m => (m.GoldenId, f.GroupId))))
                .ToLookup(x => x.GoldenId, x => x.GroupId);
            if (ScoreScope.Plan(connection, transaction, store.Provider, previousRun, sets, asOf, people.Select(p => (p.Id, p.Dob)), id => familiesOfPerson[id], out fullBecause) is { } plan)
            {
                // A pending claim changes with time alone once its next monthly outcome test comes round.
                plan.Families.UnionWith(connection.Query<long>(
                    "SELECT DISTINCT family_id FROM results_claims WHERE next_check <= @AsOf",
                    new { AsOf = asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, transaction));
                scopeFamilies = plan.Families;
                scopePeople = plan.People;
                var read = new HashSet<long>(plan.People);
                read.UnionWith(families.Values.SelectMany(layer => layer.Where(f => plan.Families.Contains(f.GroupId)).SelectMany(f => f.Members.Select(m => m.GoldenId))));
                scopePeople.UnionWith(read);
                people = [.. people.Where(p => read.Contains(p.Id))];
            }
        }

        // Events are read in one pass over the events table, in storage order, and handed to their golden records through
        // an in-memory map of person records: on the 250,000-person city that is a sequential read of 1.9 million rows
        // (about a second), where joining through golden_members was 38 s of random look-ups. Only the event types some
        // rule set reads (or watches for alerts) are read; the rest cannot change a score.
        var reading = Stopwatch.StartNew();
        var types = sets.SelectMany(s => s.EventTypes).ToHashSet(StringComparer.Ordinal);
        var watchedTypes = sets.SelectMany(s => s.Definition.Alerts?.NewEvents ?? []).ToHashSet(StringComparer.Ordinal);
        var wanted = people.Select(p => p.Id).ToHashSet();
        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        string Shared(string value) => strings.TryGetValue(value, out var shared) ? shared : strings[value] = value;
        var owners = new Dictionary<(long RecordId, string Slot), long>();
        using (var reader = connection.ExecuteReader(
            "SELECT p.record_id, p.slot, gm.golden_id FROM golden_members gm JOIN person_records p ON p.id = gm.person_record_id", transaction: transaction))
        {
            while (reader.Read())
            {
                var golden = reader.GetInt64(2);
                if (wanted.Contains(golden))
                {
                    owners[(reader.GetInt64(0), Shared(reader.GetString(1)))] = golden;
                }
            }
        }

        // Only an event new since the last run, of a type alerts watch, needs its content key (feed, record key, slot,
        // type, date, time); the record keys are looked up for those alone once the pass is done.
        var needKeys = new List<(List<(SubjectEvent Event, string? Key)> List, int Index, long RecordId, string Slot, string Suffix)>();

        var eventsOf = new Dictionary<long, List<(SubjectEvent Event, string? Key)>>();
        var sqlite = store.Provider == StoreProvider.Sqlite;
        using (var reader = connection.ExecuteReader(
            $"""
            SELECT e.record_id, e.person_slot, e.id, e.feed, e.event_type, e.event_date, e.event_time, e.end_date, e.attributes
            FROM events e
            WHERE e.is_current = TRUE AND {(store.Provider == StoreProvider.Postgres ? "e.event_type = ANY(@Types)" : "e.event_type IN @Types")}
            """, new { Types = types.Count == 0 ? [string.Empty] : types.ToArray() }, transaction))
        {
            while (reader.Read())
            {
                var slot = Shared(reader.GetString(1));
                if (!owners.TryGetValue((reader.GetInt64(0), slot), out var owner))
                {
                    continue;
                }

                var dateText = reader.GetString(5);
                if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    continue;
                }

                var endText = reader.IsDBNull(7) ? null : reader.GetString(7);
                DateOnly? end = DateOnly.TryParseExact(endText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var e) ? e : null;
                var feed = Shared(reader.GetString(3));
                var type = Shared(reader.GetString(4));
                var id = reader.GetInt64(2);
                if (!eventsOf.TryGetValue(owner, out var list))
                {
                    eventsOf[owner] = list = [];
                }

                if (previousRun is not null && id > previousRun.MaxEventId && watchedTypes.Contains(type))
                {
                    needKeys.Add((list, list.Count, reader.GetInt64(0), slot, $"{type}:{dateText}:{(reader.IsDBNull(6) ? null : reader.GetString(6))}"));
                }

                // The attributes wait as UTF-8 (SQLite hands over the bytes it stores; PostgreSQL a string to encode).
                var attributes = reader.IsDBNull(8) ? null : sqlite ? ((DbDataReader)reader).GetFieldValue<byte[]>(8) : Encoding.UTF8.GetBytes(reader.GetString(8));
                list.Add((new SubjectEvent(id, feed, type, date, end, EventAttributes.Lazy(attributes)), null));
            }
        }

        owners.Clear();
        // An event is named by its content, not its row id, so that a record loaded again in a new version raises nothing new.
        foreach (var chunk in needKeys.Chunk(500))
        {
            var keys = connection.Query<(long RecordId, string Slot, string Feed, string RecordKey)>(
                    $"SELECT p.record_id, p.slot, gm.feed, gm.record_key FROM person_records p JOIN golden_members gm ON gm.person_record_id = p.id WHERE {(sqlite ? "p.record_id IN @Ids" : "p.record_id = ANY(@Ids)")}",
                    new { Ids = chunk.Select(c => c.RecordId).Distinct().ToArray() }, transaction)
                .ToDictionary(k => (k.RecordId, k.Slot), k => $"{k.Feed}:{k.RecordKey}:{k.Slot}");
            foreach (var (list, index, recordId, slot, rest) in chunk)
            {
                list[index] = (list[index].Event, $"{keys[(recordId, slot)]}:{rest}");
            }
        }

        reading.Stop();

        // Each person is evaluated on its own (rule sets are safe to share), side by side on every core; results are
        // kept in the people's order so that a run writes them in the same order every time.
        var evaluating = Stopwatch.StartNew();
        var subjects = new Subject[people.Count];
        var perPerson = new List<(string Type, long Id, CompiledRuleSet Set, RuleSetScore Score, List<NewEvent> NewEvents)>[people.Count];
        var done = 0;
        Parallel.For(0, people.Count, i =>
        {
            var person = people[i];
            var events = eventsOf.GetValueOrDefault(person.Id) ?? [];
            // Ordered by event id, so that the reasons (and their evidence) come out the same every run.
            events.Sort((a, b) => a.Event.Id.CompareTo(b.Event.Id));
            var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            Add(attributes, "sex", person.Sex);
            Add(attributes, "ethnicity", person.Ethnicity);
            Add(attributes, "postcode", person.Postcode);
            var dob = DateOnly.TryParseExact(person.Dob, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null;
            var subject = subjects[i] = new Subject(person.Id, dob, attributes, events.Select(e => e.Event));
            var mine = perPerson[i] = [];
            foreach (var set in personSets)
            {
                if (set.Evaluate(subject, asOf) is { } score)
                {
                    mine.Add((Person, person.Id, set, score, Fresh(set, events)));
                }
            }

            if (Interlocked.Increment(ref done) % 1000 == 0)
            {
                progress?.Report(new ScoreProgress("scoring", done, people.Count));
            }
        });
        evaluating.Stop();
        var results = perPerson.SelectMany(r => r).ToList();
        var memberSubjects = new Dictionary<long, (Subject Subject, List<(SubjectEvent Event, string? Key)> Events)>();
        for (var i = 0; i < people.Count; i++)
        {
            if (memberIds.Contains(people[i].Id))
            {
                memberSubjects[people[i].Id] = (subjects[i], eventsOf.GetValueOrDefault(people[i].Id) ?? []);
            }
        }

        List<NewEvent> Fresh(CompiledRuleSet set, IEnumerable<(SubjectEvent Event, string? Key)> events)
        {
            var watched = set.Definition.Alerts?.NewEvents ?? [];
            return previousRun is not null && watched.Count > 0
                ? [.. events.Where(e => e.Event.Id > previousRun.MaxEventId && e.Event.Date <= asOf && watched.Contains(e.Event.Type, StringComparer.Ordinal)).Select(e => new NewEvent(e.Event, e.Key!))]
                : [];
        }

        var readAndEvaluated = clock.Elapsed.TotalSeconds;
        var preparing = readAndEvaluated - reading.Elapsed.TotalSeconds - evaluating.Elapsed.TotalSeconds;
        // Families side by side too: a member in two families is read by both, which the lazy attributes allow.
        long familiesScored = 0;
        var claims = new List<(CompiledRuleSet Set, List<(long FamilyId, IReadOnlyList<ClaimAssessment> Claims)> Families)>();
        foreach (var set in familySets)
        {
            var layer = families[LayerOf(set)].Where(f => scopeFamilies is null || scopeFamilies.Contains(f.GroupId)).ToList();
            var perFamily = new (string Type, long Id, CompiledRuleSet Set, RuleSetScore Score, List<NewEvent> NewEvents)?[layer.Count];
            var perFamilyClaims = new IReadOnlyList<ClaimAssessment>[layer.Count];
            Parallel.For(0, layer.Count, i =>
            {
                var family = layer[i];
                var members = family.Members.Where(m => memberSubjects.ContainsKey(m.GoldenId)).ToList();
                var subject = Subject.Family(
                    family.GroupId,
                    new Dictionary<string, string>(StringComparer.Ordinal) { ["members"] = members.Count.ToString(CultureInfo.InvariantCulture) },
                    [.. members.Select(m => new SubjectMember(memberSubjects[m.GoldenId].Subject, m.Role))]);
                if (set.Evaluate(subject, asOf) is { } score)
                {
                    perFamily[i] = (Family, family.GroupId, set, score, Fresh(set, members.SelectMany(m => memberSubjects[m.GoldenId].Events)));
                }

                perFamilyClaims[i] = ResultsClaims.Assess(set, subject, asOf);

                if (Interlocked.Increment(ref familiesScored) % 1000 == 0)
                {
                    progress?.Report(new ScoreProgress("scoring families", familiesScored, familySets.Sum(s => (long)families[LayerOf(s)].Count)));
                }
            });
            results.AddRange(perFamily.OfType<(string Type, long Id, CompiledRuleSet Set, RuleSetScore Score, List<NewEvent> NewEvents)>());
            if (set.Definition.Claims is not null)
            {
                claims.Add((set, [.. layer.Select((f, i) => (f.GroupId, perFamilyClaims[i]))]));
            }
        }

        var scoredFamilies = clock.Elapsed.TotalSeconds;
        progress?.Report(new ScoreProgress("writing scores", people.Count, people.Count));
        var summaries = sets.ToDictionary(s => s.Name, s => new Tally(), StringComparer.Ordinal);
        var seen = new HashSet<(string, long, string)>();
        long historyRows = 0, alerts = 0;
        foreach (var (type, id, set, score, fresh) in results)
        {
            seen.Add((type, id, set.Name));
            var tally = summaries[set.Name];
            tally.Scored++;
            tally.Bands[score.Band] = tally.Bands.GetValueOrDefault(score.Band) + 1;
            var reasons = JsonSerializer.Serialize(score.Reasons, Json);
            var row = new { SubjectType = type, SubjectId = id, RuleSet = set.Name, set.Version, score.Score, score.Band, Reasons = reasons, RunId = runId, At = evaluatedAt };
            if (!existing.TryGetValue((type, id, set.Name), out var before))
            {
                connection.Execute(
                    "INSERT INTO scores (subject_type, subject_id, rule_set, rule_version, score, band, reasons, run_id, evaluated_at) VALUES (@SubjectType, @SubjectId, @RuleSet, @Version, @Score, @Band, @Reasons, @RunId, @At)",
                    row, transaction);
                historyRows += History(connection, transaction, type, id, set.Name, set.Version, score.Score, score.Band, null, null, reasons, runId, evaluatedAt) > 0 ? 1 : 0;
                tally.Changed++;
            }
            else if (before.Score != score.Score || !string.Equals(before.Band, score.Band, StringComparison.Ordinal))
            {
                connection.Execute(
                    "UPDATE scores SET rule_version = @Version, score = @Score, band = @Band, reasons = @Reasons, run_id = @RunId, evaluated_at = @At WHERE subject_type = @SubjectType AND subject_id = @SubjectId AND rule_set = @RuleSet",
                    row, transaction);
                var historyId = History(connection, transaction, type, id, set.Name, set.Version, score.Score, score.Band, before.Score, before.Band, reasons, runId, evaluatedAt);
                historyRows++;
                tally.Changed++;
                if (set.Definition.Alerts?.BandWorsens == true && set.Severity(score.Band) > set.Severity(before.Band))
                {
                    var detail = JsonSerializer.Serialize(new { from = before.Band, to = score.Band, previous_score = before.Score, score = score.Score, version = set.Version, history_id = historyId }, Json);
                    // One alert per change: the change's history row is recorded once, whatever re-runs follow.
                    var raised = Raise(connection, transaction, set.Name, "band_worsened", type, id, runId, evaluatedAt, detail, $"band:{set.Name}:{type}:{id}:{historyId}");
                    alerts += raised;
                    tally.Alerts += raised;
                }
            }
            else
            {
                // Same score and band: keep the current reasons and version, but this is no change in the story.
                connection.Execute(
                    "UPDATE scores SET rule_version = @Version, reasons = @Reasons, run_id = @RunId, evaluated_at = @At WHERE subject_type = @SubjectType AND subject_id = @SubjectId AND rule_set = @RuleSet AND (reasons <> @Reasons OR rule_version <> @Version)",
                    row, transaction);
            }

            foreach (var e in fresh)
            {
                var detail = JsonSerializer.Serialize(new { event_id = e.Event.Id, feed = e.Event.Feed, event_type = e.Event.Type, date = e.Event.Date, attributes = e.Event.Attributes }, Json);
                var raised = Raise(connection, transaction, set.Name, "new_" + e.Event.Type, type, id, runId, evaluatedAt, detail, $"event:{set.Name}:{type}:{id}:{e.Key}");
                alerts += raised;
                tally.Alerts += raised;
            }
        }

        // Subjects no longer scored by a rule set (out of its cohort, or retired) leave it, with a history row saying so.
        var names = sets.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        bool InScope(string type, long id) => scopePeople is null || (type == Person ? scopePeople.Contains(id) : scopeFamilies!.Contains(id));
        foreach (var ((type, id, ruleSet), before) in existing.Where(x => names.Contains(x.Key.RuleSet) && !seen.Contains(x.Key) && InScope(x.Key.Type, x.Key.Id)))
        {
            connection.Execute("DELETE FROM scores WHERE subject_type = @type AND subject_id = @id AND rule_set = @ruleSet", new { type, id, ruleSet }, transaction);
            History(connection, transaction, type, id, ruleSet, before.Version, null, null, before.Score, before.Band, "[]", runId, evaluatedAt);
            historyRows++;
            summaries[ruleSet].LeftCohort++;
        }

        var claimRows = WriteClaims(connection, transaction, claims, scopeFamilies is null, asOf, runId, evaluatedAt);
        connection.Execute("UPDATE scores SET run_id = @runId, evaluated_at = @evaluatedAt", new { runId, evaluatedAt }, transaction);
        connection.Execute(
            "UPDATE score_runs SET finished_at = @At, subjects = @Subjects, scored = @Scored, changed = @Changed, alerts = @Alerts WHERE id = @RunId",
            new { At = Timestamps.Format(time.GetUtcNow()), Subjects = (long)people.Count, Scored = (long)results.Count, Changed = historyRows, Alerts = alerts, RunId = runId },
            transaction);
        transaction.Commit();

        return new ScoreResult(runId, asOf, people.Count,
            [.. sets.Select(s => (Set: s, Tally: summaries[s.Name])).Select(x => new RuleSetRunSummary(x.Set.Name, x.Set.Version, x.Tally.Scored, x.Tally.Bands, x.Tally.Changed, x.Tally.LeftCohort, x.Tally.Alerts))],
            historyRows, alerts, clock.Elapsed.TotalSeconds)
        {
            Mode = scopePeople is null ? "full" : "changed",
            FullBecause = fullBecause,
            PeopleInScope = people.Count,
            FamiliesInScope = scopeFamilies?.Count ?? families.Values.Sum(l => (long)l.Count),
            Claims = claimRows,
            Stages = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["preparing"] = Math.Round(preparing, 2),
                ["reading"] = Math.Round(reading.Elapsed.TotalSeconds, 2),
                ["people"] = Math.Round(evaluating.Elapsed.TotalSeconds, 2),
                ["families"] = Math.Round(scoredFamilies - readAndEvaluated, 2),
                ["writing"] = Math.Round(clock.Elapsed.TotalSeconds - scoredFamilies, 2),
            },
        };
    }

    /// <summary>
    /// Replaces the claim judgements of the families this run scored with each set that has claims settings (all of the
    /// set's rows on a full run, so that a family that has gone takes its rows with it); returns the count per status.
    /// </summary>
    private static Dictionary<string, long> WriteClaims(DbConnection connection, DbTransaction transaction, List<(CompiledRuleSet Set, List<(long FamilyId, IReadOnlyList<ClaimAssessment> Claims)> Families)> claims, bool full, DateOnly asOf, long runId, string at)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (set, families) in claims)
        {
            if (full)
            {
                connection.Execute("DELETE FROM results_claims WHERE rule_set = @Name", new { set.Name }, transaction);
            }
            else
            {
                // Before anything is compared: the rows of every family this run judges again, and of groups that are
                // no longer current (a retired family must not keep, or outrank a current one for, a case).
                foreach (var (familyId, _) in families)
                {
                    connection.Execute("DELETE FROM results_claims WHERE rule_set = @Name AND family_id = @familyId", new { set.Name, familyId }, transaction);
                }

                connection.Execute(
                    "DELETE FROM results_claims WHERE rule_set = @Name AND family_id NOT IN (SELECT id FROM groups WHERE retired_run_id IS NULL)",
                    new { set.Name }, transaction);
            }

            // One family per case: the one holding most of the members the episode names (then the lowest id).
            static bool Better((int Members, long FamilyId) a, (int Members, long FamilyId) b) => a.Members > b.Members || (a.Members == b.Members && a.FamilyId < b.FamilyId);
            var holder = new Dictionary<string, (int Members, long FamilyId)>(StringComparer.Ordinal);
            foreach (var (familyId, assessments) in families)
            {
                foreach (var claim in assessments)
                {
                    if (!holder.TryGetValue(claim.CaseId, out var best) || Better((claim.EpisodeMembers, familyId), best))
                    {
                        holder[claim.CaseId] = (claim.EpisodeMembers, familyId);
                    }
                }
            }

            foreach (var (familyId, assessments) in families)
            {
                foreach (var claim in assessments)
                {
                    if (holder[claim.CaseId].FamilyId != familyId)
                    {
                        continue;
                    }

                    if (!full)
                    {
                        // A family this run did not judge may hold the case already; the better holder keeps it. (A family
                        // that lost a case to one not judged here gets it back only at the next full run.)
                        var stored = connection.Query<(long FamilyId, long Members)>(
                            "SELECT family_id, episode_members FROM results_claims WHERE rule_set = @Name AND case_id = @CaseId AND family_id <> @familyId",
                            new { set.Name, claim.CaseId, familyId }, transaction).ToList();
                        if (stored.Any(o => Better(((int)o.Members, o.FamilyId), (claim.EpisodeMembers, familyId))))
                        {
                            continue;
                        }

                        connection.Execute("DELETE FROM results_claims WHERE rule_set = @Name AND case_id = @CaseId", new { set.Name, claim.CaseId }, transaction);
                    }

                    var status = ClaimStatusName(claim.Status);
                    counts[status] = counts.GetValueOrDefault(status) + 1;
                    connection.Execute(
                        """
                        INSERT INTO results_claims (family_id, rule_set, rule_version, case_id, episode_members, status, identified_on, closed_on, claimable_from, next_check, needs, outcomes, problems, tariff, as_of, run_id, assessed_at)
                        VALUES (@FamilyId, @RuleSet, @Version, @CaseId, @EpisodeMembers, @Status, @IdentifiedOn, @ClosedOn, @ClaimableFrom, @NextCheck, @Needs, @Outcomes, @Problems, @Tariff, @AsOf, @RunId, @At)
                        """,
                        new
                        {
                            FamilyId = familyId,
                            RuleSet = set.Name,
                            set.Version,
                            claim.CaseId,
                            claim.EpisodeMembers,
                            Status = status,
                            IdentifiedOn = Iso(claim.IdentifiedOn),
                            ClosedOn = Iso(claim.ClosedOn),
                            ClaimableFrom = Iso(claim.ClaimableFrom),
                            NextCheck = Iso(claim.NextCheck),
                            Needs = JsonSerializer.Serialize(claim.Needs, Json),
                            Outcomes = JsonSerializer.Serialize(claim.Outcomes, Json),
                            Problems = JsonSerializer.Serialize(claim.Problems, Json),
                            claim.Tariff,
                            AsOf = Iso(asOf),
                            RunId = runId,
                            At = at,
                        },
                        transaction);
                }
            }
        }

        return counts;
    }

    /// <summary>A claim status as stored and printed: claimable, pending or not_claimable.</summary>
    public static string ClaimStatusName(ClaimStatus status) => status switch
    {
        ClaimStatus.Claimable => "claimable",
        ClaimStatus.Pending => "pending",
        _ => "not_claimable",
    };

    private static string? Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The stored claim judgements of a family rule set, optionally of one status, by family and case.</summary>
    public IReadOnlyList<StoredClaim> Claims(string ruleSet, string? status = null)
    {
        using var connection = store.Open();
        return [.. connection.Query<StoredClaim>(
            """
            SELECT family_id AS FamilyId, rule_set AS RuleSet, rule_version AS Version, case_id AS CaseId, status AS Status, identified_on AS IdentifiedOn,
                   closed_on AS ClosedOn, claimable_from AS ClaimableFrom, next_check AS NextCheck, needs AS Needs, outcomes AS Outcomes, problems AS Problems,
                   tariff AS Tariff, as_of AS AsOf, run_id AS RunId, assessed_at AS AssessedAt
            FROM results_claims WHERE rule_set = @ruleSet AND (@status IS NULL OR status = @status) ORDER BY family_id, case_id
            """, new { ruleSet, status })];
    }

    /// <summary>Every stored score of a golden record, with its reasons.</summary>
    public IReadOnlyList<StoredScore> Explain(long goldenId) => Explain(Person, goldenId);

    /// <summary>Every stored score of a person (a golden record id) or a family (a group id), with its reasons.</summary>
    public IReadOnlyList<StoredScore> Explain(string subjectType, long id)
    {
        Migrator.Upgrade(store, time);
        using var connection = store.Open();
        CheckSubject(connection, subjectType, id);
        return [.. connection.Query<(string RuleSet, string Version, double Score, string Band, string EvaluatedAt, string Reasons)>(
                "SELECT rule_set, rule_version, score, band, evaluated_at, reasons FROM scores WHERE subject_type = @subjectType AND subject_id = @id ORDER BY rule_set",
                new { subjectType, id })
            .Select(s => new StoredScore(s.RuleSet, s.Version, s.Score, s.Band, s.EvaluatedAt, JsonSerializer.Deserialize<List<ScoreReason>>(s.Reasons, Json) ?? []))];
    }

    /// <summary>
    /// A person's or a family's score timeline, oldest first: every change of score or band, with the previous score and
    /// band, the version that gave it and its reasons, and leaving a cohort (no score).
    /// </summary>
    public IReadOnlyList<ScoreHistoryEntry> History(string subjectType, long id, string? ruleSet = null)
    {
        Migrator.Upgrade(store, time);
        using var connection = store.Open();
        CheckSubject(connection, subjectType, id);
        return [.. connection.Query<(long Id, string RuleSet, string Version, double? Score, string? Band, double? PreviousScore, string? PreviousBand, string Reasons, long RunId, string EvaluatedAt)>(
                "SELECT id, rule_set, rule_version, score, band, previous_score, previous_band, reasons, run_id, evaluated_at FROM score_history WHERE subject_type = @subjectType AND subject_id = @id"
                + (ruleSet is null ? "" : " AND rule_set = @ruleSet") + " ORDER BY id",
                new { subjectType, id, ruleSet })
            .Select(h => new ScoreHistoryEntry(h.Id, h.RuleSet, h.Version, h.Score, h.Band, h.PreviousScore, h.PreviousBand, h.RunId, h.EvaluatedAt, JsonSerializer.Deserialize<List<ScoreReason>>(h.Reasons, Json) ?? []))];
    }

    private static void CheckSubject(DbConnection connection, string subjectType, long id)
    {
        var exists = subjectType switch
        {
            Person => connection.ExecuteScalar<long>("SELECT COUNT(*) FROM golden_records WHERE id = @id AND retired_run_id IS NULL", new { id }) > 0,
            Family => connection.ExecuteScalar<long>("SELECT COUNT(*) FROM groups WHERE id = @id", new { id }) > 0,
            _ => throw new ArgumentException($"A score's subject is a person or a family, not '{subjectType}'.", nameof(subjectType)),
        };
        if (!exists)
        {
            throw new ArgumentException(subjectType == Person ? $"There is no current golden record {id}." : $"There is no group {id}.", nameof(id));
        }
    }

    /// <summary>The alerts, newest first; only those not yet acknowledged unless asked.</summary>
    public IReadOnlyList<AlertRow> Alerts(bool includeAcknowledged = false)
    {
        Migrator.Upgrade(store, time);
        using var connection = store.Open();
        return [.. connection.Query<AlertRow>(
            $"SELECT {AlertColumns} FROM alerts"
            + (includeAcknowledged ? "" : " WHERE acknowledged_at IS NULL") + " ORDER BY id DESC")];
    }

    /// <summary>Records that a practitioner has seen an alert, who they are, when and why; an alert is acknowledged once.</summary>
    public AlertRow Acknowledge(AcknowledgeCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (string.IsNullOrWhiteSpace(command.User) || string.IsNullOrWhiteSpace(command.Reason))
        {
            throw new ArgumentException("Say who is acknowledging the alert and why.", nameof(command));
        }

        Migrator.Upgrade(store, time);
        using var connection = store.Open();
        using var transaction = connection.BeginTransaction();
        var state = connection.QueryFirstOrDefault<string?>("SELECT COALESCE(acknowledged_at, '') FROM alerts WHERE id = @AlertId", command, transaction)
            ?? throw new ArgumentException($"There is no alert {command.AlertId}.", nameof(command));
        if (state.Length > 0)
        {
            throw new InvalidOperationException($"Alert {command.AlertId} was already acknowledged at {state}.");
        }

        connection.Execute(
            "UPDATE alerts SET acknowledged_by = @User, acknowledged_at = @At, acknowledgement_reason = @Reason WHERE id = @AlertId",
            new { command.User, At = Timestamps.Format(time.GetUtcNow()), command.Reason, command.AlertId }, transaction);
        var row = connection.QuerySingle<AlertRow>(
            $"SELECT {AlertColumns} FROM alerts WHERE id = @AlertId", command, transaction);
        transaction.Commit();
        return row;
    }

    private const string AlertColumns =
        "id AS Id, rule_set AS RuleSet, kind AS Kind, subject_type AS SubjectType, subject_id AS SubjectId, raised_at AS RaisedAt, detail AS Detail, acknowledged_by AS AcknowledgedBy, acknowledged_at AS AcknowledgedAt, acknowledgement_reason AS AcknowledgementReason";

    private static long History(DbConnection connection, DbTransaction transaction, string type, long id, string ruleSet, string version, double? score, string? band, double? previousScore, string? previousBand, string reasons, long runId, string at) =>
        connection.ExecuteScalar<long>(
            """
            INSERT INTO score_history (subject_type, subject_id, rule_set, rule_version, score, band, previous_score, previous_band, reasons, run_id, evaluated_at)
            VALUES (@type, @id, @ruleSet, @version, @score, @band, @previousScore, @previousBand, @reasons, @runId, @at) RETURNING id
            """,
            new { type, id, ruleSet, version, score, band, previousScore, previousBand, reasons, runId, at }, transaction);

    private static int Raise(DbConnection connection, DbTransaction transaction, string ruleSet, string kind, string type, long subjectId, long runId, string at, string detail, string key) =>
        connection.Execute(
            """
            INSERT INTO alerts (rule_set, kind, subject_type, subject_id, run_id, raised_at, detail, dedupe_key)
            VALUES (@ruleSet, @kind, @type, @subjectId, @runId, @at, @detail, @key) ON CONFLICT (dedupe_key) DO NOTHING
            """,
            new { ruleSet, kind, type, subjectId, runId, at, detail, key }, transaction);

    private static string LayerOf(CompiledRuleSet set) => set.Definition.Layer ?? "family";

    /// <summary>The current members of each current group of the family rule sets' layers; none when the store has no groups yet.</summary>
    private static Dictionary<string, List<FamilyMembers>> FamiliesOf(DbConnection connection, DbTransaction transaction, List<CompiledRuleSet> familySets)
    {
        var result = new Dictionary<string, List<FamilyMembers>>(StringComparer.Ordinal);
        foreach (var layer in familySets.Select(LayerOf).Distinct(StringComparer.Ordinal))
        {
            var rows = connection.Query<(long GroupId, long GoldenId, string Role)>(
                """
                SELECT gm.group_id, gm.golden_id, gm.role FROM group_members gm
                JOIN groups g ON g.id = gm.group_id
                JOIN golden_records r ON r.id = gm.golden_id AND r.retired_run_id IS NULL
                WHERE g.layer = @layer AND g.retired_run_id IS NULL AND gm.to_date IS NULL
                ORDER BY gm.group_id, gm.golden_id
                """,
                new { layer }, transaction);
            result[layer] = [.. rows.GroupBy(r => r.GroupId).Select(g => new FamilyMembers(g.Key, [.. g.DistinctBy(m => m.GoldenId).Select(m => (m.GoldenId, m.Role))]))];
        }

        return result;
    }

    private sealed record FamilyMembers(long GroupId, List<(long GoldenId, string Role)> Members);

    private static void Add(Dictionary<string, string> attributes, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            attributes[name] = value;
        }
    }

    private sealed record NewEvent(SubjectEvent Event, string Key);

    private sealed class Tally
    {
        public long Scored { get; set; }

        public Dictionary<string, long> Bands { get; } = new(StringComparer.Ordinal);

        public long Changed { get; set; }

        public long LeftCohort { get; set; }

        public long Alerts { get; set; }
    }
}
