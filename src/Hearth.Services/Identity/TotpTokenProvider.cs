using Hearth.Core.Security;
using Microsoft.AspNetCore.Identity;

namespace Hearth.Services.Identity;

/// <summary>
/// The authenticator-app token provider, replacing Identity's: it accepts a code only for the current 30-second step
/// or one step either side (Identity's own accepts two either side), and never a code of a step already used, so a
/// code seen over someone's shoulder or in a log cannot be replayed.
/// </summary>
public sealed class TotpTokenProvider(UserStore users, TimeProvider time) : IUserTwoFactorTokenProvider<HearthUser>
{
    /// <summary>Steps either side of now that are accepted, for clock drift between phone and server.</summary>
    public const int Window = 1;

    public Task<string> GenerateAsync(string purpose, UserManager<HearthUser> manager, HearthUser user) =>
        throw new NotSupportedException("Authenticator codes come from the user's app; the server never sends one.");

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<HearthUser> manager, HearthUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }

        var step = Totp.Match(Totp.FromBase32(key), token, time.GetUtcNow(), users.LastTotpStep(user), Window);
        return step is { } matched && users.TryUseTotpStep(user, matched);
    }

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<HearthUser> manager, HearthUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        return !string.IsNullOrEmpty(await manager.GetAuthenticatorKeyAsync(user));
    }
}
