using System.Security.Claims;
using Hearth.Services.Access;
using Microsoft.AspNetCore.Authorization;

namespace Hearth.Web.Infrastructure;

/// <summary>
/// The signed-in user as the services see them: id, name, role and the address the request came from. The role is
/// read from the store on every request, not trusted from the cookie, so a change of role or a removal takes effect
/// at once.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor http, AccessService access)
{
    private AccessContext? _context;
    private bool _read;

    public AccessContext? Access
    {
        get
        {
            if (!_read)
            {
                _read = true;
                var context = http.HttpContext;
                var id = context?.User.FindFirstValue(ClaimTypes.NameIdentifier);
                if (context?.User.Identity?.IsAuthenticated == true && id is not null && access.User(id) is { } user)
                {
                    _context = new AccessContext(user.Id, user.UserName, user.Role, Address(context));
                }
            }

            return _context;
        }
    }

    /// <summary>The signed-in user; pages behind authorisation always have one.</summary>
    public AccessContext Required => Access ?? throw new InvalidOperationException("No signed-in user.");

    public static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}

/// <summary>A permission as an authorisation requirement: <c>[Authorize(Policy = nameof(Permission.ViewPerson))]</c>.</summary>
public sealed class PermissionRequirement(Permission permission) : IAuthorizationRequirement
{
    public Permission Permission => permission;
}

public sealed class PermissionHandler(CurrentUser user) : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (user.Access?.Can(requirement.Permission) == true)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
