using Hearth.Services.Access;
using Hearth.Services.Portal;
using Hearth.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hearth.Web.Pages.Analytics;

[Authorize(Policy = nameof(Permission.ViewAggregates))]
public sealed class AnalyticsModel(AnalyticsService analytics, CurrentUser user, TimeProvider time) : PageModel
{
    public Aggregates? Aggregates { get; private set; }

    public void OnGet() => Aggregates = analytics.Aggregates(new AggregateQuery(user.Required, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)));
}
