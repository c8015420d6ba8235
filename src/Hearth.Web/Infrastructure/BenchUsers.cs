using System.Globalization;
using System.Text.Json;
using Dapper;
using Hearth.Services.Access;
using Hearth.Services.Identity;
using Hearth.Services.Persistence;
using Microsoft.AspNetCore.Identity;

namespace Hearth.Web.Infrastructure;

/// <summary>One benchmark user: how to sign in, and the pupil of their school whose single view they load.</summary>
public sealed record BenchUser(string Username, string Password, string TotpSecret, string School, long PersonId);

/// <summary>
/// The users of the person-view load benchmark (<c>hearth bench portal</c>): head teachers of the city's largest
/// schools, each with a school scope as a real head teacher has, so that every request goes through the same
/// need-to-know filter and audit as in use. Created only when Hearth:Demo:BenchUsers is set.
/// </summary>
public static class BenchUsers
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Where the benchmark users' details are written: beside demo-users.json.</summary>
    public static string FileFor(string demoUsersFile) => Path.Combine(Path.GetDirectoryName(demoUsersFile)!, "bench-users.json");

    /// <summary>Creates the users on the first start that asks for them; a later start finds them and does nothing.</summary>
    public static async Task EnsureAsync(IServiceProvider services, int count, string file)
    {
        ArgumentNullException.ThrowIfNull(services);
        var users = services.GetRequiredService<UserManager<HearthUser>>();
        if (await users.FindByNameAsync(Name(0)) is not null)
        {
            return;
        }

        var store = services.GetRequiredService<StoreLocation>();
        var access = services.GetRequiredService<AccessService>();
        var system = new AccessContext("", "system", Role.Administrator, "setup");
        var schools = Schools(store);
        if (schools.Count == 0)
        {
            throw new InvalidOperationException("The store has no current school census, so there are no head teachers to benchmark.");
        }

        var created = new List<BenchUser>();
        for (var i = 0; i < count; i++)
        {
            // Spread the users over the schools, and within a school over its pupils from the middle of the list,
            // so that no two users look at the same child.
            var (laestab, pupils) = schools[i % schools.Count];
            var pupil = pupils[((pupils.Count / 2) + (i / schools.Count)) % pupils.Count];
            var (user, details) = await DemoSetup.CreateUserAsync(services, Name(i), $"Bench Head {i + 1}", Role.SchoolLead, $"pupils of LAESTAB {laestab}", "bench setup");
            access.Grant(system, user.Id, ScopeKinds.School, laestab);
            created.Add(new BenchUser(details.Username, details.Password, details.TotpSecret, laestab, pupil));
        }

        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(created, Json));
        Console.WriteLine($"Created {created.Count} benchmark users; their sign-in details are in {file}.");
    }

    private static string Name(int index) => "bench." + (index + 1).ToString("000", CultureInfo.InvariantCulture);

    /// <summary>The schools with a current census, largest first, each with its pupils' golden records in id order.</summary>
    private static List<(string Laestab, List<long> Pupils)> Schools(StoreLocation store)
    {
        using var connection = store.Open();
        var laestab = store.Provider == StoreProvider.Sqlite ? "json_extract(e.attributes, '$.la_estab')" : "(e.attributes::json ->> 'la_estab')";
        var rows = connection.Query<(string Laestab, long GoldenId)>(
            $"""
            SELECT DISTINCT {laestab}, gm.golden_id FROM golden_members gm JOIN person_records p ON p.id = gm.person_record_id
            JOIN golden_records g ON g.id = gm.golden_id
            JOIN events e ON e.record_id = p.record_id AND e.person_slot = p.slot
            WHERE e.feed = 'school_census' AND e.is_current = TRUE AND g.retired_run_id IS NULL AND {laestab} IS NOT NULL
            """);
        return rows.GroupBy(r => r.Laestab, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Select(r => r.GoldenId).Order().ToList()))
            .OrderByDescending(s => s.Item2.Count).ThenBy(s => s.Key, StringComparer.Ordinal)
            .ToList();
    }
}
