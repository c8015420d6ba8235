using System.Globalization;
using Dapper;
using Hearth.Core.Matching;
using Hearth.Services.Access;
using Hearth.Services.Audit;
using Hearth.Services.Matching;

namespace Hearth.Services.Portal;

public sealed record ReviewQueueQuery(AccessContext Access)
{
    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 25;
}

public sealed record ReviewItemSummary(long Id, long LeftGoldenId, long RightGoldenId, string LeftName, string RightName, double Probability, string Reason);

public sealed record ReviewQueue(IReadOnlyList<ReviewItemSummary> Items, int Total, int Page, int PageSize);

public sealed record ReviewItemQuery(AccessContext Access, long ReviewId);

public sealed record ReviewPair(long Id, StoredPerson Left, StoredPerson Right, long LeftGoldenId, long RightGoldenId, double Probability, string Reason, MatchExplanation? Explanation, bool Deterministic, string? Decision);

public sealed record ReviewDecisionCommand(AccessContext Access, long ReviewId, PairDecision Decision, string Reason);

public sealed record MatchExplanationQuery(AccessContext Access, long GoldenId);

public sealed record GoldenExplanation(long GoldenId, string Name, IReadOnlyList<StoredPerson> Members, IReadOnlyList<(StoredPerson Left, StoredPerson Right, MatchExplanation Explanation, bool Deterministic)> Links, int Unexplained);

/// <summary>
/// Clerical review of uncertain matches and the explanation of a golden record. A decision goes through
/// <see cref="MatchService.Decide(DecideCommand, System.Data.Common.DbConnection, System.Data.Common.DbTransaction?)"/>
/// inside the audited transaction, so the decision and its audit entry are one act; the next match run obeys it.
/// </summary>
public sealed class ReviewService(AuditLog audit, StoreFeatures features, MatchService matching, MatchExplainer explainer)
{
    private const string Pending = """
        FROM match_review r
        WHERE r.run_id = (SELECT MAX(id) FROM match_runs WHERE finished_at IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM match_decisions d WHERE d.revoked_at IS NULL AND ((d.left_key = r.left_key AND d.right_key = r.right_key) OR (d.left_key = r.right_key AND d.right_key = r.left_key)))
        """;

