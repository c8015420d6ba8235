using System.Globalization;
using Hearth.Services.Access;
using Hearth.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hearth.Web.Pages.Admin;

/// <summary>Exclusions, sensitive-record flags and the review of break-glass access.</summary>
[Authorize(Policy = nameof(Permission.ManageAccess))]
public sealed class AccessModel(AccessService access, CurrentUser user) : PageModel
{
    public IReadOnlyList<BreakGlassEntry> BreakGlass { get; private set; } = [];

    public IReadOnlyList<Exclusion> Exclusions { get; private set; } = [];

    public string FlagKinds => string.Join('|', AccessPolicy.SensitiveFlags.Values.Select(k => k.Kind + ":" + k.Title));

    [BindProperty]
    public string? ExcludeUser { get; set; }

    [BindProperty]
    public string? ExcludePerson { get; set; }

    [BindProperty]
    public string? ExcludeReason { get; set; }

    [BindProperty]
    public string? FlagPerson { get; set; }

    [BindProperty]
    public string? FlagKind { get; set; }

    [BindProperty]
    public string? FlagReason { get; set; }

    public void OnGet() => Load();

    public IActionResult OnPostReview(long breakGlassId, string? note)
    {
        if (string.IsNullOrWhiteSpace(note))
        {
            ModelState.AddModelError("note-" + breakGlassId.ToString(CultureInfo.InvariantCulture), "Enter a review note");
            Load();
            return Page();
        }

        return Try(() => access.ReviewBreakGlass(new ReviewBreakGlassCommand(user.Required, breakGlassId, note.Trim())));
    }

    public IActionResult OnPostExclude()
    {
        var person = Id(ExcludePerson, nameof(ExcludePerson));
        Required(ExcludeUser, nameof(ExcludeUser), "Enter the user name");
        Required(ExcludeReason, nameof(ExcludeReason), "Enter why");
        return ModelState.IsValid ? Try(() => access.Exclude(new ExcludeCommand(user.Required, ExcludeUser!, "person", person, ExcludeReason!.Trim())), nameof(ExcludeUser)) : Invalid();
    }

    public IActionResult OnPostFlag()
    {
        var person = Id(FlagPerson, nameof(FlagPerson));
        Required(FlagKind, nameof(FlagKind), "Select the kind of flag");
        Required(FlagReason, nameof(FlagReason), "Enter why");
        return ModelState.IsValid ? Try(() => access.Flag(new FlagCommand(user.Required, person, FlagKind!, FlagReason!.Trim())), nameof(FlagKind)) : Invalid();
    }

    private IActionResult Try(Action act, string field = "")
    {
        try
        {
            act();
        }
        catch (ArgumentException ex)
        {
            ModelState.AddModelError(field, ex.Message);
            return Invalid();
        }

        return RedirectToPage();
    }

    private PageResult Invalid()
    {
        Load();
        return Page();
    }

    private long Id(string? text, string field)
    {
        if (long.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }

        ModelState.AddModelError(field, "Enter the person's Hearth id, a number");
        return 0;
    }

    private void Required(string? value, string field, string message)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            ModelState.AddModelError(field, message);
        }
    }

    private void Load()
    {
        BreakGlass = access.BreakGlassEntries(user.Required, unreviewedOnly: false);
        Exclusions = access.Exclusions(user.Required);
    }
}
