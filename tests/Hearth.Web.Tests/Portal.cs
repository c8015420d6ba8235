using System.Net;
using System.Text.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Hearth.Core.Security;
using Hearth.Services.Persistence;
using Hearth.TestCommon;
using Hearth.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hearth.Web.Tests;

/// <summary>
/// The real portal in memory (WebApplicationFactory) over a copy of the test city, with a clock the test controls,
/// its demo users created as on a first start, over HTTPS so that cookies are marked Secure.
/// </summary>
public sealed class Portal : WebApplicationFactory<Hearth.Web.Pages.IndexModel>
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private readonly CityStore _store;
    private readonly Dictionary<string, string?> _settings;

    public Portal(PortalCity city, StoreProvider provider, Dictionary<string, string?>? settings = null, bool kestrel = false)
    {
        _store = city.NewStore(provider);
        _settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Hearth:Store"] = _store.Location.ConnectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase) ? _store.Location.ConnectionString : new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(_store.Location.ConnectionString).DataSource,
            ["Hearth:AuditHead"] = Path.Combine(_store.Folder, "audit-head"),
            ["Hearth:Demo:UsersFile"] = Path.Combine(_store.Folder, "demo-users.json"),
            ["Hearth:Demo:CityFolder"] = city.CityFolder,
        };
        foreach (var (key, value) in settings ?? [])
        {
            _settings[key] = value;
        }

        ClientOptions.BaseAddress = new Uri("https://localhost");
        ClientOptions.AllowAutoRedirect = false;
        if (kestrel)
        {
            // A real server on a free port of 127.0.0.1, for a real browser.
            UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        }

        // Start now, as a first start of the portal would: the schema, the demo users and their scopes exist before
        // the test reads them.
        StartServer();
    }

    public FixedTime Time { get; } = new(PortalCity.Now);

    public StoreLocation Store => _store.Location;

    public string AuditHeadPath => _settings["Hearth:AuditHead"]!;

    public IReadOnlyList<DemoUser> Users => JsonSerializer.Deserialize<List<DemoUser>>(File.ReadAllText(_settings["Hearth:Demo:UsersFile"]!), Json)!;

    public DemoUser User(string name) => Users.Single(u => u.Username == name);

    /// <summary>The code the user's authenticator app would show now, by the portal's clock.</summary>
    public string CodeFor(DemoUser user, int stepsFromNow = 0) => Totp.Code(Totp.FromBase32(user.TotpSecret), Totp.StepAt(Time.GetUtcNow()) + stepsFromNow);

    public Browser Browse() => new(CreateClient());

    /// <summary>Where a Kestrel-hosted portal listens.</summary>
    public string Address => Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
        .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();

    /// <summary>Signs in with password and TOTP, and returns a browser holding the session.</summary>
    public Task<Browser> SignInAsync(string userName)
    {
        var user = User(userName);
        return SignInAsync(userName, user.Password, user.TotpSecret);
    }

    /// <summary>The benchmark users (Hearth:Demo:BenchUsers), as bench-users.json holds them.</summary>
    public IReadOnlyList<BenchUser> BenchUsers => JsonSerializer.Deserialize<List<BenchUser>>(File.ReadAllText(Hearth.Web.Infrastructure.BenchUsers.FileFor(_settings["Hearth:Demo:UsersFile"]!)), Json)!;

    /// <summary>Signs in with this password and a code from this authenticator key.</summary>
    public async Task<Browser> SignInAsync(string userName, string passwordText, string totpSecret)
    {
        var browser = Browse();
        var password = await browser.SubmitAsync("/sign-in", new() { ["UserName"] = userName, ["Password"] = passwordText });
        password.StatusCode.ShouldBe(HttpStatusCode.Redirect, await password.Content.ReadAsStringAsync());
        password.Headers.Location!.OriginalString.ShouldStartWith("/sign-in/code");
        var code = await browser.SubmitAsync(password.Headers.Location.OriginalString, new() { ["Code"] = Totp.Code(Totp.FromBase32(totpSecret), Totp.StepAt(Time.GetUtcNow())) });
        code.StatusCode.ShouldBe(HttpStatusCode.Redirect, await code.Content.ReadAsStringAsync());
        // Each code works once: the next sign-in in the same test must wait for the next 30-second step.
        Time.Advance(TimeSpan.FromSeconds(30));
        return browser;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _store.Dispose();
        }
    }
}

/// <summary>An HTTP client that keeps cookies and fills in forms' antiforgery tokens, as a browser would.</summary>
public sealed class Browser(HttpClient client) : IDisposable
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Client => client;

    public Task<HttpResponseMessage> GetAsync(string path) => client.GetAsync(new Uri(path, UriKind.Relative));

    public async Task<IHtmlDocument> PageAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, $"GET {path}: {html[..Math.Min(html.Length, 2000)]}");
        return await Parser.ParseDocumentAsync(html);
    }

    /// <summary>GETs the page, then POSTs its first form (or the form posting to <paramref name="action"/>) with the given fields and its token.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string path, Dictionary<string, string> fields, string? action = null)
    {
        var page = await PageAsync(path);
        var form = page.QuerySelectorAll("main form").OfType<IHtmlFormElement>().FirstOrDefault(f => action is null || (f.GetAttribute("action") ?? "").Contains(action, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No form on {path}");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in form.QuerySelectorAll("input[type=hidden]"))
        {
            values[input.GetAttribute("name")!] = input.GetAttribute("value") ?? "";
        }

        foreach (var (key, value) in fields)
        {
            values[key] = value;
        }

        var target = form.GetAttribute("action") is { Length: > 0 } a ? a : path;
        return await client.PostAsync(new Uri(target, UriKind.Relative), new FormUrlEncodedContent(values));
    }

    public void Dispose() => client.Dispose();
}
