namespace Hearth.Web.Infrastructure;

/// <summary>
/// Security headers on every response: a strict Content Security Policy (no inline script or style, nothing from
/// another origin), HSTS for a year, no sniffing, no framing, no referrer, and no caching of pages that show people.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public const string StrictTransportSecurity = "max-age=31536000; includeSubDomains";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.StrictTransportSecurity = StrictTransportSecurity;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Cross-Origin-Resource-Policy"] = "same-origin";
                if (!IsStaticAsset(context.Request.Path))
                {
                    headers.CacheControl = "no-store";
                    headers.Pragma = "no-cache";
                }

                return Task.CompletedTask;
            });
            await next();
        });

    /// <summary>
    /// Refuses plain HTTP from anywhere but this machine: people's records, and the cookies that open them, cross a
    /// network only over TLS. (Behind a TLS-terminating proxy, configure forwarded headers so the scheme is seen.)
    /// </summary>
    public static IApplicationBuilder UseHttpsOffLoopbackOnly(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!context.Request.IsHttps && context.Connection.RemoteIpAddress is { } remote && !System.Net.IPAddress.IsLoopback(remote))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsync("Hearth serves records over HTTPS only.");
                return;
            }

            await next();
        });

    private static bool IsStaticAsset(PathString path) =>
        path.StartsWithSegments("/lib", StringComparison.Ordinal) || path.StartsWithSegments("/assets", StringComparison.Ordinal)
        || path.StartsWithSegments("/js", StringComparison.Ordinal) || path.StartsWithSegments("/css", StringComparison.Ordinal);
}
