using System.Globalization;
using Hearth.Services.Access;
using Hearth.Services.Portal;
using Hearth.Web.Components;
using Hearth.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hearth.Web.Pages.People;

/// <summary>The single view. A person out of scope is a 404, exactly as a person who does not exist.</summary>
[Authorize(Policy = nameof(Permission.ViewPerson))]
public sealed class PersonModel(PersonService people, CurrentUser user) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Feed { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Type { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public PersonView? View { get; private set; }

    public bool CanExplain { get; private set; }

    public GovukPaginationOptions? Pagination { get; private set; }

    public IActionResult OnGet(long id)
    {
        View = people.View(new PersonQuery(user.Required, id) { Feed = Feed, EventType = Type, Page = PageNumber });
        if (View is null)
        {
            return NotFound();
        }

        CanExplain = user.Required.Can(Permission.ViewMatchExplanation);
        var c = View.Chronology;
        var pages = (c.Total + c.PageSize - 1) / c.PageSize;
        if (pages > 1)
        {
            string Link(int page) => $"/people/{id}?feed={Uri.EscapeDataString(Feed ?? "")}&type={Uri.EscapeDataString(Type ?? "")}&p={page.ToString(CultureInfo.InvariantCulture)}#chronology";
            var shown = Enumerable.Range(1, pages).Where(n => n == 1 || n == pages || Math.Abs(n - c.Page) <= 2).ToList();
            var items = new List<GovukPaginationItem>();
            for (var i = 0; i < shown.Count; i++)
            {
                if (i > 0 && shown[i] - shown[i - 1] > 1)
                {
                    items.Add(new GovukPaginationItem { Ellipsis = true });
                }

                items.Add(new GovukPaginationItem { Number = shown[i].ToString(CultureInfo.InvariantCulture), Href = Link(shown[i]), Current = shown[i] == c.Page });
            }

            Pagination = new GovukPaginationOptions
            {
                Items = items,
                Previous = c.Page > 1 ? new GovukPaginationLink { Href = Link(c.Page - 1) } : null,
                Next = c.Page < pages ? new GovukPaginationLink { Href = Link(c.Page + 1) } : null,
                LandmarkLabel = "Chronology pages",
            };
        }

        return Page();
    }
}
