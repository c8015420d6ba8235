using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Hearth.Services.Persistence;
using Hearth.Services.Rules;

namespace Hearth.Cli.Commands;

/// <summary><c>hearth bench score</c>: time scoring a whole matched and grouped city with every rule set, and scoring it again.</summary>
internal static class BenchScoreCommand
{
    public static Command Create()
    {
        var store = new Option<string>("--store") { Description = "A matched and grouped store (hearth match, hearth groups): a SQLite path or a PostgreSQL connection string. The runs write their scores to it, as hearth score does.", Required = true };
        var asOf = new Option<string>("--as-of") { Description = "Score as at this date (yyyy-MM-dd), for example the city's extract date.", Required = true };
        var runs = new Option<int>("--runs") { Description = "Runs after the first (each scores everything again; nothing has changed, so they write no history).", DefaultValueFactory = _ => 2 };
        var command = new Command("score", "Time scoring every current golden record and every family with every rule set in config/rules (the first run, then unchanged re-runs), then a changed-only run for the next day, with the seconds per stage and the peak working set.")
        {
            store, asOf, runs,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var location = StoreLocation.Parse(parse.GetValue(store));
            var date = DateOnly.TryParseExact(parse.GetValue(asOf), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
                : throw new ArgumentException("--as-of must be a date as yyyy-MM-dd.");
            var sets = RuleCatalogue.Load();
            var service = new ScoreService(location, TimeProvider.System);
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
            Console.WriteLine($"store: {location.Display}; rule sets: {string.Join(", ", sets.Select(s => $"{s.Name} {s.Version} ({s.Definition.Subject.ToString().ToLowerInvariant()})"))}");
            for (var run = 0; run <= parse.GetValue(runs); run++)
            {
                var result = service.Score(new ScoreCommand("bench") { AsOf = date, RuleSets = sets });
                var people = result.RuleSets.Where(r => sets.Single(s => s.Name == r.RuleSet).Definition.Subject == Hearth.Core.Rules.RuleSubject.Person).Sum(r => r.Scored);
                var families = result.RuleSets.Where(r => sets.Single(s => s.Name == r.RuleSet).Definition.Subject == Hearth.Core.Rules.RuleSubject.Family).Sum(r => r.Scored);
                var stages = string.Join(", ", result.Stages.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {s.Value:0.0} s")));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"run {run + 1}{(run == 0 ? " (first)" : " (unchanged)")}: {result.Seconds:0.0} s ({stages}); {result.Subjects:N0} golden records, {people:N0} person scores, {families:N0} family scores, {result.HistoryRows:N0} history rows, {result.Alerts:N0} alerts"));
            }

            // A daily run: the next day, scoring only what the day's move of every window (and any new data) changed.
            var daily = service.Score(new ScoreCommand("bench") { AsOf = date.AddDays(1), RuleSets = sets, ChangedOnly = true });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"next day, --changed: {daily.Seconds:0.0} s ({string.Join(", ", daily.Stages.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {s.Value:0.0} s")))}); {daily.Mode}{(daily.FullBecause is null ? "" : " because " + daily.FullBecause)}: {daily.PeopleInScope:N0} people and {daily.FamiliesInScope:N0} families in scope, {daily.HistoryRows:N0} history rows"));
            var peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1_048_576.0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set: {peak:N0} MB"));
            return 0;
        }));
        return command;
    }
}
