using Hearth.Core.Matching;
using Hearth.Services.Access;
using Hearth.Services.Portal;
using Hearth.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hearth.Web.Pages.Review;

/// <summary>One uncertain pair: the two records side by side, the waterfall, and a decision with its reason.</summary>
[Authorize(Policy = nameof(Permission.ReviewMatches))]
public sealed class ReviewItemModel(ReviewService review, CurrentUser user) : PageModel
{
    [BindProperty]
    public string? Decision { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public ReviewPair? Item { get; private set; }

    public IActionResult OnGet(long id)
    {
        Item = review.Item(new ReviewItemQuery(user.Required, id));
        return Item is null ? NotFound() : Page();
    }

    public IActionResult OnPost(long id)
    {
        PairDecision? decision = Decision switch { "same_person" => PairDecision.SamePerson, "different_people" => PairDecision.DifferentPeople, _ => null };
        if (decision is null)
        {
            ModelState.AddModelError(nameof(Decision), "Select whether these are the same person");
        }

        if (string.IsNullOrWhiteSpace(Reason))
        {
            ModelState.AddModelError(nameof(Reason), "Enter why you decided this");
        }

        if (!ModelState.IsValid)
        {
            return OnGet(id);
        }

        try
        {
            review.Decide(new ReviewDecisionCommand(user.Required, id, decision!.Value, Reason!));
        }
        catch (ArgumentException)
        {
            return NotFound();
        }
        catch (InvalidOperationException ex)
        {
            ModelState.AddModelError(nameof(Decision), ex.Message);
            return OnGet(id);
        }

        return RedirectToPage("/Review/Index");
    }
}
