using Hearth.Core.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hearth.Services.Identity;

/// <summary>
/// Identity's UserManager with stronger recovery codes (80 random bits each, where Identity's own have 32, so that
/// their SHA-256 hashes at rest cannot be reversed by trying every code) and lockout on the application's clock
/// (Identity's reads the system clock directly).
/// </summary>
public sealed class HearthUserManager(
    IUserStore<HearthUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<HearthUser> passwordHasher,
    IEnumerable<IUserValidator<HearthUser>> userValidators,
    IEnumerable<IPasswordValidator<HearthUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<HearthUser>> logger)
    : UserManager<HearthUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    /// <summary>Recovery codes given at enrolment.</summary>
    public const int RecoveryCodeCount = 10;

    private readonly TimeProvider _time = services.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;

    public override async Task<bool> IsLockedOutAsync(HearthUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.LockoutEnabled && await GetLockoutEndDateAsync(user) is { } end && end >= _time.GetUtcNow();
    }

    public override async Task<IdentityResult> AccessFailedAsync(HearthUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var lockout = (IUserLockoutStore<HearthUser>)Store;
        var count = await lockout.IncrementAccessFailedCountAsync(user, CancellationToken);
        if (count < Options.Lockout.MaxFailedAccessAttempts)
        {
            return await UpdateUserAsync(user);
        }

        Logger.LogWarning("User {User} is locked out after {Count} failed attempts.", user.UserName, count);
        await lockout.SetLockoutEndDateAsync(user, _time.GetUtcNow() + Options.Lockout.DefaultLockoutTimeSpan, CancellationToken);
        await lockout.ResetAccessFailedCountAsync(user, CancellationToken);
        return await UpdateUserAsync(user);
    }

    protected override string CreateTwoFactorRecoveryCode()
    {
        var text = Totp.ToBase32(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10));
        return string.Join('-', text.Chunk(4).Select(c => new string(c)));
    }
}
