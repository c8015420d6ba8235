using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Hearth.Core.Matching;
using Hearth.Services.Persistence;

namespace Hearth.Services.Matching;

/// <summary>Resolve the store's person records into golden records.</summary>
/// <param name="RunBy">Who ran it, for the run's record.</param>
public sealed record MatchCommand(string RunBy)
{
    /// <summary>Thresholds and limits.</summary>
    public LinkSettings Settings { get; init; } = new();
}

/// <summary>What a match run did.</summary>
public sealed record MatchResult
{
    public required long RunId { get; init; }

    public required long Records { get; init; }

    public required long CandidatePairs { get; init; }

    public required long AllPairs { get; init; }

    public required long GoldenRecords { get; init; }

    public required long ReviewItems { get; init; }

    public required long Created { get; init; }

    public required long Merged { get; init; }

    public required long Split { get; init; }

    public required long Retired { get; init; }

    public required long DecisionsApplied { get; init; }

    public required IReadOnlyList<BlockingRuleReport> Blocking { get; init; }

    public required IReadOnlyList<TrainingReport> Training { get; init; }

    public required IReadOnlyDictionary<string, double> Seconds { get; init; }

    public required string Model { get; init; }
}

/// <summary>Why two person records score as they do.</summary>
/// <param name="LeftRecordId">The first person record.</param>
/// <param name="RightRecordId">The second.</param>
/// <param name="LeftGoldenId">The first record's golden record (0 if none).</param>
/// <param name="RightGoldenId">The second record's golden record (0 if none).</param>
/// <param name="Explanation">The waterfall.</param>
/// <param name="DeterministicRule">The two share a valid NHS number with no contradicting date of birth: the deterministic rule joins them unless the forenames are plainly different.</param>
public sealed record PairExplanation(long LeftRecordId, long RightRecordId, long LeftGoldenId, long RightGoldenId, MatchExplanation Explanation, bool DeterministicRule);

/// <summary>A person's decision about two records.</summary>
/// <param name="LeftRecordId">One person record (its row id in person_records).</param>
/// <param name="RightRecordId">The other.</param>
/// <param name="Decision">Same person, or different people.</param>
/// <param name="DecidedBy">Who decided.</param>
/// <param name="Reason">Why, in their words.</param>
public sealed record DecideCommand(long LeftRecordId, long RightRecordId, PairDecision Decision, string DecidedBy, string Reason);

/// <summary>Split one record out of its golden record: it is a different person from every other member.</summary>
/// <param name="RecordId">The person record to split out.</param>
/// <param name="DecidedBy">Who decided.</param>
/// <param name="Reason">Why.</param>
public sealed record SplitCommand(long RecordId, string DecidedBy, string Reason);

/// <summary>
/// Runs entity resolution over the store: reads the current person records, links them (Hearth.Core.Matching), keeps
/// golden ids stable across runs, chooses each golden attribute by survivorship, and writes golden records, members,
/// the review queue and the merge and split log in one transaction. People's decisions are read from the store and
/// obeyed on every run.
/// </summary>
public sealed partial class MatchService(StoreLocation store, TimeProvider time, NameEquivalents equivalents)
{
    public static IReadOnlyList<Comparison> Comparisons(NameEquivalents equivalents) => Linker.PeopleComparisons(equivalents);

