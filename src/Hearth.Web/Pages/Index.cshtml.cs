using Hearth.Services.Access;
using Hearth.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hearth.Web.Pages;

public sealed class IndexModel(CurrentUser current, AccessService access) : PageModel
{
    public new AccessContext User { get; private set; } = null!;

    public int UnreviewedBreakGlass { get; private set; }

    public void OnGet()
    {
        User = current.Required;
        if (User.Can(Permission.ManageAccess))
        {
            UnreviewedBreakGlass = access.BreakGlassEntries(User, unreviewedOnly: true).Count;
        }
    }
}
