using Hearth.Services.Audit;
using Hearth.Services.Identity;
using Hearth.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Hearth.Web.Pages.SignIn;

/// <summary>The first factor: user name and password. Every outcome is audited; five wrong guesses lock the account.</summary>
[EnableRateLimiting(HearthWebApp.SignInRateLimit)]
public sealed class SignInModel(SignInManager<HearthUser> signIn, UserManager<HearthUser> users, AuditLog audit) : PageModel
{
    private const string Wrong = "Enter a correct user name and password";

    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(UserName))
        {
            ModelState.AddModelError(nameof(UserName), "Enter your user name");
        }

        if (string.IsNullOrEmpty(Password))
        {
            ModelState.AddModelError(nameof(Password), "Enter your password");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var address = CurrentUser.Address(HttpContext);
        var user = await users.FindByNameAsync(UserName!.Trim());
        if (user is null)
        {
            // Hash anyway, so that an unknown user name takes as long as a wrong password.
            users.PasswordHasher.HashPassword(new HearthUser(), Password!);
            audit.Record(UserName.Trim(), address, new AuditEvent(AuditActions.SignInFailed, Detail: new { reason = "unknown user" }));
            ModelState.AddModelError(nameof(UserName), Wrong);
            return Page();
        }

        if (!user.TwoFactorEnabled)
        {
            // No authenticator yet: the password opens only the enrolment page, never a session.
            var check = await signIn.CheckPasswordSignInAsync(user, Password!, lockoutOnFailure: true);
            if (check.Succeeded)
            {
                var identity = new System.Security.Claims.ClaimsIdentity([new(System.Security.Claims.ClaimTypes.NameIdentifier, user.Id)], HearthWebApp.EnrolmentScheme);
                await HttpContext.SignInAsync(HearthWebApp.EnrolmentScheme, new System.Security.Claims.ClaimsPrincipal(identity));
                return RedirectToPage("/SignIn/SetUpAuthenticator", new { returnUrl = LocalOrHome(ReturnUrl) });
            }

            return Failed(user, check, address);
        }

        var result = await signIn.PasswordSignInAsync(user, Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/SignIn/Code", new { returnUrl = LocalOrHome(ReturnUrl) });
        }

        return Failed(user, result, address);
    }

    private PageResult Failed(HearthUser user, Microsoft.AspNetCore.Identity.SignInResult result, string address)
    {
        if (result.IsLockedOut)
        {
            audit.Record(user.UserName, address, new AuditEvent(AuditActions.LockedOut, "user", user.Id));
            ModelState.AddModelError(nameof(UserName), "Your account is locked after too many attempts. Try again in 5 minutes");
        }
        else
        {
            audit.Record(user.UserName, address, new AuditEvent(AuditActions.SignInFailed, "user", user.Id, Detail: new { reason = "wrong password" }));
            ModelState.AddModelError(nameof(UserName), Wrong);
        }

        return Page();
    }

    internal static string LocalOrHome(string? returnUrl) =>
        returnUrl is { Length: > 1 } url && url[0] == '/' && url[1] != '/' && url[1] != '\\' ? url : "/";
}
