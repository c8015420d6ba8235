using Hearth.Services.Access;
using Hearth.Services.Audit;
using Hearth.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hearth.Web.Pages.Admin;

/// <summary>Who looked at this child; what did this user look at.</summary>
[Authorize(Policy = nameof(Permission.ViewAudit))]
public sealed class AuditModel(AuditLog audit, CurrentUser user) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Person { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    public IReadOnlyList<AuditEntry>? Entries { get; private set; }

    public void OnGet() =>
        Entries = audit.Search(new AuditSearchQuery(user.Required) { TargetKind = "person", TargetId = Person, Actor = Actor, Action = Action });
}
