using Hearth.Services.Access;
using Hearth.Services.Portal;
using Hearth.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hearth.Web.Pages.People;

[Authorize(Policy = nameof(Permission.ViewMatchExplanation))]
public sealed class MatchModel(ReviewService review, CurrentUser user) : PageModel
{
    public GoldenExplanation? Explanation { get; private set; }

    public IActionResult OnGet(long id)
    {
        Explanation = review.Explain(new MatchExplanationQuery(user.Required, id));
        return Explanation is null ? NotFound() : Page();
    }
}
