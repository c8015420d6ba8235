using System.Globalization;
using Hearth.Services.Access;
using Hearth.Services.Portal;
using Hearth.Web.Components;
using Hearth.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hearth.Web.Pages.Review;

[Authorize(Policy = nameof(Permission.ReviewMatches))]
public sealed class ReviewIndexModel(ReviewService review, CurrentUser user) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public ReviewQueue? Queue { get; private set; }

    public GovukPaginationOptions? Pagination { get; private set; }

    public void OnGet()
    {
        Queue = review.Queue(new ReviewQueueQuery(user.Required) { Page = PageNumber });
        var pages = (Queue.Total + Queue.PageSize - 1) / Queue.PageSize;
        if (pages > 1)
        {
            string Link(int page) => "/review?p=" + page.ToString(CultureInfo.InvariantCulture);
            Pagination = new GovukPaginationOptions
            {
                Previous = Queue.Page > 1 ? new GovukPaginationLink { Href = Link(Queue.Page - 1) } : null,
                Next = Queue.Page < pages ? new GovukPaginationLink { Href = Link(Queue.Page + 1) } : null,
                Items =
                [
                    .. new[] { 1, Queue.Page, pages }.Distinct().Order().Select(n => new GovukPaginationItem { Number = n.ToString(CultureInfo.InvariantCulture), Href = Link(n), Current = n == Queue.Page }),
                ],
            };
        }
    }
}
