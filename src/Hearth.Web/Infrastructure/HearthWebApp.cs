using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Hearth.Services.Access;
using Hearth.Services.Audit;
using Hearth.Services.Identity;
using Hearth.Services.Matching;
using Hearth.Services.Persistence;
using Hearth.Services.Portal;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;

namespace Hearth.Web.Infrastructure;

/// <summary>The portal's services and request pipeline: Program.cs calls these two, and the tests do too.</summary>
public static class HearthWebApp
{
    public const string EnrolmentScheme = "Hearth.Enrolment";
    public const string SignInRateLimit = "sign-in";

    public static void AddHearthPortal(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = builder.Configuration.GetSection("Hearth").Get<PortalOptions>() ?? new PortalOptions();
        services.AddSingleton(options);
        services.TryAddSingletonTimeProvider();
        var store = StoreLocation.Parse(options.Store).Pooled();
        services.AddSingleton(store);
        services.AddSingleton(sp =>
        {
            // The schema before anything reads it, so that the optional tables are probed on the schema this build knows.
            Migrator.Upgrade(store, sp.GetRequiredService<TimeProvider>());
            return StoreFeatures.Probe(store);
        });
        services.AddSingleton(new AuditHead(options.AuditHead ?? AuditHead.DefaultFor(store)));
        services.AddSingleton<AuditLog>();
        services.AddHostedService<WalCheckpointer>();
        services.AddSingleton<AccessService>();
        services.AddSingleton<PersonIndex>();
        services.AddSingleton<PersonService>();
        services.AddSingleton<FamilyService>();
        services.AddSingleton<AnalyticsService>();
        services.AddSingleton(_ => MatchingConfiguration.NameEquivalents());
        services.AddSingleton<MatchService>();
        services.AddSingleton<MatchExplainer>();
        services.AddSingleton<ReviewService>();
        services.AddScoped<CurrentUser>();
        services.AddHttpContextAccessor();

        // Data protection keys live in the store, so cookies and encrypted authenticator keys survive restarts and are
        // shared by every instance.
        services.AddDataProtection().SetApplicationName("Hearth");
        services.AddOptions<KeyManagementOptions>().Configure<TimeProvider>((o, time) => o.XmlRepository = new StoreXmlRepository(store, time));

        services.Configure<PasswordHasherOptions>(o =>
        {
            // PBKDF2 with HMAC-SHA512 (Identity's V3 format), at OWASP's figure for SHA-512; Identity's default is 100,000.
            o.CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3;
            o.IterationCount = 210_000;
        });
        services.AddSingleton<UserStore>();
        services.AddSingleton<IUserStore<HearthUser>>(sp => sp.GetRequiredService<UserStore>());
        services.AddIdentityCore<HearthUser>(o =>
            {
                // Length over complexity, as the NCSC advises.
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 5;
                // Passwords and codes share one counter: five wrong guesses lock the account for five minutes, so no
                // five-minute window holds more than ten guesses (five before a lockout, five after it ends).
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                o.Lockout.AllowedForNewUsers = true;
                o.Tokens.AuthenticatorTokenProvider = "HearthTotp";
                o.ClaimsIdentity.UserIdClaimType = ClaimTypes.NameIdentifier;
            })
            .AddUserManager<HearthUserManager>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<HearthClaimsFactory>()
            .AddTokenProvider<TotpTokenProvider>("HearthTotp");
        foreach (var scheme in new[] { IdentityConstants.ApplicationScheme, IdentityConstants.TwoFactorUserIdScheme, EnrolmentScheme })
        {
            // Session expiry follows the application's clock (tests move it to check timeouts).
            services.AddOptions<CookieAuthenticationOptions>(scheme).Configure<TimeProvider>((o, time) => o.TimeProvider = time);
        }

        var authentication = services.AddAuthentication(o =>
        {
            o.DefaultScheme = IdentityConstants.ApplicationScheme;
            o.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
        });
        authentication.AddIdentityCookies();
        authentication.AddCookie(EnrolmentScheme, o =>
        {
            o.Cookie.Name = "hearth-enrolment";
            Harden(o.Cookie);
            o.ExpireTimeSpan = TimeSpan.FromMinutes(10);
            o.SlidingExpiration = false;
            o.LoginPath = "/sign-in";
        });
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, o =>
        {
            o.Cookie.Name = "hearth-two-factor";
            Harden(o.Cookie);
            o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
        });
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "hearth-session";
            Harden(o.Cookie);
            o.ExpireTimeSpan = TimeSpan.FromMinutes(options.Session.IdleMinutes);
            o.SlidingExpiration = true;
            o.LoginPath = "/sign-in";
            o.LogoutPath = "/sign-out";
            o.ReturnUrlParameter = "returnUrl";
            o.Events.OnRedirectToAccessDenied = context =>
            {
                // A 403 page, not a redirect: the user is signed in and simply may not see this.
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
            o.Events.OnValidatePrincipal = async context =>
            {
                await SecurityStampValidator.ValidatePrincipalAsync(context);
                if (context.Principal?.FindFirst(HearthClaimsFactory.SignedInAt)?.Value is { } at
                    && long.TryParse(at, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                {
                    var time = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
                    if (time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds) > TimeSpan.FromHours(options.Session.AbsoluteHours))
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    }
                }
                else if (context.Principal is not null)
                {
                    context.RejectPrincipal();
                }
            };
        });
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.FromMinutes(1);
            o.OnRefreshingPrincipal = context =>
            {
                // Keep the time of signing in across refreshes, or the absolute timeout would slide too.
                if (context.CurrentPrincipal?.FindFirst(HearthClaimsFactory.SignedInAt) is { } signedIn && context.NewPrincipal?.Identity is ClaimsIdentity identity)
                {
                    if (identity.FindFirst(HearthClaimsFactory.SignedInAt) is { } fresh)
                    {
                        identity.RemoveClaim(fresh);
                    }

                    identity.AddClaim(new Claim(HearthClaimsFactory.SignedInAt, signedIn.Value));
                }

                return Task.CompletedTask;
            };
        });

        services.AddAuthorization(o =>
        {
            foreach (var permission in Enum.GetValues<Permission>())
            {
                o.AddPolicy(permission.ToString(), p => p.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(permission)));
            }

            o.FallbackPolicy = new AuthorizationPolicyBuilder(IdentityConstants.ApplicationScheme).RequireAuthenticatedUser().Build();
        });
        services.AddScoped<IAuthorizationHandler, PermissionHandler>();

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "hearth-antiforgery";
            Harden(o.Cookie);
            o.HeaderName = null;
        });

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignInRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                "sign-in|" + CurrentUser.Address(context),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.RateLimit.SignInPerFiveMinutes, Window = TimeSpan.FromMinutes(5), QueueLimit = 0 }));
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetFixedWindowLimiter(
                context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? CurrentUser.Address(context),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.RateLimit.RequestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });

        services.AddRazorPages(o =>
        {
            o.Conventions.AllowAnonymousToFolder("/SignIn");
            o.Conventions.AllowAnonymousToPage("/Status");
        });
    }

    public static void UseHearthPortal(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseSecurityHeaders();
        app.UseHttpsOffLoopbackOnly();
        app.UseExceptionHandler("/status/500");
        app.UseStatusCodePagesWithReExecute("/status/{0}");
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapRazorPages();
    }

    private static void Harden(CookieBuilder cookie)
    {
        cookie.HttpOnly = true;
        // Secure on every HTTPS request. Plain HTTP is refused except from this machine (SecurityHeaders.RequireHttps),
        // so a cookie that crosses a network is always Secure; the local demo on http://localhost still works.
        cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.SameSite = SameSiteMode.Strict;
        cookie.IsEssential = true;
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(s => s.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
