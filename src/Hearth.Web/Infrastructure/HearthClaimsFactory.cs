using System.Globalization;
using System.Security.Claims;
using Hearth.Services.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Hearth.Web.Infrastructure;

/// <summary>Adds when the user signed in, for the absolute session timeout (the cookie's own expiry slides).</summary>
public sealed class HearthClaimsFactory(UserManager<HearthUser> users, IOptions<IdentityOptions> options, TimeProvider time)
    : UserClaimsPrincipalFactory<HearthUser>(users, options)
{
    public const string SignedInAt = "hearth:signed_in_at";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(HearthUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(SignedInAt, time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim("hearth:display_name", user.DisplayName));
        return identity;
    }
}
