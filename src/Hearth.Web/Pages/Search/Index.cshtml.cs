using System.Globalization;
using Hearth.Services.Access;
using Hearth.Services.Portal;
using Hearth.Web.Components;
using Hearth.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hearth.Web.Pages.Search;

[Authorize(Policy = nameof(Permission.SearchPeople))]
public sealed class SearchModel(PersonService people, CurrentUser user) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateParts DateOfBirth { get; set; } = new();

    public SearchResult? Result { get; private set; }

    public bool CanBreakGlass { get; private set; }

    public void OnGet()
    {
        CanBreakGlass = user.Required.Can(Permission.BreakGlass) && user.Required.Role != Role.Administrator;
        if (string.IsNullOrWhiteSpace(Q) && DateOfBirth.IsEmpty)
        {
            return;
        }

        var (dob, error) = DateOfBirth.Parse("Date of birth");
        if (error is not null)
        {
            ModelState.AddModelError(nameof(DateOfBirth), error);
            return;
        }

        Result = people.Search(new SearchQuery(user.Required, Q, dob?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        if (Result.Problem is { } problem)
        {
            ModelState.AddModelError(nameof(Q), problem);
            Result = null;
        }
    }
}
