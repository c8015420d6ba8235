using System.Security.Cryptography;
using System.Text;
using Dapper;
using Hearth.Services.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace Hearth.Services.Identity;

/// <summary>
/// Identity's user store over our own users table, for both stores (the EF Identity store does not restore here, and
/// we would not want its schema beside ours). Authenticator keys are encrypted with data protection before they are
/// stored; recovery codes are stored as SHA-256 hashes and deleted when used. See docs/adr/0011-identity-store.md.
/// </summary>
public sealed class UserStore(StoreLocation store, IDataProtectionProvider protection) :
    IUserPasswordStore<HearthUser>, IUserSecurityStampStore<HearthUser>, IUserLockoutStore<HearthUser>, IUserTwoFactorStore<HearthUser>,
    IUserAuthenticatorKeyStore<HearthUser>, IUserTwoFactorRecoveryCodeStore<HearthUser>
{
    private const string Columns = """
        id AS Id, user_name AS UserName, normalized_user_name AS NormalizedUserName, display_name AS DisplayName, role AS Role,
        password_hash AS PasswordHash, security_stamp AS SecurityStamp, concurrency_stamp AS ConcurrencyStamp, authenticator_key AS AuthenticatorKey,
        two_factor_enabled AS TwoFactorEnabled, last_totp_step AS LastTotpStep, lockout_enabled AS LockoutEnabled, lockout_end AS LockoutEnd,
        access_failed_count AS AccessFailedCount, created_at AS CreatedAt, created_by AS CreatedBy
        """;

    private readonly IDataProtector _keys = protection.CreateProtector("Hearth.Identity.AuthenticatorKey.v1");

    public void Dispose()
    {
        // Connections are opened per call; nothing to release.
    }

    public async Task<IdentityResult> CreateAsync(HearthUser user, CancellationToken cancellationToken)
    {
        using var connection = store.Open();
        await connection.ExecuteAsync(
            """
            INSERT INTO users (id, user_name, normalized_user_name, display_name, role, password_hash, security_stamp, concurrency_stamp, authenticator_key,
                two_factor_enabled, last_totp_step, lockout_enabled, lockout_end, access_failed_count, created_at, created_by)
            VALUES (@Id, @UserName, @NormalizedUserName, @DisplayName, @Role, @PasswordHash, @SecurityStamp, @ConcurrencyStamp, @AuthenticatorKey,
                @TwoFactorEnabled, @LastTotpStep, @LockoutEnabled, @LockoutEnd, @AccessFailedCount, @CreatedAt, @CreatedBy)
            """,
            user);
        return IdentityResult.Success;
    }

    public async Task<IdentityResult> UpdateAsync(HearthUser user, CancellationToken cancellationToken)
    {
        using var connection = store.Open();
        var previous = user.ConcurrencyStamp;
        var next = Guid.NewGuid().ToString("N");
        // last_totp_step is not written here: only TryUseTotpStep moves it, and only forwards.
        var changed = await connection.ExecuteAsync(
            """
            UPDATE users SET user_name = @UserName, normalized_user_name = @NormalizedUserName, display_name = @DisplayName, role = @Role,
                password_hash = @PasswordHash, security_stamp = @SecurityStamp, concurrency_stamp = @Next, authenticator_key = @AuthenticatorKey,
                two_factor_enabled = @TwoFactorEnabled, lockout_enabled = @LockoutEnabled, lockout_end = @LockoutEnd, access_failed_count = @AccessFailedCount
            WHERE id = @Id AND concurrency_stamp = @Previous
            """,
            new
            {
                user.Id,
                user.UserName,
                user.NormalizedUserName,
                user.DisplayName,
                user.Role,
                user.PasswordHash,
                user.SecurityStamp,
                Next = next,
                user.AuthenticatorKey,
                user.TwoFactorEnabled,
                user.LockoutEnabled,
                user.LockoutEnd,
                user.AccessFailedCount,
                Previous = previous,
            });
        if (changed == 0)
        {
            return IdentityResult.Failed(new IdentityErrorDescriber().ConcurrencyFailure());
        }

        user.ConcurrencyStamp = next;
        return IdentityResult.Success;
    }

    public Task<IdentityResult> DeleteAsync(HearthUser user, CancellationToken cancellationToken) =>
        // Users are never deleted: the audit names them. Removing access is done by removing their scopes and role.
        Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "NotSupported", Description = "Users are kept for the audit; remove their access instead." }));

    public async Task<HearthUser?> FindByIdAsync(string userId, CancellationToken cancellationToken)
    {
        using var connection = store.Open();
        return await connection.QuerySingleOrDefaultAsync<HearthUser>($"SELECT {Columns} FROM users WHERE id = @userId", new { userId });
    }

    public async Task<HearthUser?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken)
    {
        using var connection = store.Open();
        return await connection.QuerySingleOrDefaultAsync<HearthUser>($"SELECT {Columns} FROM users WHERE normalized_user_name = @normalizedUserName", new { normalizedUserName });
    }

    public Task<string> GetUserIdAsync(HearthUser user, CancellationToken cancellationToken) => Task.FromResult(user.Id);

    public Task<string?> GetUserNameAsync(HearthUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.UserName);

    public Task SetUserNameAsync(HearthUser user, string? userName, CancellationToken cancellationToken)
    {
        user.UserName = userName ?? "";
        return Task.CompletedTask;
    }

    public Task<string?> GetNormalizedUserNameAsync(HearthUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.NormalizedUserName);

    public Task SetNormalizedUserNameAsync(HearthUser user, string? normalizedName, CancellationToken cancellationToken)
    {
        user.NormalizedUserName = normalizedName ?? "";
        return Task.CompletedTask;
    }

    public Task SetPasswordHashAsync(HearthUser user, string? passwordHash, CancellationToken cancellationToken)
    {
        user.PasswordHash = passwordHash;
        return Task.CompletedTask;
    }

    public Task<string?> GetPasswordHashAsync(HearthUser user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash);

    public Task<bool> HasPasswordAsync(HearthUser user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash is not null);

    public Task SetSecurityStampAsync(HearthUser user, string stamp, CancellationToken cancellationToken)
    {
        user.SecurityStamp = stamp;
        return Task.CompletedTask;
    }

    public Task<string?> GetSecurityStampAsync(HearthUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.SecurityStamp);

    public Task<DateTimeOffset?> GetLockoutEndDateAsync(HearthUser user, CancellationToken cancellationToken) =>
        Task.FromResult(user.LockoutEnd is { } end ? Timestamps.Parse(end) : (DateTimeOffset?)null);

    public Task SetLockoutEndDateAsync(HearthUser user, DateTimeOffset? lockoutEnd, CancellationToken cancellationToken)
    {
        user.LockoutEnd = lockoutEnd is { } end ? Timestamps.Format(end) : null;
        return Task.CompletedTask;
    }

    public Task<int> IncrementAccessFailedCountAsync(HearthUser user, CancellationToken cancellationToken)
    {
        user.AccessFailedCount++;
        return Task.FromResult((int)user.AccessFailedCount);
    }

    public Task ResetAccessFailedCountAsync(HearthUser user, CancellationToken cancellationToken)
    {
        user.AccessFailedCount = 0;
        return Task.CompletedTask;
    }

    public Task<int> GetAccessFailedCountAsync(HearthUser user, CancellationToken cancellationToken) => Task.FromResult((int)user.AccessFailedCount);

    public Task<bool> GetLockoutEnabledAsync(HearthUser user, CancellationToken cancellationToken) => Task.FromResult(user.LockoutEnabled);

    public Task SetLockoutEnabledAsync(HearthUser user, bool enabled, CancellationToken cancellationToken)
    {
        // Lockout is never turned off: every account is protected against guessing.
        user.LockoutEnabled = true;
        return Task.CompletedTask;
    }

    public Task SetTwoFactorEnabledAsync(HearthUser user, bool enabled, CancellationToken cancellationToken)
    {
        user.TwoFactorEnabled = enabled;
        return Task.CompletedTask;
    }

    public Task<bool> GetTwoFactorEnabledAsync(HearthUser user, CancellationToken cancellationToken) => Task.FromResult(user.TwoFactorEnabled);

    public async Task SetAuthenticatorKeyAsync(HearthUser user, string key, CancellationToken cancellationToken)
    {
        user.AuthenticatorKey = _keys.Protect(key);
        // A new key starts a new sequence of steps.
        user.LastTotpStep = null;
        using var connection = store.Open();
        await connection.ExecuteAsync("UPDATE users SET last_totp_step = NULL WHERE id = @Id", new { user.Id });
    }

    public Task<string?> GetAuthenticatorKeyAsync(HearthUser user, CancellationToken cancellationToken) =>
        Task.FromResult(user.AuthenticatorKey is { } stored ? _keys.Unprotect(stored) : null);

    public async Task ReplaceCodesAsync(HearthUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken)
    {
        using var connection = store.Open();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("DELETE FROM user_recovery_codes WHERE user_id = @Id", new { user.Id }, transaction);
        foreach (var code in recoveryCodes)
        {
            await connection.ExecuteAsync("INSERT INTO user_recovery_codes (user_id, code_hash) VALUES (@Id, @Hash)", new { user.Id, Hash = HashCode(code) }, transaction);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<bool> RedeemCodeAsync(HearthUser user, string code, CancellationToken cancellationToken)
    {
        using var connection = store.Open();
        // Deleting the row is the redemption: two requests racing with one code cannot both delete it.
        var deleted = await connection.ExecuteAsync("DELETE FROM user_recovery_codes WHERE user_id = @Id AND code_hash = @Hash", new { user.Id, Hash = HashCode(code) });
        return deleted == 1;
    }

    public async Task<int> CountCodesAsync(HearthUser user, CancellationToken cancellationToken)
    {
        using var connection = store.Open();
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM user_recovery_codes WHERE user_id = @Id", new { user.Id });
    }

    /// <summary>
    /// Records that the code of <paramref name="step"/> was used, if no code of that step or a later one was used
    /// before. The conditional update makes it atomic: of two sign-ins racing with one code, only one succeeds.
    /// </summary>
    public bool TryUseTotpStep(HearthUser user, long step)
    {
        using var connection = store.Open();
        var changed = connection.Execute(
            "UPDATE users SET last_totp_step = @step WHERE id = @Id AND (last_totp_step IS NULL OR last_totp_step < @step)", new { user.Id, step });
        if (changed == 1)
        {
            user.LastTotpStep = step;
        }

        return changed == 1;
    }

    /// <summary>The last step used, read fresh from the store (another request may have used one since the user was read).</summary>
    public long? LastTotpStep(HearthUser user)
    {
        using var connection = store.Open();
        return connection.ExecuteScalar<long?>("SELECT last_totp_step FROM users WHERE id = @Id", new { user.Id });
    }

    /// <summary>Recovery codes are compared without case, spaces or hyphens, so a code typed as printed or not both work.</summary>
    internal static string HashCode(string code)
    {
        var normalised = new string([.. code.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant)]);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)));
    }
}