    public MatchResult Match(MatchCommand command, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        Migrator.Upgrade(store, time);
        using var connection = store.Open();
        progress?.Report("reading person records");
        var people = PersonRecordReader.Current(connection);
        var bySourceKey = people.ToDictionary(p => p.SourceKey, StringComparer.Ordinal);
        var decisions = ActiveDecisions(connection);
        var comparisons = Comparisons(equivalents);
        var link = Linker.Link(people.Select(p => p.ToMatchRecord()), comparisons, BlockingRule.ForPeople, TrainingSession.ForPeople, command.Settings, decisions: decisions, progress: progress);

        progress?.Report("writing golden records");
        var started = time.GetUtcNow();
        using var transaction = connection.BeginTransaction();
        var runId = connection.ExecuteScalar<long>(
            "INSERT INTO match_runs (started_at, mode, run_by, settings, model) VALUES (@Started, 'full', @RunBy, @Settings, @Model) RETURNING id",
            new { Started = Timestamp(started), command.RunBy, Settings = JsonSerializer.Serialize(command.Settings), Model = link.Model.ToJson() },
            transaction);
        var previous = connection.Query<(string Feed, string RecordKey, string Slot, long GoldenId)>("SELECT feed, record_key, slot, golden_id FROM golden_members", transaction: transaction)
            .ToDictionary(m => SourceKeys.Of(m.Feed, m.Slot, m.RecordKey), m => m.GoldenId, StringComparer.Ordinal);
        var nextId = (connection.ExecuteScalar<long?>("SELECT MAX(id) FROM golden_records", transaction: transaction) ?? 0) + 1;
        var assignment = StableIds.Assign(link.Records.Select(r => r.SourceKey).ToList(), link.ClusterOf, previous, nextId);

        var goldenOf = new long[link.Records.Count];
        for (var i = 0; i < goldenOf.Length; i++)
        {
            goldenOf[i] = assignment.IdOfCluster[link.ClusterOf[i]];
        }

        var members = Enumerable.Range(0, link.Records.Count).GroupBy(i => goldenOf[i]).ToDictionary(g => g.Key, g => g.Select(i => bySourceKey[link.Records[i].SourceKey]).ToList());
        var created = connection.Query<(long Id, long CreatedRun)>("SELECT id, created_run_id FROM golden_records", transaction: transaction).ToDictionary(r => r.Id, r => r.CreatedRun);

        connection.Execute("DELETE FROM golden_members", transaction: transaction);
        BulkInsert.Rows(connection, transaction, "golden_members", ["feed", "record_key", "slot", "golden_id", "person_record_id", "run_id"],
            link.Records.Select((r, i) =>
            {
                var person = bySourceKey[r.SourceKey];
                return new object?[] { person.Feed, person.RecordKey, person.Slot, goldenOf[i], person.Id, runId };
            }));

        var liveIds = members.Keys.ToHashSet();
        connection.Execute("DELETE FROM golden_attributes", transaction: transaction);
        connection.Execute("DELETE FROM golden_records WHERE retired_run_id IS NULL", transaction: transaction);
        WriteGoldenRecords(connection, transaction, runId, members, created);

        // Golden ids that no longer have members keep their row, marked retired, so that a link to one still resolves.
        foreach (var retired in assignment.Retired)
        {
            if (created.ContainsKey(retired) && !liveIds.Contains(retired))
            {
                connection.Execute("UPDATE golden_records SET retired_run_id = @RunId, members = 0 WHERE id = @Id", new { RunId = runId, Id = retired }, transaction);
            }
        }

        BulkInsert.Rows(connection, transaction, "golden_events", ["run_id", "kind", "golden_id", "other_ids", "detail"],
            assignment.Events.Select(e => new object?[] { runId, e.Kind, e.GoldenId, JsonSerializer.Serialize(e.OtherIds), e.Detail }));
        BulkInsert.Rows(connection, transaction, "match_review", ["run_id", "left_key", "right_key", "left_golden_id", "right_golden_id", "probability", "weight", "reason", "pairs_between"],
            link.Review.Select(r => new object?[]
            {
                runId, link.Records[r.Pair.Left].SourceKey, link.Records[r.Pair.Right].SourceKey, goldenOf[r.Pair.Left], goldenOf[r.Pair.Right],
                r.Probability, r.Pair.Weight, r.Reason, (long)r.PairsBetween,
            }));

        var result = new MatchResult
        {
            RunId = runId,
            Records = link.Records.Count,
            CandidatePairs = link.CandidatePairs,
            AllPairs = (long)link.Records.Count * (link.Records.Count - 1) / 2,
            GoldenRecords = members.Count,
            ReviewItems = link.Review.Count,
            Created = assignment.Events.Count(e => e.Kind == "created"),
            Merged = assignment.Events.Count(e => e.Kind == "merged"),
            Split = assignment.Events.Count(e => e.Kind == "split"),
            Retired = assignment.Events.Count(e => e.Kind == "retired"),
            DecisionsApplied = decisions.Count,
            Blocking = link.Blocking,
            Training = link.Training,
            Seconds = link.Seconds,
            Model = link.Model.ToString(),
        };
        connection.Execute(
            """
            UPDATE match_runs SET finished_at = @Finished, records = @Records, candidate_pairs = @CandidatePairs, golden_records = @GoldenRecords,
                review_items = @ReviewItems, created = @Created, merged = @Merged, split = @Split, retired = @Retired, report = @Report WHERE id = @RunId
            """,
            new
            {
                Finished = Timestamp(time.GetUtcNow()),
                result.Records,
                result.CandidatePairs,
                result.GoldenRecords,
                result.ReviewItems,
                result.Created,
                result.Merged,
                result.Split,
                result.Retired,
                RunId = runId,
                Report = JsonSerializer.Serialize(new { blocking = result.Blocking, training = result.Training, seconds = result.Seconds }),
            },
            transaction);
        transaction.Commit();
        return result;
    }

    /// <summary>Records a person's decision about two records; every later run obeys it.</summary>
    public long Decide(DecideCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (string.IsNullOrWhiteSpace(command.Reason) || string.IsNullOrWhiteSpace(command.DecidedBy))
        {
            throw new ArgumentException("A decision needs who made it and why.", nameof(command));
        }

        Migrator.Upgrade(store, time);
        using var connection = store.Open();
        return Decide(command, connection, null);
    }

