using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Hearth.Core.Groups;
using Hearth.Services.Persistence;

namespace Hearth.Services.Groups;

/// <summary>Build or refresh the groups of every configured layer.</summary>
/// <param name="RunBy">Who asked, for the run's record.</param>
/// <param name="Layers">The layers, from <see cref="GroupCatalogue.Load"/>.</param>
public sealed record GroupCommand(string RunBy, IReadOnlyList<GroupLayerDefinition> Layers)
{
    /// <summary>The date the groups describe; null for the date of the latest event in the store.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>How residences are read.</summary>
    public ResidenceSettings Residences { get; init; } = new();
}

/// <summary>What one layer's run changed.</summary>
public sealed record LayerSummary(string Layer, GroupLayerKind Kind, int Groups, int Members, int Created, int Retired, int Joined, int Left, int RoleChanged, int Oversized, double MeanSize, int LargestSize);

/// <summary>What a grouping run did.</summary>
public sealed record GroupResult(long RunId, DateOnly AsOf, int People, int PeopleWithHome, int Residences, int Links, IReadOnlyDictionary<string, int> LinksByType, IReadOnlyList<LayerSummary> Layers, IReadOnlyDictionary<string, double> Seconds);

/// <summary>
/// Groups people into the configured layers. A run reads the golden records and their evidence, works out where each
/// person lived, derives the links between people, builds each layer with its engine, keeps group ids stable against
/// the last run, and writes it all in one transaction: a killed run changes nothing. Residences and links are replaced;
/// groups are never deleted (a group that no longer exists is retired), and each membership keeps its dates, so the
/// history of a family can be read back. Every join, leave and role change is logged in group_changes.
/// </summary>
public sealed class GroupService(StoreLocation store, TimeProvider time)
{
    public GroupResult Build(GroupCommand command, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        Migrator.Upgrade(store, time);
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        using var connection = store.Open();
        progress?.Report("reading golden records and their evidence");
        var evidence = GroupEvidenceReader.Read(connection, command.AsOf);
        seconds["reading"] = Lap(clock);

        progress?.Report("working out where everyone lives");
        var residences = evidence.Observations.GroupBy(o => o.PersonId).OrderBy(g => g.Key)
            .SelectMany(g => ResidenceResolver.Resolve(g, evidence.AsOf, evidence.People[g.Key].DiedOn, command.Residences)).ToList();
        var currentUprnOf = residences.Where(r => r.IsCurrent).ToDictionary(r => r.PersonId, r => r.Uprn);
        seconds["residences"] = Lap(clock);

        using var transaction = connection.BeginTransaction();
        var runId = connection.ExecuteScalar<long>(
            "INSERT INTO group_runs (started_at, run_by, as_of, settings) VALUES (@Started, @RunBy, @AsOf, @Settings) RETURNING id",
            new { Started = Timestamps.Format(time.GetUtcNow()), command.RunBy, AsOf = Iso(evidence.AsOf), Settings = JsonSerializer.Serialize(new { layers = command.Layers, residences = command.Residences }, GroupCatalogue.JsonOptions) },
            transaction);
        var nextId = (connection.ExecuteScalar<long?>("SELECT MAX(id) FROM groups", transaction: transaction) ?? 0) + 1;
        var summaries = new List<LayerSummary>();
        var built = new Dictionary<string, List<(long Id, ProposedGroup Group)>>(StringComparer.Ordinal);
        connection.Execute("DELETE FROM group_edges", transaction: transaction);
        foreach (var layer in command.Layers)
        {
            progress?.Report($"building {layer.Title ?? layer.Name}");
            var oversized = 0;
            IReadOnlyList<ProposedGroup> proposed;
            switch (layer.Kind)
            {
                case GroupLayerKind.Household:
                    proposed = HouseholdBuilder.Build(layer, residences, evidence.People, evidence.AsOf);
                    break;
                case GroupLayerKind.Family:
                    var families = FamilyBuilder.Build(layer, evidence.People, evidence.Links, currentUprnOf, evidence.AsOf);
                    proposed = families.Families;
                    oversized = families.Oversized.Count;
                    break;
                case GroupLayerKind.ExtendedFamily:
                    proposed = ExtendedFamilyBuilder.Build(layer, built.GetValueOrDefault(layer.OfLayer!) ?? [], evidence.Links);
                    break;
                default:
                    proposed = AssociationBuilder.Build(layer, evidence.People, evidence.Links, evidence.AsOf);
                    break;
            }

            var (summary, ids, next) = Write(connection, transaction, runId, layer, proposed, nextId, evidence.AsOf);
            nextId = next;
            summaries.Add(summary with { Oversized = oversized });
            built[layer.Name] = [.. proposed.Select((g, i) => (ids[i], g))];
            seconds[layer.Name] = Lap(clock);
        }

        progress?.Report("writing residences and links");
        connection.Execute("DELETE FROM residences", transaction: transaction);
        BulkInsert.Rows(connection, transaction, "residences", ["golden_id", "uprn", "from_date", "to_date", "is_current", "evidence"],
            residences.Select(r => new object?[] { r.PersonId, r.Uprn, Iso(r.From), r.To is { } to ? Iso(to) : null, r.IsCurrent, JsonSerializer.Serialize(r.Evidence.Select(e => e.Reference).Take(20)) }));
        connection.Execute("DELETE FROM person_links", transaction: transaction);
        var links = evidence.Links.GroupBy(l => (l.Left, l.Right, l.Type, l.Feed)).OrderBy(g => g.Key.Left).ThenBy(g => g.Key.Right).ThenBy(g => g.Key.Type, StringComparer.Ordinal).ThenBy(g => g.Key.Feed, StringComparer.Ordinal).ToList();
        BulkInsert.Rows(connection, transaction, "person_links", ["left_golden_id", "right_golden_id", "link_type", "feed", "from_date", "to_date", "confidence", "evidence"],
            links.Select(g => new object?[]
            {
                g.Key.Left, g.Key.Right, g.Key.Type, g.Key.Feed, g.Min(l => l.From) is { } from ? Iso(from) : null, g.Any(l => l.To is null) ? null : Iso(g.Max(l => l.To)!.Value),
                g.Max(l => l.Confidence), JsonSerializer.Serialize(g.Select(l => l.Evidence).Distinct(StringComparer.Ordinal).Take(20)),
            }));
        seconds["writing"] = Lap(clock);

        var result = new GroupResult(
            runId, evidence.AsOf, evidence.People.Count, currentUprnOf.Count, residences.Count, links.Count,
            evidence.Links.GroupBy(l => l.Type, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            summaries, seconds);
        connection.Execute(
            "UPDATE group_runs SET finished_at = @Finished, report = @Report WHERE id = @RunId",
            new { Finished = Timestamps.Format(time.GetUtcNow()), Report = JsonSerializer.Serialize(new { result.People, result.PeopleWithHome, result.Residences, result.Links, layers = summaries, seconds }), RunId = runId },
            transaction);
        transaction.Commit();
        return result;
    }

    private static (LayerSummary Summary, IReadOnlyList<long> Ids, long NextId) Write(DbConnection connection, DbTransaction transaction, long runId, GroupLayerDefinition layer, IReadOnlyList<ProposedGroup> proposed, long nextId, DateOnly asOf)
    {
        var open = connection.Query<(long GroupId, string? Key, long Golden, string Role, long RowId)>(
            "SELECT g.id, g.natural_key, gm.golden_id, gm.role, gm.id FROM groups g JOIN group_members gm ON gm.group_id = g.id WHERE g.layer = @Layer AND g.retired_run_id IS NULL AND gm.to_run_id IS NULL",
            new { Layer = layer.Name }, transaction).ToList();
        var previousGroups = connection.Query<(long Id, string? Key)>("SELECT id, natural_key FROM groups WHERE layer = @Layer AND retired_run_id IS NULL", new { Layer = layer.Name }, transaction).ToList();
        var openByGroup = open.GroupBy(o => o.GroupId).ToDictionary(g => g.Key, g => g.ToList());
        var previous = previousGroups.Select(p => new ExistingGroup(p.Id, p.Key, (IReadOnlyCollection<long>?)openByGroup.GetValueOrDefault(p.Id)?.Select(o => o.Golden).ToList() ?? [])).ToList();
        var assignment = GroupIds.Assign(proposed, previous, nextId);
        var existing = previousGroups.Select(p => p.Id).ToHashSet();
        var pastRows = connection.Query<(long GroupId, long Golden, string? From)>(
            "SELECT gm.group_id, gm.golden_id, gm.from_date FROM groups g JOIN group_members gm ON gm.group_id = g.id WHERE g.layer = @Layer AND gm.to_run_id IS NOT NULL",
            new { Layer = layer.Name }, transaction).Select(r => (r.GroupId, r.Golden, r.From)).ToHashSet();

        var newMembers = new List<object?[]>();
        var changes = new List<object?[]>();
        var edges = new List<object?[]>();
        int joined = 0, left = 0, roleChanged = 0;
        var closeRows = new List<(long RowId, string To)>();
        for (var i = 0; i < proposed.Count; i++)
        {
            var id = assignment.IdOf[i];
            var group = proposed[i];
            var current = group.Members.Where(m => m.To is null).GroupBy(m => m.PersonId).ToDictionary(g => g.Key, g => g.First());
            var detail = JsonSerializer.Serialize(new { edges = group.Edges.Count });
            if (existing.Contains(id))
            {
                connection.Execute("UPDATE groups SET updated_run_id = @RunId, members = @Members, uprn = @Uprn, natural_key = @Key, detail = @Detail WHERE id = @Id",
                    new { RunId = runId, Members = current.Count, group.Uprn, group.Key, Detail = detail, Id = id }, transaction);
            }
            else
            {
                connection.Execute("INSERT INTO groups (id, layer, kind, created_run_id, updated_run_id, natural_key, uprn, members, detail) VALUES (@Id, @Layer, @Kind, @RunId, @RunId, @Key, @Uprn, @Members, @Detail)",
                    new { Id = id, Layer = layer.Name, Kind = KindName(layer.Kind), RunId = runId, group.Key, group.Uprn, Members = current.Count, Detail = detail }, transaction);
                changes.Add([runId, id, null, "created", null, null]);
            }

            var was = openByGroup.GetValueOrDefault(id) ?? [];
            var wasByPerson = was.GroupBy(w => w.Golden).ToDictionary(g => g.Key, g => g.First());
            foreach (var old in was)
            {
                if (!current.TryGetValue(old.Golden, out var now) || now.Role != old.Role)
                {
                    var ended = group.Members.FirstOrDefault(m => m.PersonId == old.Golden && m.To is not null)?.To ?? asOf;
                    closeRows.Add((old.RowId, Iso(ended)));
                    if (now is null)
                    {
                        left++;
                        changes.Add([runId, id, old.Golden, "left", old.Role, null]);
                    }
                }
            }

            foreach (var (person, member) in current.OrderBy(c => c.Key))
            {
                if (wasByPerson.TryGetValue(person, out var old) && old.Role == member.Role)
                {
                    continue;
                }

                newMembers.Add([id, person, member.Role, member.From is { } f ? Iso(f) : Iso(asOf), null, runId, null]);
                if (old.RowId != 0)
                {
                    roleChanged++;
                    changes.Add([runId, id, person, "role-changed", member.Role, JsonSerializer.Serialize(new { from = old.Role, to = member.Role })]);
                }
                else
                {
                    joined++;
                    changes.Add([runId, id, person, "joined", member.Role, null]);
                }
            }

            // Past members (a household's previous residents) are history: written once, closed.
            foreach (var past in group.Members.Where(m => m.To is not null && !current.ContainsKey(m.PersonId) && !wasByPerson.ContainsKey(m.PersonId)))
            {
                var from = past.From is { } f ? Iso(f) : null;
                if (pastRows.Add((id, past.PersonId, from)))
                {
                    newMembers.Add([id, past.PersonId, past.Role, from, Iso(past.To!.Value), runId, runId]);
                }
            }

            foreach (var edge in group.Edges)
            {
                edges.Add([id, edge.Left, edge.Right, edge.Weight, JsonSerializer.Serialize(edge.Evidence)]);
            }
        }

        foreach (var retired in assignment.Retired)
        {
            connection.Execute("UPDATE groups SET retired_run_id = @RunId, members = 0 WHERE id = @Id", new { RunId = runId, Id = retired }, transaction);
            foreach (var old in openByGroup.GetValueOrDefault(retired) ?? [])
            {
                closeRows.Add((old.RowId, Iso(asOf)));
                left++;
                changes.Add([runId, retired, old.Golden, "left", old.Role, null]);
            }

            changes.Add([runId, retired, null, "retired", null, null]);
        }

        foreach (var (rowId, to) in closeRows)
        {
            connection.Execute("UPDATE group_members SET to_date = @To, to_run_id = @RunId WHERE id = @RowId", new { To = to, RunId = runId, RowId = rowId }, transaction);
        }

        BulkInsert.Rows(connection, transaction, "group_members", ["group_id", "golden_id", "role", "from_date", "to_date", "from_run_id", "to_run_id"], newMembers);
        BulkInsert.Rows(connection, transaction, "group_changes", ["run_id", "group_id", "golden_id", "change", "role", "detail"], changes);
        BulkInsert.Rows(connection, transaction, "group_edges", ["group_id", "left_golden_id", "right_golden_id", "weight", "evidence"], edges);
        var sizes = proposed.Select(p => p.CurrentMembers().Count).ToList();
        var summary = new LayerSummary(
            layer.Name, layer.Kind, proposed.Count, sizes.Sum(), assignment.Created, assignment.Retired.Count, joined, left, roleChanged, 0,
            sizes.Count == 0 ? 0 : Math.Round(sizes.Average(), 2), sizes.Count == 0 ? 0 : sizes.Max());
        return (summary, assignment.IdOf, nextId + assignment.Created);
    }

    internal static string KindName(GroupLayerKind kind) => JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString());

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static double Lap(Stopwatch clock)
    {
        var s = Math.Round(clock.Elapsed.TotalSeconds, 2);
        clock.Restart();
        return s;
    }
}
