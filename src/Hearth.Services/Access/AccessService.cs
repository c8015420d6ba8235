using Dapper;
using Hearth.Services.Audit;
using Hearth.Services.Persistence;

namespace Hearth.Services.Access;

public sealed record ExcludeCommand(AccessContext Access, string UserName, string TargetKind, long TargetId, string Reason);

public sealed record RevokeExclusionCommand(AccessContext Access, long ExclusionId, string Reason);

public sealed record FlagCommand(AccessContext Access, long GoldenId, string Kind, string Reason);

public sealed record BreakGlassCommand(AccessContext Access, long GoldenId, string Reason);

public sealed record ReviewBreakGlassCommand(AccessContext Access, long BreakGlassId, string Note);

public sealed record BreakGlassResult(bool Granted, string? Error, DateTimeOffset? ExpiresAt);

public sealed record Exclusion(long Id, string UserName, string TargetKind, long TargetId, string Reason, string CreatedBy, string CreatedAt);

public sealed record BreakGlassEntry(long Id, string UserName, long GoldenId, string Reason, string GrantedAt, string ExpiresAt, string? ReviewedBy, string? ReviewedAt, string? ReviewNote);

/// <summary>A user and what they may reach, for the access screens and the demo.</summary>
public sealed record UserAccess(string Id, string UserName, string DisplayName, Role Role, IReadOnlyList<(string Kind, string Value)> Scopes);

/// <summary>
/// Changes to who may see what: conflict-of-interest exclusions, sensitive-record flags, break-glass access and its
/// review, each written with its audit entry in one transaction.
/// </summary>
public sealed class AccessService(AuditLog audit, StoreFeatures features)
{
    public long Exclude(ExcludeCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Access.Demand(Permission.ManageAccess);
        RequireReason(command.Reason);
        if (command.TargetKind is not ("person" or "family"))
        {
            throw new ArgumentException("An exclusion is from a person or a family.", nameof(command));
        }

        using var unit = audit.Begin();
        var userId = unit.Connection.ExecuteScalar<string?>("SELECT id FROM users WHERE normalized_user_name = @Name", new { Name = command.UserName.Trim().ToUpperInvariant() }, unit.Transaction)
            ?? throw new ArgumentException($"There is no user {command.UserName}.", nameof(command));
        var id = unit.Connection.ExecuteScalar<long>(
            "INSERT INTO access_exclusions (user_id, target_kind, target_id, reason, created_by, created_at) VALUES (@userId, @TargetKind, @TargetId, @Reason, @By, @At) RETURNING id",
            new { userId, command.TargetKind, command.TargetId, command.Reason, By = command.Access.UserName, At = Timestamps.Format(unit.Now) }, unit.Transaction);
        unit.Append(command.Access, new AuditEvent(AuditActions.AddExclusion, command.TargetKind, command.TargetId.ToString(System.Globalization.CultureInfo.InvariantCulture), command.Reason, new { user = command.UserName, exclusion = id }));
        unit.Commit();
        return id;
    }

    public void RevokeExclusion(RevokeExclusionCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Access.Demand(Permission.ManageAccess);
        RequireReason(command.Reason);
        using var unit = audit.Begin();
        var changed = unit.Connection.Execute(
            "UPDATE access_exclusions SET revoked_by = @By, revoked_at = @At WHERE id = @Id AND revoked_at IS NULL",
            new { By = command.Access.UserName, At = Timestamps.Format(unit.Now), Id = command.ExclusionId }, unit.Transaction);
        if (changed == 0)
        {
            throw new ArgumentException($"There is no current exclusion {command.ExclusionId}.", nameof(command));
        }

        unit.Append(command.Access, new AuditEvent(AuditActions.RevokeExclusion, "exclusion", command.ExclusionId.ToString(System.Globalization.CultureInfo.InvariantCulture), command.Reason));
        unit.Commit();
    }

    public IReadOnlyList<Exclusion> Exclusions(AccessContext access)
    {
        access.Demand(Permission.ManageAccess);
        using var connection = audit.Store.Open();
        return [.. connection.Query<Exclusion>(
            "SELECT x.id AS Id, u.user_name AS UserName, x.target_kind AS TargetKind, x.target_id AS TargetId, x.reason AS Reason, x.created_by AS CreatedBy, x.created_at AS CreatedAt FROM access_exclusions x JOIN users u ON u.id = x.user_id WHERE x.revoked_at IS NULL ORDER BY x.id DESC")];
    }

    public long Flag(FlagCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Access.Demand(Permission.ManageAccess);
        RequireReason(command.Reason);
        if (!AccessPolicy.SensitiveFlags.ContainsKey(command.Kind))
        {
            throw new ArgumentException($"'{command.Kind}' is not a kind of sensitive-record flag.", nameof(command));
        }

        using var unit = audit.Begin();
        var id = unit.Connection.ExecuteScalar<long>(
            "INSERT INTO sensitive_flags (golden_id, kind, reason, set_by, set_at) VALUES (@GoldenId, @Kind, @Reason, @By, @At) RETURNING id",
            new { command.GoldenId, command.Kind, command.Reason, By = command.Access.UserName, At = Timestamps.Format(unit.Now) }, unit.Transaction);
        unit.Append(command.Access, new AuditEvent(AuditActions.SetFlag, "person", command.GoldenId.ToString(System.Globalization.CultureInfo.InvariantCulture), command.Reason, new { kind = command.Kind }));
        unit.Commit();
        return id;
    }

