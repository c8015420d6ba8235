using Hearth.Services.Audit;
using Hearth.Services.Identity;
using Hearth.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hearth.Web.Pages;

public sealed class SignOutModel(SignInManager<HearthUser> signIn, CurrentUser user, AuditLog audit) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (user.Access is { } access)
        {
            audit.Record(access, new AuditEvent(AuditActions.SignOut, "user", access.UserId));
        }

        await signIn.SignOutAsync();
        return RedirectToPage("/SignIn/Index");
    }
}
