namespace Hearth.Services.Identity;

/// <summary>A portal user as the users table holds it. Identity's managers read and change it through <see cref="UserStore"/>.</summary>
public sealed class HearthUser
{
    public string Id { get; set; } = Guid.NewGuid().ToString("N");

    public string UserName { get; set; } = "";

    public string NormalizedUserName { get; set; } = "";

    public string DisplayName { get; set; } = "";

    /// <summary>The role's stored name (see Access.Roles).</summary>
    public string Role { get; set; } = "";

    public string? PasswordHash { get; set; }

    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");

    public string ConcurrencyStamp { get; set; } = Guid.NewGuid().ToString("N");

    /// <summary>The authenticator key, encrypted by data protection; never the key itself.</summary>
    public string? AuthenticatorKey { get; set; }

    public bool TwoFactorEnabled { get; set; }

    /// <summary>The last TOTP time step whose code was accepted: no code of that step or an earlier one works again.</summary>
    public long? LastTotpStep { get; set; }

    public bool LockoutEnabled { get; set; } = true;

    public string? LockoutEnd { get; set; }

    public long AccessFailedCount { get; set; }

    public string CreatedAt { get; set; } = "";

    public string CreatedBy { get; set; } = "";
}
