using Hearth.Services.Groups;
using Hearth.Services.Rules;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Hearth.Core.Security;
using Hearth.Services.Access;
using Hearth.Services.Audit;
using Hearth.Services.Identity;
using Hearth.Services.Ingestion;
using Hearth.Services.Matching;
using Hearth.Services.Persistence;
using Hearth.Synth;
using Microsoft.AspNetCore.Identity;

namespace Hearth.Web.Infrastructure;

/// <summary>One demo user's sign-in details, as demo-users.json holds them.</summary>
public sealed record DemoUser(string Username, string Password, string Role, string Scope, string TotpSecret, IReadOnlyList<string> RecoveryCodes);

/// <summary>
/// The first start of the portal on a fresh machine: creates the store, builds the demo city into it (generate,
/// ingest, match, with the same services <c>hearth demo</c> and <c>hearth match</c> use), creates one demo user per
/// role with a scope that shows what the role can and cannot see, and prints and writes their sign-in details. A
/// second start finds the users and reuses everything.
/// </summary>
public static class DemoSetup
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<bool> PrepareAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<PortalOptions>();
        var store = app.Services.GetRequiredService<StoreLocation>();
        var time = app.Services.GetRequiredService<TimeProvider>();
        Migrator.Upgrade(store, time);
        var usersFile = options.Demo.UsersFile ?? UsersFile(store);
        if (options.Demo.Enabled)
        {
            if (Count(store, "golden_records") == 0)
            {
                try
                {
                    BuildCity(store.Unpooled, time, options.Demo.People, options.Demo.Seed, Path.GetFullPath(options.Demo.CityFolder), Console.Out);
                }
                catch (Exception ex) when (ex is IOException or InvalidOperationException or ArgumentException)
                {
                    await Console.Error.WriteLineAsync("Could not build the demo city: " + ex.Message);
                    return false;
                }
            }

            if (Count(store, "users") == 0)
            {
                using var scope = app.Services.CreateScope();
                var users = await CreateUsersAsync(scope.ServiceProvider);
                await File.WriteAllTextAsync(usersFile, JsonSerializer.Serialize(users, Json));
                Console.WriteLine($"Created {users.Count} demo users; their sign-in details are in {usersFile}.");
            }

            if (options.Demo.BenchUsers > 0)
            {
                using var scope = app.Services.CreateScope();
                await BenchUsers.EnsureAsync(scope.ServiceProvider, options.Demo.BenchUsers, BenchUsers.FileFor(usersFile));
            }
        }

        app.Lifetime.ApplicationStarted.Register(() => PrintWelcome(app, store, usersFile));
        return true;
    }

    private static long Count(StoreLocation store, string table)
    {
        using var connection = store.Open();
        return connection.ExecuteScalar<long>("SELECT COUNT(*) FROM " + table);
    }

    /// <summary>Where the demo users' details are written: beside a SQLite store, or under data/ for PostgreSQL.</summary>
    public static string UsersFile(StoreLocation store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var directory = store.Provider == StoreProvider.Sqlite
            ? Path.GetDirectoryName(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(store.ConnectionString).DataSource)!
            : Path.GetFullPath("data");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, "demo-users.json");
    }

    /// <summary>Generates a city, loads every feed and matches it, printing progress.</summary>
    public static void BuildCity(StoreLocation store, TimeProvider time, int people, int seed, string folder, TextWriter? log)
    {
        ArgumentNullException.ThrowIfNull(store);
        var stopwatch = Stopwatch.StartNew();
        log?.WriteLine($"Building the demo city ({people:N0} people, seed {seed}) into {store.Display}. This happens once; later starts reuse it.");
        log?.WriteLine($"  1/3 generating the city into {folder}...");
        var lastStage = "";
        var summary = CityGenerator.Generate(new SynthOptions { People = people, Seed = (ulong)seed }, folder, log is null ? null : new SynchronousProgress<SynthProgress>(p =>
        {
            if (p.Stage != lastStage)
            {
                lastStage = p.Stage;
                log.WriteLine($"      {p.Stage}");
            }
        }));
        log?.WriteLine($"      {summary.PeopleEver:N0} people, {summary.Feeds.Count} feeds ({stopwatch.Elapsed.TotalSeconds:0} s)");
        log?.WriteLine("  2/3 loading every feed into the store...");
        var lastFeed = "";
        var ingest = new IngestService(store, time).Ingest(new IngestCommand(Path.Combine(folder, "feeds"), FeedCatalogue.FindDefinitions(null)), log is null ? null : new SynchronousProgress<IngestProgress>(p =>
        {
            if (p.Feed != lastFeed)
            {
                lastFeed = p.Feed;
                log.WriteLine($"      {p.Feed}");
            }
        }));
        if (!ingest.Succeeded)
        {
            throw new InvalidOperationException("Loading the demo city failed: " + string.Join("; ", ingest.Feeds.Where(f => f.Error is not null).Select(f => $"{f.Feed}: {f.Error}")));
        }

        log?.WriteLine($"      {ingest.RowsRead:N0} rows ({stopwatch.Elapsed.TotalSeconds:0} s)");
        log?.WriteLine("  3/3 matching records into golden records...");
        var match = new MatchService(store, time, MatchingConfiguration.NameEquivalents()).Match(new MatchCommand("portal demo setup"), log is null ? null : new SynchronousProgress<string>(stage => log.WriteLine($"      {stage}")));
        log?.WriteLine($"      {match.GoldenRecords:N0} golden records from {match.Records:N0} person records, {match.ReviewItems:N0} for review ({stopwatch.Elapsed.TotalSeconds:0} s)");
        log?.WriteLine("      grouping people into households, families and networks...");
        var groups = new GroupService(store, time).Build(new GroupCommand("portal demo setup", GroupCatalogue.Load(GroupCatalogue.Find(null))));
        log?.WriteLine($"      {string.Join(", ", groups.Layers.Select(l => $"{l.Groups:N0} {l.Layer}"))} ({stopwatch.Elapsed.TotalSeconds:0} s)");
        log?.WriteLine("      scoring with the default rule sets...");
        var scores = new ScoreService(store, time).Score(new ScoreCommand("portal demo setup"));
        log?.WriteLine($"      {scores.Subjects:N0} people scored, {scores.Alerts:N0} alerts ({stopwatch.Elapsed.TotalSeconds:0} s)");
    }

    /// <summary>What the demo users may reach, chosen from the city so that every role has people to find.</summary>
    private sealed record CityScopes((string Laestab, string Name)? School, (string Urn, string Name)? Setting, List<long> Safe, List<long> Caseload, List<long> Pupils);

    private static CityScopes FindScopes(StoreLocation store, TimeProvider time)
    {
        using var connection = store.Open();
        var sqlite = store.Provider == StoreProvider.Sqlite;
        string Json(string key) => sqlite ? $"json_extract(e.attributes, '$.{key}')" : $"(e.attributes::json ->> '{key}')";
        var school = connection.QueryFirstOrDefault<(string Laestab, string Name)?>(
            $"SELECT {Json("la_estab")}, MAX({Json("school_name")}) FROM events e WHERE e.feed = 'school_census' AND e.is_current = TRUE GROUP BY {Json("la_estab")} ORDER BY COUNT(*) DESC, 1 LIMIT 1");
        var setting = connection.QueryFirstOrDefault<(string Urn, string Name)?>(
            $"SELECT {Json("provider_urn")}, MAX({Json("provider_name")}) FROM events e WHERE e.feed = 'early_years_funding' AND e.is_current = TRUE GROUP BY {Json("provider_urn")} ORDER BY COUNT(*) DESC, 1 LIMIT 1");
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        // SAFE: young people of 10 to 14 known to the police or youth justice, or excluded from school: the taskforces' cohort.
        var safe = connection.Query<long>(
            """
            SELECT DISTINCT gm.golden_id FROM golden_members gm JOIN person_records p ON p.id = gm.person_record_id
            JOIN golden_records g ON g.id = gm.golden_id
            JOIN events e ON e.record_id = p.record_id AND e.person_slot = p.slot
            WHERE e.is_current = TRUE AND e.feed IN ('police_incidents', 'school_exclusions', 'youth_justice') AND g.retired_run_id IS NULL
              AND g.date_of_birth BETWEEN @From AND @To
            ORDER BY gm.golden_id LIMIT 12
            """,
            new { From = today.AddYears(-15).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), To = today.AddYears(-10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }).ToList();
        // Family support: the members of a few early help families.
        var caseload = connection.Query<long>(
            $"""
            SELECT DISTINCT gm.golden_id FROM golden_members gm JOIN person_records p ON p.id = gm.person_record_id
            JOIN events e ON e.record_id = p.record_id AND e.person_slot = p.slot
            WHERE e.is_current = TRUE AND e.feed = 'early_help' AND {Json("family_ref")} IN (
                SELECT family_ref FROM (SELECT DISTINCT {Json("family_ref")} AS family_ref FROM events e WHERE e.feed = 'early_help' AND e.is_current = TRUE ORDER BY 1 LIMIT 4) f)
            ORDER BY gm.golden_id
            """).ToList();
        var pupils = school is { } sc
            ? connection.Query<long>(
                $"""
                SELECT DISTINCT gm.golden_id FROM golden_members gm JOIN person_records p ON p.id = gm.person_record_id
                JOIN events e ON e.record_id = p.record_id AND e.person_slot = p.slot
                WHERE e.feed = 'school_census' AND e.is_current = TRUE AND {Json("la_estab")} = @Laestab ORDER BY gm.golden_id LIMIT 2
                """, new { sc.Laestab }).ToList()
            : [];
        return new CityScopes(school, setting, safe, caseload, pupils);
    }

    /// <summary>One user per role, each with a scope chosen from the city so that every role has people to find.</summary>
    public static async Task<List<DemoUser>> CreateUsersAsync(IServiceProvider services)
    {
        var store = services.GetRequiredService<StoreLocation>();
        var access = services.GetRequiredService<AccessService>();
        var time = services.GetRequiredService<TimeProvider>();
        var system = new AccessContext("", "system", Role.Administrator, "setup");
        var (school, setting, safe, caseload, pupils) = FindScopes(store, time);

        var created = new List<DemoUser>();
        async Task<HearthUser> Create(string userName, string displayName, Role role, string scope)
        {
            var (user, details) = await CreateUserAsync(services, userName, displayName, role, scope, "demo setup");
            created.Add(details);
            return user;
        }

        await Create("admin", "Alex Administrator", Role.Administrator, "every person; the audit; access; match review");
        await Create("analyst", "Ana Analyst", Role.Analyst, "aggregates only");
        var head = await Create("head.teacher", "Hari Head", Role.SchoolLead, school is { } s ? $"pupils of {s.Name} (LAESTAB {s.Laestab})" : "no school found in the city");
        if (school is { } sc)
        {
            access.Grant(system, head.Id, ScopeKinds.School, sc.Laestab);
            // Show the rules at work: the head teacher is the uncle of one pupil (excluded), and another pupil's
            // address is protected.
            if (pupils.Count == 2)
            {
                access.Exclude(new ExcludeCommand(system, "head.teacher", "person", pupils[0], "Demo: the head teacher is this pupil's uncle."));
                access.Flag(new FlagCommand(system, pupils[1], "protected_address", "Demo: the family fled domestic abuse; refuge address."));
            }
        }

        var safeUser = await Create("safe.practitioner", "Sam SAFE", Role.SafePractitioner, $"{safe.Count} allocated young people aged 10 to 14");
        foreach (var id in safe)
        {
            access.Grant(system, safeUser.Id, ScopeKinds.Person, id.ToString(CultureInfo.InvariantCulture));
        }

        var family = await Create("family.support", "Fran Family", Role.FamilySupport, $"a caseload of {caseload.Count} people in early help families");
        foreach (var id in caseload)
        {
            access.Grant(system, family.Id, ScopeKinds.Person, id.ToString(CultureInfo.InvariantCulture));
        }

        var earlyYears = await Create("early.years", "Eden Early", Role.EarlyYears, setting is { } st ? $"children funded at {st.Name} ({st.Urn})" : "no setting found in the city");
        if (setting is { } se)
        {
            access.Grant(system, earlyYears.Id, ScopeKinds.Setting, se.Urn);
        }

        return created;
    }

    /// <summary>
    /// Creates a signed-up user as an administrator would: a random password, an authenticator key, two factors
    /// required and recovery codes; audited. Returns the user and the details a person would need to sign in.
    /// </summary>
    public static async Task<(HearthUser User, DemoUser Details)> CreateUserAsync(IServiceProvider services, string userName, string displayName, Role role, string scope, string createdBy)
    {
        ArgumentNullException.ThrowIfNull(services);
        var users = services.GetRequiredService<UserManager<HearthUser>>();
        var time = services.GetRequiredService<TimeProvider>();
        var system = new AccessContext("", "system", Role.Administrator, "setup");
        var password = string.Join('-', Totp.ToBase32(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10)).ToLowerInvariant().Chunk(4).Select(c => new string(c)));
        var user = new HearthUser { UserName = userName, DisplayName = displayName, Role = AccessPolicy.Name(role), CreatedAt = Timestamps.Format(time.GetUtcNow()), CreatedBy = createdBy };
        Check(await users.CreateAsync(user, password));
        Check(await users.ResetAuthenticatorKeyAsync(user));
        var key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("The new authenticator key was not stored.");
        Check(await users.SetTwoFactorEnabledAsync(user, true));
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, HearthUserManager.RecoveryCodeCount))?.ToList() ?? [];
        services.GetRequiredService<AuditLog>().Record(system, new AuditEvent(AuditActions.CreateUser, "user", user.Id, Detail: new { user = userName, role = AccessPolicy.Name(role) }));
        return (user, new DemoUser(userName, password, AccessPolicy.Name(role), scope, key, codes));
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Could not create a demo user: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    private static void PrintWelcome(WebApplication app, StoreLocation store, string usersFile)
    {
        var url = app.Urls.FirstOrDefault() ?? "http://localhost:5000";
        Console.WriteLine();
        Console.WriteLine($"Hearth portal: {url}   (store: {store.Display})");
        if (File.Exists(usersFile))
        {
            var users = JsonSerializer.Deserialize<List<DemoUser>>(File.ReadAllText(usersFile), Json) ?? [];
            Console.WriteLine("Demo users (synthetic data only). Add each TOTP secret to an authenticator app, or run: oathtool --totp -b SECRET");
            foreach (var user in users)
            {
                Console.WriteLine($"  {user.Username,-18} password {user.Password}   TOTP secret {user.TotpSecret}   {user.Role}: {user.Scope}");
            }

            Console.WriteLine($"The same details, with recovery codes, are in {usersFile}.");
        }

        Console.WriteLine("Press Ctrl+C to stop.");
    }

    /// <summary>Reports on the caller's thread, in order (Progress&lt;T&gt; posts to the thread pool and can reorder lines).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
