using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hearth.Core.Security;

namespace Hearth.Cli.Commands;

/// <summary>
/// <c>hearth bench portal</c>: the person view under load. Signs in each benchmark user over HTTP exactly as a
/// person would (password, then the TOTP code), then runs one <c>hey</c> (Debian's HTTP load generator) per user,
/// all at once and without think time, each loading that user's pupil's single view with its own session cookie;
/// the latencies of every request from every user are pooled for the percentiles.
/// </summary>
internal static partial class BenchPortalCommand
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record BenchUser(string Username, string Password, string TotpSecret, string School, long PersonId);

    private sealed record Sample(double Seconds, int Status);

    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "The running portal, for example http://127.0.0.1:5080.", Required = true };
        var users = new Option<FileInfo>("--users") { Description = "bench-users.json, written by the portal when started with Hearth__Demo__BenchUsers=N.", Required = true };
        var duration = new Option<int>("--duration") { Description = "Seconds of measured load.", DefaultValueFactory = _ => 60 };
        var warmup = new Option<int>("--warmup") { Description = "Seconds of the same load first, not measured (JIT, caches, connection pools).", DefaultValueFactory = _ => 15 };
        var hey = new Option<string>("--hey") { Description = "The hey binary (apt-get install hey).", DefaultValueFactory = _ => "hey" };
        var command = new Command("portal", "Time the person single view with every benchmark user signed in and loading their pupil's page at once, with no pause between requests: requests per second, errors, and the 50th, 95th and 99th percentile latencies.")
        {
            url, users, duration, warmup, hey,
        };
        command.SetAction((parse, _) => CommandRunner.RunAsync(async () =>
        {
            var baseUri = new Uri(parse.GetValue(url)!.TrimEnd('/') + "/");
            var list = JsonSerializer.Deserialize<List<BenchUser>>(await File.ReadAllTextAsync(parse.GetValue(users)!.FullName), Json) ?? [];
            if (list.Count == 0)
            {
                throw new ArgumentException("The users file lists no users.");
            }

            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
            Console.WriteLine($"signing in {list.Count} users at {baseUri}...");
            var sessions = new List<(BenchUser User, string Cookie)>();
            foreach (var user in list)
            {
                sessions.Add((user, await SignInAsync(baseUri, user)));
            }

            var heyPath = parse.GetValue(hey)!;
            Console.WriteLine($"warming up for {parse.GetValue(warmup)} s...");
            await LoadAsync(heyPath, baseUri, sessions, parse.GetValue(warmup));
            Console.WriteLine($"measuring for {parse.GetValue(duration)} s...");
            var samples = await LoadAsync(heyPath, baseUri, sessions, parse.GetValue(duration));
            Print(samples, list.Count, parse.GetValue(duration));
            return samples.Any(s => s.Status != 200) ? 1 : 0;
        }));
        return command;
    }

    /// <summary>Signs in with password and code, checks the user can open their pupil's page, and returns the session's Cookie header.</summary>
    private static async Task<string> SignInAsync(Uri baseUri, BenchUser user)
    {
        try
        {
            return await SignInOnceAsync(baseUri, user);
        }
        catch (CodeRefusedException)
        {
            // Each code works once (replay protection), so a user signed in by an earlier run in the same 30 seconds
            // must wait for the next code, as a person would.
            var wait = Totp.StepSeconds - (DateTimeOffset.UtcNow.ToUnixTimeSeconds() % Totp.StepSeconds) + 1;
            await Task.Delay(TimeSpan.FromSeconds(wait));
            return await SignInOnceAsync(baseUri, user);
        }
    }

    private sealed class CodeRefusedException(string message) : InvalidOperationException(message);

    private static async Task<string> SignInOnceAsync(Uri baseUri, BenchUser user)
    {
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = baseUri };
        using var password = await SubmitAsync(client, "sign-in", new(StringComparer.Ordinal) { ["UserName"] = user.Username, ["Password"] = user.Password });
        var codePage = password.Headers.Location?.OriginalString;
        if (password.StatusCode != HttpStatusCode.Redirect || codePage is null || !codePage.StartsWith("/sign-in/code", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{user.Username}: the password was not accepted ({(int)password.StatusCode}). "
                + (password.StatusCode == HttpStatusCode.TooManyRequests ? "The portal's sign-in rate limit was reached: start it with Hearth__RateLimit__SignInPerFiveMinutes above twice the number of users." : "Was the portal started on the store the users file came from?"));
        }

        var code = Totp.Code(Totp.FromBase32(user.TotpSecret), Totp.StepAt(DateTimeOffset.UtcNow));
        using var signedIn = await SubmitAsync(client, codePage.TrimStart('/'), new(StringComparer.Ordinal) { ["Code"] = code });
        if (signedIn.StatusCode != HttpStatusCode.Redirect)
        {
            throw new CodeRefusedException($"{user.Username}: the TOTP code was not accepted ({(int)signedIn.StatusCode}). Is this machine's clock right?");
        }

        using var page = await client.GetAsync(PersonPath(user));
        if (page.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{user.Username}: their pupil's page {PersonPath(user)} answered {(int)page.StatusCode}, not 200.");
        }

        return cookies.GetCookieHeader(baseUri);
    }

    private static string PersonPath(BenchUser user) => "people/" + user.PersonId.ToString(CultureInfo.InvariantCulture);

    /// <summary>GETs a form page and POSTs its form with its hidden fields (the antiforgery token) and the given ones.</summary>
    private static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string path, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(path);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match input in HiddenInput().Matches(html))
        {
            var name = Attribute(input.Value, "name");
            if (name is not null)
            {
                values[name] = WebUtility.HtmlDecode(Attribute(input.Value, "value") ?? "");
            }
        }

        foreach (var (key, value) in fields)
        {
            values[key] = value;
        }

        using var form = new FormUrlEncodedContent(values);
        return await client.PostAsync(path, form);
    }

    private static string? Attribute(string tag, string name) =>
        TagAttribute().Matches(tag).FirstOrDefault(m => m.Groups["name"].Value == name)?.Groups["value"].Value;

    [GeneratedRegex("""<input\b[^>]*\btype="hidden"[^>]*>""", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex HiddenInput();

    [GeneratedRegex(@"\b(?<name>[a-zA-Z_-]+)=""(?<value>[^""]*)""", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex TagAttribute();

    /// <summary>One hey per user, all at once, each with one connection and no pause; returns every request's latency and status.</summary>
    private static async Task<List<Sample>> LoadAsync(string hey, Uri baseUri, List<(BenchUser User, string Cookie)> sessions, int seconds)
    {
        var processes = sessions.Select(s =>
        {
            var start = new ProcessStartInfo(hey) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "-z", $"{seconds}s", "-c", "1", "-o", "csv", "-disable-redirects", "-H", "Cookie: " + s.Cookie, new Uri(baseUri, PersonPath(s.User)).ToString() })
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {hey}.");
            return (Process: process, Output: process.StandardOutput.ReadToEndAsync(), Error: process.StandardError.ReadToEndAsync());
        }).ToList();
        var samples = new List<Sample>();
        foreach (var (process, output, error) in processes)
        {
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{hey} failed ({process.ExitCode}): {await error}");
            }

            // hey's CSV: response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset
            foreach (var line in (await output).Split('\n').Skip(1).Where(l => l.Length > 0))
            {
                var fields = line.Split(',');
                samples.Add(new Sample(double.Parse(fields[0], CultureInfo.InvariantCulture), int.Parse(fields[6], CultureInfo.InvariantCulture)));
            }

            process.Dispose();
        }

        return samples;
    }

    private static void Print(List<Sample> samples, int users, int seconds)
    {
        var sorted = samples.Select(s => s.Seconds * 1000).Order().ToArray();
        double At(double percentile) => sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        var errors = samples.Count(s => s.Status != 200);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{users} users, {samples.Count:N0} requests in {seconds} s ({samples.Count / (double)seconds:0.0} per second), {errors:N0} not 200"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"latency: p50 {At(50):0} ms, p95 {At(95):0} ms, p99 {At(99):0} ms, max {sorted.LastOrDefault():0} ms"));
        foreach (var status in samples.Where(s => s.Status != 200).GroupBy(s => s.Status).OrderBy(g => g.Key))
        {
            Console.WriteLine($"  status {status.Key}: {status.Count():N0}");
        }
    }
}
