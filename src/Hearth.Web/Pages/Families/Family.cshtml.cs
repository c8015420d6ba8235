using System.Globalization;
using Hearth.Services.Access;
using Hearth.Services.Portal;
using Hearth.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hearth.Web.Pages.Families;

/// <summary>The family view: lights up once issue 5's groups exist; until then every family is a 404.</summary>
[Authorize(Policy = nameof(Permission.ViewFamily))]
public sealed class FamilyModel(FamilyService families, CurrentUser user, TimeProvider time) : PageModel
{
    public FamilyView? Family { get; private set; }

    public IActionResult OnGet(long id)
    {
        Family = families.View(new FamilyQuery(user.Required, id));
        return Family is null ? NotFound() : Page();
    }

    /// <summary>An SVG text element (Razor reads a literal text tag as its own).</summary>
    public static Microsoft.AspNetCore.Html.IHtmlContent SvgText(int x, int y, string text) =>
        new Microsoft.AspNetCore.Html.HtmlString($"<text x=\"{x.ToString(CultureInfo.InvariantCulture)}\" y=\"{y.ToString(CultureInfo.InvariantCulture)}\">{System.Net.WebUtility.HtmlEncode(text)}</text>");

    /// <summary>18 or over today, for the diagram's two rows.</summary>
    public bool IsAdult(FamilyMember member) =>
        member.DateOfBirth is { Length: 10 } dob && DateOnly.TryParseExact(dob, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born)
        && born.AddYears(18) <= DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
}
