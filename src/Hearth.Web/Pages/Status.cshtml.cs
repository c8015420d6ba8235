using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hearth.Web.Pages;

/// <summary>Error pages: the status code stays as it was (404, 403, 429, 500); only the body is ours.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public string Title { get; private set; } = "";

    public string Message { get; private set; } = "";

    public void OnGet(int code) => Describe(code);

    public void OnPost(int code) => Describe(code);

    private void Describe(int code)
    {
        (Title, Message) = code switch
        {
            404 => ("Page not found", "If you typed the web address, check it is correct. If you followed a link to a person, they may not exist or may not be in your scope."),
            403 => ("You do not have access to this page", "Your role does not include this. Ask your administrator if you need it."),
            429 => ("Too many requests", "You have made too many requests in a short time. Wait a few minutes and try again."),
            400 => ("Something was wrong with that request", "The form may have expired. Go back, reload the page and try again."),
            _ => ("Sorry, there is a problem with the service", "Try again later."),
        };
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null && code is >= 400 and < 600)
        {
            Response.StatusCode = code;
        }
    }
}
