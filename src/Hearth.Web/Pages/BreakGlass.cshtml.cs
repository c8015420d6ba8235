using Hearth.Services.Access;
using Hearth.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hearth.Web.Pages;

/// <summary>Break-glass: one person outside the user's scope for an hour, with a typed reason, alerted and reviewed.</summary>
[Authorize(Policy = nameof(Permission.BreakGlass))]
public sealed class BreakGlassModel(AccessService access, CurrentUser user, ILogger<BreakGlassModel> log) : PageModel
{
    [BindProperty]
    public string? PersonId { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public void OnGet()
    {
    }

    public IActionResult OnPost()
    {
        if (!long.TryParse(PersonId?.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            ModelState.AddModelError(nameof(PersonId), "Enter the person's Hearth id, a number");
        }

        if (string.IsNullOrWhiteSpace(Reason))
        {
            ModelState.AddModelError(nameof(Reason), "Enter why you need this record now");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = access.BreakGlass(new BreakGlassCommand(user.Required, id, Reason!));
        if (!result.Granted)
        {
            ModelState.AddModelError(result.Error!.StartsWith("Give", StringComparison.Ordinal) ? nameof(Reason) : nameof(PersonId), result.Error);
            return Page();
        }

        // The alert to administrators: the home page banner and the access screen list it until reviewed; the log
        // carries it to whatever watches the service's logs.
        log.LogWarning("Break-glass: {User} opened person {Person} until {Expires}: {Reason}", user.Required.UserName, id, result.ExpiresAt, Reason);
        return Redirect($"/people/{id}");
    }
}
