using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Hearth.Core.Matching;
using Hearth.Services.Persistence;

namespace Hearth.Services.Matching;

/// <summary>Resolve what changed since the last run (new, changed and removed person records) without a full run.</summary>
/// <param name="RunBy">Who ran it, for the run's record.</param>
public sealed record MatchUpdateCommand(string RunBy)
{
    /// <summary>Thresholds and limits; they should be the last full run's.</summary>
    public LinkSettings Settings { get; init; } = new();
}

/// <summary>What an incremental run did.</summary>
public sealed record MatchUpdateResult
{
    public required long RunId { get; init; }

    /// <summary>The full run whose model was used.</summary>
    public required long ModelRunId { get; init; }

    /// <summary>Current person records.</summary>
    public required long Records { get; init; }

    /// <summary>Records that were new since the last run, and resolved.</summary>
    public required long New { get; init; }

    /// <summary>Records that changed since the last run, and were resolved again.</summary>
    public required long Changed { get; init; }

    /// <summary>Records no longer current, taken out of their golden records.</summary>
    public required long Removed { get; init; }

    /// <summary>Resolved records that joined one existing golden record.</summary>
    public required long Joined { get; init; }

    /// <summary>Golden records made for records that matched none.</summary>
    public required long Created { get; init; }

    /// <summary>Golden records merged into another.</summary>
    public required long Merged { get; init; }

    /// <summary>Golden records left with no members.</summary>
    public required long Retired { get; init; }

    public required long ReviewItems { get; init; }

    public required long GoldenRecords { get; init; }

    /// <summary>Milliseconds each resolution took, in the order resolved.</summary>
    public required IReadOnlyList<double> ResolveMilliseconds { get; init; }

    public required IReadOnlyDictionary<string, double> Seconds { get; init; }
}

public sealed partial class MatchService
{
    /// <summary>Whether the store has a finished full match run, whose model an incremental run can use.</summary>
    public bool HasFullRun()
    {
        Migrator.Upgrade(store, time);
        using var connection = store.Open();
        return connection.ExecuteScalar<long>("SELECT COUNT(*) FROM match_runs WHERE finished_at IS NOT NULL AND mode = 'full'") > 0;
    }

