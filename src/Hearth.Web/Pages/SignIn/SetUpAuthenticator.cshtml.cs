using System.Security.Claims;
using Hearth.Core.Security;
using Hearth.Services.Audit;
using Hearth.Services.Identity;
using Hearth.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using QRCoder;

namespace Hearth.Web.Pages.SignIn;

/// <summary>
/// Enrolment, which every user without an authenticator must pass after their password: a QR code (and the key as
/// text), one code to prove the app works, then ten one-time recovery codes shown once.
/// </summary>
[Authorize(AuthenticationSchemes = HearthWebApp.EnrolmentScheme)]
[EnableRateLimiting(HearthWebApp.SignInRateLimit)]
public sealed class SetUpAuthenticatorModel(UserManager<HearthUser> users, SignInManager<HearthUser> signIn, AuditLog audit) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string QrCode { get; private set; } = "";

    public string FormattedKey { get; private set; } = "";

    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await EnrollingUser();
        if (user is null)
        {
            return RedirectToPage("/SignIn/Index");
        }

        await Show(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await EnrollingUser();
        if (user is null)
        {
            return RedirectToPage("/SignIn/Index");
        }

        if (await users.IsLockedOutAsync(user))
        {
            ModelState.AddModelError(nameof(Code), "Your account is locked after too many attempts. Try again in 5 minutes");
        }
        else if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Code ?? ""))
        {
            await users.AccessFailedAsync(user);
            ModelState.AddModelError(nameof(Code), "The code is not right. Enter the 6-digit code your app shows now");
        }

        if (!ModelState.IsValid)
        {
            await Show(user);
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        await users.ResetAccessFailedCountAsync(user);
        RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, HearthUserManager.RecoveryCodeCount) ?? []];
        await HttpContext.SignOutAsync(HearthWebApp.EnrolmentScheme);
        await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: "totp");
        var address = CurrentUser.Address(HttpContext);
        audit.Record(user.UserName, address, new AuditEvent(AuditActions.AuthenticatorEnrolled, "user", user.Id));
        audit.Record(user.UserName, address, new AuditEvent(AuditActions.SignIn, "user", user.Id, Detail: new { factor = "totp (enrolment)" }));
        ReturnUrl = SignInModel.LocalOrHome(ReturnUrl);
        return Page();
    }

    private async Task<HearthUser?> EnrollingUser()
    {
        var id = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var user = id is null ? null : await users.FindByIdAsync(id);
        // Someone already enrolled cannot come back here to replace their key with only a password.
        return user is { TwoFactorEnabled: false } ? user : null;
    }

    private async Task Show(HearthUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }

        FormattedKey = string.Join(' ', key!.Chunk(4).Select(c => new string(c)));
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(Totp.EnrolmentUri("Hearth", user.UserName, key!), QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(5);
        QrCode = "data:image/png;base64," + Convert.ToBase64String(png);
    }
}
