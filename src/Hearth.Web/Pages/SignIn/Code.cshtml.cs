using Hearth.Services.Audit;
using Hearth.Services.Identity;
using Hearth.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Hearth.Web.Pages.SignIn;

/// <summary>
/// The second factor: a TOTP code (each accepted once, within one step of now) or a one-time recovery code. Wrong
/// codes count towards the same lockout as wrong passwords.
/// </summary>
[EnableRateLimiting(HearthWebApp.SignInRateLimit)]
public sealed class CodeModel(SignInManager<HearthUser> signIn, UserManager<HearthUser> users, AuditLog audit) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() => await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/SignIn/Index") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToPage("/SignIn/Index");
        }

        var code = (Code ?? "").Trim();
        if (code.Length == 0)
        {
            ModelState.AddModelError(nameof(Code), "Enter the code from your authenticator app");
            return Page();
        }

        var address = CurrentUser.Address(HttpContext);
        var recovery = code.Any(char.IsAsciiLetter);
        Microsoft.AspNetCore.Identity.SignInResult result;
        if (recovery)
        {
            if (await users.IsLockedOutAsync(user))
            {
                result = Microsoft.AspNetCore.Identity.SignInResult.LockedOut;
            }
            else
            {
                result = await signIn.TwoFactorRecoveryCodeSignInAsync(code);
                if (!result.Succeeded)
                {
                    // A wrong recovery code is a guess like any other.
                    await users.AccessFailedAsync(user);
                }
            }
        }
        else
        {
            result = await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        }

        if (result.Succeeded)
        {
            audit.Record(user.UserName, address, new AuditEvent(recovery ? AuditActions.RecoveryCodeUsed : AuditActions.SignIn, "user", user.Id, Detail: new { factor = recovery ? "recovery code" : "totp" }));
            return LocalRedirect(SignInModel.LocalOrHome(ReturnUrl));
        }

        if (result.IsLockedOut)
        {
            audit.Record(user.UserName, address, new AuditEvent(AuditActions.LockedOut, "user", user.Id));
            ModelState.AddModelError(nameof(Code), "Your account is locked after too many attempts. Try again in 5 minutes");
            return Page();
        }

        audit.Record(user.UserName, address, new AuditEvent(AuditActions.CodeFailed, "user", user.Id, Detail: new { factor = recovery ? "recovery code" : "totp" }));
        ModelState.AddModelError(nameof(Code), recovery ? "That recovery code is not right or has been used" : "The code is not right or has expired. Enter the code your app shows now");
        return Page();
    }
}