    /// <summary>
    /// Resolves the person records that are new or changed since the last run against the existing golden records, with
    /// the latest full run's model, and takes removed records out; golden ids are kept, and every creation, merge and
    /// retirement is logged. Throws when the store has had no full run (there is no model to resolve with).
    /// </summary>
    public MatchUpdateResult Update(MatchUpdateCommand command, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        Migrator.Upgrade(store, time);
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        void Lap(string stage)
        {
            seconds[stage] = clock.Elapsed.TotalSeconds;
            clock.Restart();
        }

        using var connection = store.Open();
        var (modelRunId, modelJson) = connection.QueryFirstOrDefault<(long Id, string Model)?>(
            "SELECT id, model FROM match_runs WHERE finished_at IS NOT NULL AND mode = 'full' ORDER BY id DESC LIMIT 1")
            ?? throw new InvalidOperationException("The store has had no full match run, so there is no model to resolve new records with; run hearth match first.");

        progress?.Report("reading person records");
        var people = PersonRecordReader.Current(connection);
        var bySourceKey = people.ToDictionary(p => p.SourceKey, StringComparer.Ordinal);
        var records = people.Select(p => p.ToMatchRecord()).ToList();
        var comparisons = Comparisons(equivalents);
        var model = MatchModel.FromJson(modelJson, comparisons).WithTermFrequencies(ParameterEstimation.TermFrequencies(records, comparisons));
        var previous = connection.Query<(string Feed, string RecordKey, string Slot, long GoldenId, long PersonRecordId)>(
                "SELECT feed, record_key, slot, golden_id, person_record_id FROM golden_members")
            .ToDictionary(m => SourceKeys.Of(m.Feed, m.Slot, m.RecordKey), m => (m.GoldenId, m.PersonRecordId), StringComparer.Ordinal);
        var nextId = (connection.ExecuteScalar<long?>("SELECT MAX(id) FROM golden_records") ?? 0) + 1;
        Lap("reading");

        progress?.Report("indexing the golden records");
        var resolver = new IncrementalResolver(model, BlockingRule.ForPeople, command.Settings, nextId, ActiveDecisions(connection));
        var toResolve = new List<MatchRecord>();
        long changed = 0;
        for (var i = 0; i < people.Count; i++)
        {
            if (previous.TryGetValue(people[i].SourceKey, out var member) && member.PersonRecordId == people[i].Id)
            {
                resolver.Add(records[i], member.GoldenId);
            }
            else
            {
                changed += previous.ContainsKey(people[i].SourceKey) ? 1 : 0;
                toResolve.Add(records[i]);
            }
        }

        var removed = previous.Keys.Where(k => !bySourceKey.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        Lap("indexing");

        // Content order, so that one delta resolves the same way however its records arrived.
        progress?.Report($"resolving {toResolve.Count:N0} records");
        toResolve.Sort(static (a, b) => string.CompareOrdinal(a.SourceKey, b.SourceKey));
        var results = new List<ResolveResult>(toResolve.Count);
        var milliseconds = new List<double>(toResolve.Count);
        foreach (var record in toResolve)
        {
            var started = Stopwatch.GetTimestamp();
            results.Add(resolver.Resolve(record));
            milliseconds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        Lap("resolving");

        progress?.Report("writing golden records");
        using var transaction = connection.BeginTransaction();
        var runId = connection.ExecuteScalar<long>(
            "INSERT INTO match_runs (started_at, mode, run_by, settings, model) VALUES (@Started, 'incremental', @RunBy, @Settings, @Model) RETURNING id",
            new { Started = Timestamp(time.GetUtcNow()), command.RunBy, Settings = JsonSerializer.Serialize(command.Settings), Model = modelJson },
            transaction);

        // Golden records whose members changed: those records left, joined or were merged into.
        var affected = new HashSet<long>();
        foreach (var key in removed.Concat(toResolve.Select(r => r.SourceKey)))
        {
            if (previous.TryGetValue(key, out var member))
            {
                affected.Add(member.GoldenId);
            }

            var (feed, slot, recordKey) = SourceKeys.Parse(key);
            connection.Execute("DELETE FROM golden_members WHERE feed = @Feed AND record_key = @RecordKey AND slot = @Slot", new { Feed = feed, RecordKey = recordKey, Slot = slot }, transaction);

            // The queue asks about records as they are now: questions about this record's old version are withdrawn.
            connection.Execute("DELETE FROM match_review WHERE left_key = @Key OR right_key = @Key", new { Key = key }, transaction);
        }

        var events = new List<object?[]>();
        var review = new List<object?[]>();
        foreach (var result in results)
        {
            affected.Add(result.GoldenId);
            foreach (var from in result.MergedGoldenIds)
            {
                affected.Add(from);
                connection.Execute("UPDATE golden_members SET golden_id = @To, run_id = @RunId WHERE golden_id = @From", new { To = result.GoldenId, From = from, RunId = runId }, transaction);
                events.Add([runId, "merged", result.GoldenId, JsonSerializer.Serialize(new[] { from }), $"joined by {result.SourceKey}"]);
            }

            if (result.Outcome == ResolveOutcome.Created)
            {
                events.Add([runId, "created", result.GoldenId, "[]", $"for {result.SourceKey}"]);
            }

            foreach (var item in result.Review)
            {
                review.Add([runId, item.SourceKey, item.OtherSourceKey, result.GoldenId, item.OtherGoldenId, item.Probability, item.Weight, item.Reason, 1L]);
            }
        }

        // A golden id merged away by a later record of the same delta points on to where its records went.
        var finalGolden = toResolve.ToDictionary(r => r.SourceKey, r => resolver.GoldenOf(r.SourceKey)!.Value, StringComparer.Ordinal);
        BulkInsert.Rows(connection, transaction, "golden_members", ["feed", "record_key", "slot", "golden_id", "person_record_id", "run_id"],
            toResolve.Select(r =>
            {
                var person = bySourceKey[r.SourceKey];
                return new object?[] { person.Feed, person.RecordKey, person.Slot, finalGolden[r.SourceKey], person.Id, runId };
            }));

        // Rewrite every affected golden record from its members now; one left with none is retired.
        var byId = people.ToDictionary(p => p.Id);
        var membersNow = new Dictionary<long, List<StoredPerson>>();
        foreach (var (golden, personRecordId) in connection.Query<(long Golden, long PersonRecordId)>("SELECT golden_id, person_record_id FROM golden_members", transaction: transaction))
        {
            if (affected.Contains(golden))
            {
                (membersNow.TryGetValue(golden, out var list) ? list : membersNow[golden] = []).Add(byId.TryGetValue(personRecordId, out var person) ? person : throw new InvalidOperationException($"Golden member {personRecordId} is not a current person record."));
            }
        }

        var createdRunOf = new Dictionary<long, long>();
        foreach (var golden in affected.Order())
        {
            if (connection.ExecuteScalar<long?>("SELECT created_run_id FROM golden_records WHERE id = @Id", new { Id = golden }, transaction) is { } createdRun)
            {
                createdRunOf[golden] = createdRun;
            }

            connection.Execute("DELETE FROM golden_attributes WHERE golden_id = @Id", new { Id = golden }, transaction);
            if (membersNow.ContainsKey(golden))
            {
                connection.Execute("DELETE FROM golden_records WHERE id = @Id", new { Id = golden }, transaction);
            }
            else if (createdRunOf.ContainsKey(golden))
            {
                connection.Execute("UPDATE golden_records SET retired_run_id = @RunId, updated_run_id = @RunId, members = 0 WHERE id = @Id", new { RunId = runId, Id = golden }, transaction);
                if (!results.Any(r => r.MergedGoldenIds.Contains(golden)))
                {
                    events.Add([runId, "retired", golden, "[]", "no current records"]);
                }
            }
        }

        WriteGoldenRecords(connection, transaction, runId, membersNow, createdRunOf);
        BulkInsert.Rows(connection, transaction, "golden_events", ["run_id", "kind", "golden_id", "other_ids", "detail"], events);
        BulkInsert.Rows(connection, transaction, "match_review", ["run_id", "left_key", "right_key", "left_golden_id", "right_golden_id", "probability", "weight", "reason", "pairs_between"], review);

        var update = new MatchUpdateResult
        {
            RunId = runId,
            ModelRunId = modelRunId,
            Records = people.Count,
            New = toResolve.Count - changed,
            Changed = changed,
            Removed = removed.Count,
            Joined = results.Count(r => r.Outcome == ResolveOutcome.Joined),
            Created = results.Count(r => r.Outcome == ResolveOutcome.Created),
            Merged = results.Sum(r => r.MergedGoldenIds.Count),
            Retired = affected.Count(g => !membersNow.ContainsKey(g) && createdRunOf.ContainsKey(g)),
            ReviewItems = review.Count,
            GoldenRecords = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM golden_records WHERE retired_run_id IS NULL", transaction: transaction),
            ResolveMilliseconds = milliseconds,
            Seconds = seconds,
        };
        Lap("writing");
        connection.Execute(
            """
            UPDATE match_runs SET finished_at = @Finished, records = @Records, golden_records = @GoldenRecords, review_items = @ReviewItems,
                created = @Created, merged = @Merged, retired = @Retired, report = @Report WHERE id = @RunId
            """,
            new
            {
                Finished = Timestamp(time.GetUtcNow()),
                update.Records,
                update.GoldenRecords,
                update.ReviewItems,
                update.Created,
                update.Merged,
                update.Retired,
                RunId = runId,
                Report = JsonSerializer.Serialize(new { model_run = modelRunId, @new = update.New, changed, removed = update.Removed, joined = update.Joined, seconds }),
            },
            transaction);
        transaction.Commit();
        return update;
    }
}