    /// <summary>
    /// Break-glass: access to one person outside the user's scope for an hour, with a typed reason, listed for
    /// administrators to review. A person the user is excluded from, or who does not exist, gives the same answer.
    /// </summary>
    public BreakGlassResult BreakGlass(BreakGlassCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Access.Demand(Permission.BreakGlass);
        if (command.Reason.Trim().Length < AccessPolicy.BreakGlassMinimumReason)
        {
            return new BreakGlassResult(false, $"Give a reason of at least {AccessPolicy.BreakGlassMinimumReason} characters: what is happening and why you need this record now.", null);
        }

        using var unit = audit.Begin();
        var excluded = unit.Connection.ExecuteScalar<long>(
            "SELECT COUNT(*) FROM access_exclusions WHERE user_id = @UserId AND target_kind = 'person' AND target_id = @GoldenId AND revoked_at IS NULL",
            new { command.Access.UserId, command.GoldenId }, unit.Transaction) > 0;
        var exists = unit.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM golden_records WHERE id = @GoldenId AND retired_run_id IS NULL", new { command.GoldenId }, unit.Transaction) > 0;
        var target = command.GoldenId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!exists || excluded)
        {
            // Recorded, so an administrator sees attempts on excluded people too; the user sees "not found".
            unit.Append(command.Access, new AuditEvent(AuditActions.BreakGlass, "person", target, command.Reason, new { granted = false }));
            unit.Commit();
            return new BreakGlassResult(false, "There is no person with that id.", null);
        }

        var expires = unit.Now + AccessPolicy.BreakGlassDuration;
        unit.Connection.Execute(
            "INSERT INTO break_glass (user_id, golden_id, reason, granted_at, expires_at) VALUES (@UserId, @GoldenId, @Reason, @At, @Expires)",
            new { command.Access.UserId, command.GoldenId, Reason = command.Reason.Trim(), At = Timestamps.Format(unit.Now), Expires = Timestamps.Format(expires) }, unit.Transaction);
        unit.Append(command.Access, new AuditEvent(AuditActions.BreakGlass, "person", target, command.Reason.Trim(), new { granted = true, expires = Timestamps.Format(expires) }));
        unit.Commit();
        return new BreakGlassResult(true, null, expires);
    }

    public IReadOnlyList<BreakGlassEntry> BreakGlassEntries(AccessContext access, bool unreviewedOnly)
    {
        access.Demand(Permission.ManageAccess);
        using var connection = audit.Store.Open();
        return [.. connection.Query<BreakGlassEntry>(
            $"SELECT b.id AS Id, u.user_name AS UserName, b.golden_id AS GoldenId, b.reason AS Reason, b.granted_at AS GrantedAt, b.expires_at AS ExpiresAt, b.reviewed_by AS ReviewedBy, b.reviewed_at AS ReviewedAt, b.review_note AS ReviewNote FROM break_glass b JOIN users u ON u.id = b.user_id {(unreviewedOnly ? "WHERE b.reviewed_at IS NULL" : "")} ORDER BY b.id DESC LIMIT 500")];
    }

    public void ReviewBreakGlass(ReviewBreakGlassCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Access.Demand(Permission.ManageAccess);
        RequireReason(command.Note);
        using var unit = audit.Begin();
        var changed = unit.Connection.Execute(
            "UPDATE break_glass SET reviewed_by = @By, reviewed_at = @At, review_note = @Note WHERE id = @Id AND reviewed_at IS NULL",
            new { By = command.Access.UserName, At = Timestamps.Format(unit.Now), command.Note, Id = command.BreakGlassId }, unit.Transaction);
        if (changed == 0)
        {
            throw new ArgumentException($"There is no unreviewed break-glass access {command.BreakGlassId}.", nameof(command));
        }

        unit.Append(command.Access, new AuditEvent(AuditActions.ReviewBreakGlass, "break-glass", command.BreakGlassId.ToString(System.Globalization.CultureInfo.InvariantCulture), command.Note));
        unit.Commit();
    }

    /// <summary>The user's role and scopes, read fresh for each request so that a change takes effect at once.</summary>
    public UserAccess? User(string userId)
    {
        using var connection = audit.Store.Open();
        var user = connection.QuerySingleOrDefault<(string Id, string UserName, string DisplayName, string Role)?>("SELECT id, user_name, display_name, role FROM users WHERE id = @userId", new { userId });
        if (user is not { } u)
        {
            return null;
        }

        var scopes = connection.Query<(string Kind, string Value)>("SELECT kind, value FROM user_scopes WHERE user_id = @userId ORDER BY kind, value", new { userId }).ToList();
        return new UserAccess(u.Id, u.UserName, u.DisplayName, AccessPolicy.Parse(u.Role), scopes);
    }

    /// <summary>Grants a scope (used when users are set up; the audit records who granted it).</summary>
    public void Grant(AccessContext grantedBy, string userId, string kind, string value)
    {
        using var unit = audit.Begin();
        unit.Connection.Execute(
            "INSERT INTO user_scopes (user_id, kind, value, granted_by, granted_at) VALUES (@userId, @kind, @value, @By, @At)",
            new { userId, kind, value, By = grantedBy.UserName, At = Timestamps.Format(unit.Now) }, unit.Transaction);
        unit.Append(grantedBy, new AuditEvent("grant-scope", "user", userId, Detail: new { kind, value }));
        unit.Commit();
    }

    public StoreFeatures Features => features;

    private static void RequireReason(string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("Give a reason.", nameof(reason));
        }
    }
}
