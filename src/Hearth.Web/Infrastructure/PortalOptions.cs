namespace Hearth.Web.Infrastructure;

/// <summary>The portal's settings, from the Hearth section of configuration (appsettings, Hearth__X environment variables).</summary>
public sealed class PortalOptions
{
    /// <summary>The store: a SQLite path or a PostgreSQL connection string (Hearth:Store, Hearth__Store).</summary>
    public string Store { get; set; } = InRepository(Hearth.Services.Persistence.StoreLocation.DefaultPath);

    /// <summary>Where the audit chain's head is written outside the database; default beside the store.</summary>
    public string? AuditHead { get; set; }

    public DemoOptions Demo { get; set; } = new();

    public SessionOptions Session { get; set; } = new();

    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>
    /// A default path, under the repository root when run from inside a clone (dotnet run starts the portal in its
    /// project folder), so that the portal and the hearth command share data/hearth.db and out/demo.
    /// </summary>
    public static string InRepository(string relative)
    {
        var directory = new DirectoryInfo(Directory.GetCurrentDirectory());
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Hearth.slnx")))
        {
            directory = directory.Parent;
        }

        return directory is null ? relative : Path.Combine(directory.FullName, relative);
    }
}

public sealed class DemoOptions
{
    /// <summary>On first start with an empty store, build the demo city and create one demo user per role.</summary>
    public bool Enabled { get; set; } = true;

    public int People { get; set; } = 20_000;

    public int Seed { get; set; } = 42;

    /// <summary>Where the demo users' sign-in details are written; default demo-users.json beside the store.</summary>
    public string? UsersFile { get; set; }

    /// <summary>
    /// For the person-view load benchmark only: this many extra head-teacher users (bench.001, ...), each scoped to
    /// one of the city's schools and given one of its pupils to look at, written to bench-users.json beside the
    /// store. Never set on a live store: their passwords and authenticator keys are written to a file.
    /// </summary>
    public int BenchUsers { get; set; }

    /// <summary>Where the city's files go (default out/demo beside the working folder).</summary>
    public string CityFolder { get; set; } = PortalOptions.InRepository(Path.Combine("out", "demo"));
}

public sealed class SessionOptions
{
    /// <summary>Signed out after this long without a request.</summary>
    public int IdleMinutes { get; set; } = 20;

    /// <summary>Signed out this long after signing in, however active.</summary>
    public int AbsoluteHours { get; set; } = 8;
}

public sealed class RateLimitOptions
{
    /// <summary>Sign-in attempts (password or code) per client address per five minutes.</summary>
    public int SignInPerFiveMinutes { get; set; } = 30;

    /// <summary>Requests per user (or, before sign-in, per address) per minute.</summary>
    public int RequestsPerMinute { get; set; } = 600;
}