    public ReviewQueue Queue(ReviewQueueQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Access.Demand(Permission.ReviewMatches);
        using var unit = audit.Begin();
        var total = unit.Connection.ExecuteScalar<int>("SELECT COUNT(*) " + Pending, transaction: unit.Transaction);
        var pageSize = Math.Clamp(query.PageSize, 5, 100);
        var page = Math.Clamp(query.Page, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
        var items = unit.Connection.Query<(long Id, long Left, long Right, double Probability, string Reason, string? LeftForename, string? LeftSurname, string? RightForename, string? RightSurname)>(
            $"""
            SELECT r.id, r.left_golden_id, r.right_golden_id, r.probability, r.reason, lg.forename, lg.surname, rg.forename, rg.surname
            {Pending.Replace("FROM match_review r", "FROM match_review r LEFT JOIN golden_records lg ON lg.id = r.left_golden_id LEFT JOIN golden_records rg ON rg.id = r.right_golden_id", StringComparison.Ordinal)}
            ORDER BY r.probability DESC, r.id LIMIT @Limit OFFSET @Offset
            """, new { Limit = pageSize, Offset = (page - 1) * pageSize }, unit.Transaction)
            .Select(r => new ReviewItemSummary(r.Id, r.Left, r.Right, $"{r.LeftForename} {r.LeftSurname}".Trim(), $"{r.RightForename} {r.RightSurname}".Trim(), r.Probability, r.Reason)).ToList();
        unit.Append(query.Access, new AuditEvent(AuditActions.ViewReview, "review", "queue", Detail: new { page, ids = items.Select(i => i.Id).ToArray() }));
        unit.Commit();
        return new ReviewQueue(items, total, page, pageSize);
    }

    public ReviewPair? Item(ReviewItemQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Access.Demand(Permission.ReviewMatches);
        using var unit = audit.Begin();
        var item = Read(unit, query.Access, query.ReviewId);
        unit.Append(query.Access, new AuditEvent(AuditActions.ViewReview, "review", query.ReviewId.ToString(CultureInfo.InvariantCulture), Detail: new { found = item is not null }));
        unit.Commit();
        return item;
    }

    public long Decide(ReviewDecisionCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Access.Demand(Permission.ReviewMatches);
        if (string.IsNullOrWhiteSpace(command.Reason))
        {
            throw new ArgumentException("Give the reason for the decision.", nameof(command));
        }

        using var unit = audit.Begin();
        var item = Read(unit, command.Access, command.ReviewId, explain: false) ?? throw new ArgumentException($"There is no review item {command.ReviewId}.", nameof(command));
        if (item.Decision is not null)
        {
            throw new InvalidOperationException($"Review item {command.ReviewId} was already decided: {item.Decision}.");
        }

        var id = matching.Decide(new DecideCommand(item.Left.Id, item.Right.Id, command.Decision, command.Access.UserName, command.Reason.Trim()), unit.Connection, unit.Transaction);
        unit.Append(command.Access, new AuditEvent(AuditActions.DecideMatch, "review", command.ReviewId.ToString(CultureInfo.InvariantCulture), command.Reason.Trim(),
            new { decision = command.Decision == PairDecision.SamePerson ? "same_person" : "different_people", decision_id = id, left = item.Left.SourceKey, right = item.Right.SourceKey, left_golden = item.LeftGoldenId, right_golden = item.RightGoldenId }));
        unit.Commit();
        return id;
    }

    /// <summary>A golden record's source records and why they were joined; null when not found or out of scope.</summary>
    public GoldenExplanation? Explain(MatchExplanationQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Access.Demand(Permission.ViewMatchExplanation);
        using var unit = audit.Begin();
        GoldenExplanation? result = null;
        if (PersonService.CanSee(unit, query.Access, features, query.GoldenId))
        {
            var members = PersonRecordReader.OfGolden(unit.Connection, unit.Transaction, query.GoldenId);
            const int Limit = 40;
            var links = explainer.ExplainMembers(unit.Connection, unit.Transaction, members, Limit);
            var name = unit.Connection.QueryFirstOrDefault<(string? Forename, string? Surname)>("SELECT forename, surname FROM golden_records WHERE id = @Id", new { Id = query.GoldenId }, unit.Transaction);
            result = new GoldenExplanation(query.GoldenId, $"{name.Forename} {name.Surname}".Trim(), members, links, Math.Max(0, members.Count - 1 - links.Count));
        }

        unit.Append(query.Access, new AuditEvent(AuditActions.ViewMatch, "person", query.GoldenId.ToString(CultureInfo.InvariantCulture), Detail: new { found = result is not null }));
        unit.Commit();
        return result;
    }

    private ReviewPair? Read(AuditedTransaction unit, AccessContext access, long reviewId, bool explain = true)
    {
        var row = unit.Connection.QueryFirstOrDefault<(long Id, string LeftKey, string RightKey, long LeftGolden, long RightGolden, double Probability, string Reason)?>(
            "SELECT id, left_key, right_key, left_golden_id, right_golden_id, probability, reason FROM match_review WHERE id = @reviewId", new { reviewId }, unit.Transaction);
        if (row is not { } r || !PersonService.CanSee(unit, access, features, r.LeftGolden) || !PersonService.CanSee(unit, access, features, r.RightGolden))
        {
            return null;
        }

        var ids = unit.Connection.Query<(string Feed, string RecordKey, string Slot, long Id)>(
            "SELECT feed, record_key, slot, person_record_id FROM golden_members WHERE golden_id IN (@LeftGolden, @RightGolden)", new { LeftGolden = r.LeftGolden, RightGolden = r.RightGolden }, unit.Transaction)
            .ToDictionary(m => SourceKeys.Of(m.Feed, m.Slot, m.RecordKey), m => m.Id, StringComparer.Ordinal);
        if (!ids.TryGetValue(r.LeftKey, out var leftId) || !ids.TryGetValue(r.RightKey, out var rightId))
        {
            return null;
        }

        var people = PersonRecordReader.ByIds(unit.Connection, [leftId, rightId], unit.Transaction);
        var left = people.First(p => p.Id == leftId);
        var right = people.First(p => p.Id == rightId);
        var decision = unit.Connection.QueryFirstOrDefault<string?>(
            "SELECT decision FROM match_decisions WHERE revoked_at IS NULL AND ((left_key = @LeftKey AND right_key = @RightKey) OR (left_key = @RightKey AND right_key = @LeftKey)) ORDER BY id DESC LIMIT 1",
            new { r.LeftKey, r.RightKey }, unit.Transaction);
        var explanation = explain ? explainer.ExplainPair(unit.Connection, unit.Transaction, left, right) : null;
        return new ReviewPair(r.Id, left, right, r.LeftGolden, r.RightGolden, r.Probability, r.Reason, explanation?.Explanation, explanation?.Deterministic ?? false, decision);
    }
}