    /// <summary>
    /// Records a decision inside the caller's transaction, so that the portal writes the decision and its audit entry
    /// together or not at all.
    /// </summary>
    public long Decide(DecideCommand command, DbConnection connection, DbTransaction? transaction)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(connection);
        if (string.IsNullOrWhiteSpace(command.Reason) || string.IsNullOrWhiteSpace(command.DecidedBy))
        {
            throw new ArgumentException("A decision needs who made it and why.", nameof(command));
        }

        var people = PersonRecordReader.ByIds(connection, [command.LeftRecordId, command.RightRecordId], transaction);
        var left = people.FirstOrDefault(p => p.Id == command.LeftRecordId) ?? throw new ArgumentException($"There is no person record {command.LeftRecordId}.", nameof(command));
        var right = people.FirstOrDefault(p => p.Id == command.RightRecordId) ?? throw new ArgumentException($"There is no person record {command.RightRecordId}.", nameof(command));
        return connection.ExecuteScalar<long>(
            "INSERT INTO match_decisions (left_key, right_key, decision, decided_by, decided_at, reason) VALUES (@Left, @Right, @Decision, @By, @At, @Reason) RETURNING id",
            new { Left = left.SourceKey, Right = right.SourceKey, Decision = DecisionName(command.Decision), By = command.DecidedBy, At = Timestamp(time.GetUtcNow()), command.Reason },
            transaction);
    }

    /// <summary>Splits a record out of its golden record: a different-people decision against every other member.</summary>
    public int Split(SplitCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (string.IsNullOrWhiteSpace(command.Reason) || string.IsNullOrWhiteSpace(command.DecidedBy))
        {
            throw new ArgumentException("A split needs who made it and why.", nameof(command));
        }

        Migrator.Upgrade(store, time);
        using var connection = store.Open();
        var golden = connection.ExecuteScalar<long?>("SELECT golden_id FROM golden_members WHERE person_record_id = @Id", new { Id = command.RecordId })
            ?? throw new ArgumentException($"Person record {command.RecordId} is in no golden record; run hearth match first.", nameof(command));
        var others = connection.Query<long>("SELECT person_record_id FROM golden_members WHERE golden_id = @Golden AND person_record_id <> @Id", new { Golden = golden, Id = command.RecordId }).ToList();
        foreach (var other in others)
        {
            Decide(new DecideCommand(command.RecordId, other, PairDecision.DifferentPeople, command.DecidedBy, command.Reason));
        }

        return others.Count;
    }

    /// <summary>
    /// Why two person records score as they do under the latest run's model: the waterfall of every comparison. With
    /// one record, it is explained against the member of its golden record it links to most strongly.
    /// </summary>
    public PairExplanation Explain(long leftRecordId, long? rightRecordId = null)
    {
        Migrator.Upgrade(store, time);
        using var connection = store.Open();
        var modelJson = connection.ExecuteScalar<string?>("SELECT model FROM match_runs WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1")
            ?? throw new InvalidOperationException("The store has no match run yet; run hearth match first.");
        var people = PersonRecordReader.Current(connection);
        var records = people.Select(p => p.ToMatchRecord()).ToList();
        var comparisons = Comparisons(equivalents);
        var model = MatchModel.FromJson(modelJson, comparisons).WithTermFrequencies(ParameterEstimation.TermFrequencies(records, comparisons));
        var byId = people.Select((p, i) => (p.Id, i)).ToDictionary(x => x.Id, x => x.i);
        if (!byId.TryGetValue(leftRecordId, out var left))
        {
            throw new ArgumentException($"There is no current person record {leftRecordId}.", nameof(leftRecordId));
        }

        int right;
        if (rightRecordId is { } given)
        {
            right = byId.TryGetValue(given, out var r) ? r : throw new ArgumentException($"There is no current person record {given}.", nameof(rightRecordId));
        }
        else
        {
            var golden = connection.ExecuteScalar<long?>("SELECT golden_id FROM golden_members WHERE person_record_id = @Id", new { Id = leftRecordId })
                ?? throw new ArgumentException($"Person record {leftRecordId} is in no golden record yet.", nameof(leftRecordId));
            var members = connection.Query<long>("SELECT person_record_id FROM golden_members WHERE golden_id = @Golden AND person_record_id <> @Id", new { Golden = golden, Id = leftRecordId })
                .Where(byId.ContainsKey).Select(id => byId[id]).ToList();
            if (members.Count == 0)
            {
                throw new ArgumentException($"Person record {leftRecordId} is alone in golden record {golden}; give a second record to compare it with.", nameof(leftRecordId));
            }

            right = members.OrderByDescending(m => model.Score(records[left], records[m])).ThenBy(m => records[m].SourceKey, StringComparer.Ordinal).First();
        }

        var goldenIds = connection.Query<(long Record, long Golden)>(
            "SELECT person_record_id, golden_id FROM golden_members WHERE person_record_id IN (@A, @B)", new { A = people[left].Id, B = people[right].Id }).ToDictionary(x => x.Record, x => x.Golden);
        return new PairExplanation(
            people[left].Id, people[right].Id, goldenIds.GetValueOrDefault(people[left].Id), goldenIds.GetValueOrDefault(people[right].Id),
            model.Explain(records[left], records[right]), Linker.IsDeterministicMatch(records[left], records[right]));
    }

    private static readonly string[] GoldenColumns =
        ["id", "created_run_id", "updated_run_id", "retired_run_id", "members", "forename", "middle_names", "surname", "date_of_birth", "sex", "nhs_number", "upn", "nino", "ethnicity", "address", "postcode", "uprn"];

    /// <summary>Writes golden records and their attributes, each chosen by survivorship from the members given.</summary>
    private static void WriteGoldenRecords(DbConnection connection, DbTransaction transaction, long runId, Dictionary<long, List<StoredPerson>> members, Dictionary<long, long> createdRunOf)
    {
        var attributes = new List<object?[]>();
        var goldenRows = new List<object?[]>();
        foreach (var (id, group) in members.OrderBy(m => m.Key))
        {
            var chosen = Golden(group);
            foreach (var value in chosen.Values)
            {
                attributes.Add([id, value.Attribute, value.Value, value.Rule.ToString(), (long)value.Alternatives, JsonSerializer.Serialize(value.Sources)]);
            }

            string? Value(string attribute) => chosen.TryGetValue(attribute, out var v) ? v.Value : null;
            goldenRows.Add([
                id, createdRunOf.TryGetValue(id, out var createdRun) ? createdRun : runId, runId, null, (long)group.Count,
                Value("forename"), Value("middle_names"), Value("surname"), Value("date_of_birth"), Value("sex"), Value("nhs_number"), Value("upn"),
                Value("nino"), Value("ethnicity"), Value("address"), Value("postcode"),
                Value("uprn") is { } uprn ? long.Parse(uprn, CultureInfo.InvariantCulture) : null,
            ]);
        }

        BulkInsert.Rows(connection, transaction, "golden_records", GoldenColumns, goldenRows);
        BulkInsert.Rows(connection, transaction, "golden_attributes", ["golden_id", "attribute", "value", "rule", "alternatives", "sources"], attributes);
    }

    private static List<(string Left, string Right, PairDecision Decision)> ActiveDecisions(DbConnection connection) =>
        [.. connection.Query<(string Left, string Right, string Decision)>("SELECT left_key, right_key, decision FROM match_decisions WHERE revoked_at IS NULL ORDER BY id")
            .Select(d => (d.Left, d.Right, d.Decision == "same_person" ? PairDecision.SamePerson : PairDecision.DifferentPeople))];

    private static string DecisionName(PairDecision decision) => decision == PairDecision.SamePerson ? "same_person" : "different_people";

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    /// <summary>Each golden attribute, chosen by its survivorship rule from the members' values.</summary>
    internal static Dictionary<string, SurvivingValue> Golden(IReadOnlyList<StoredPerson> members)
    {
        var chosen = new Dictionary<string, SurvivingValue>(StringComparer.Ordinal);
        foreach (var (attribute, rule) in Survivorship.Defaults)
        {
            var candidates = new List<CandidateValue>(members.Count);
            foreach (var member in members)
            {
                var value = attribute switch
                {
                    "forename" => member.Forename,
                    "middle_names" => member.MiddleNames,
                    "surname" => member.Surname,
                    "date_of_birth" => member.DateOfBirth,
                    "sex" => member.Sex is "M" or "F" ? member.Sex : null,
                    "nhs_number" => member.NhsNumber,
                    "upn" => member.Upn,
                    "nino" => member.Nino,
                    "ethnicity" => member.Ethnicity,
                    "address" => member.AddressLine,
                    "postcode" => member.Postcode,
                    "uprn" => member.Uprn?.ToString(CultureInfo.InvariantCulture),
                    _ => null,
                };
                if (value is not null)
                {
                    var recorded = member.LoadedAt is { Length: >= 10 } at && DateOnly.TryParseExact(at[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null;
                    candidates.Add(new CandidateValue(member.SourceKey, (int)member.TrustRank, recorded, value));
                }
            }

            if (Survivorship.Choose(attribute, candidates, rule) is { } surviving)
            {
                chosen[attribute] = surviving;
            }
        }

        return chosen;
    }
}
