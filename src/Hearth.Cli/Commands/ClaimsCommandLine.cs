using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hearth.Services.Persistence;
using Hearth.Services.Rules;
using Spectre.Console;

namespace Hearth.Cli.Commands;

/// <summary><c>hearth claims</c>: the Supporting Families results claims the last scoring run judged, with the reasons, and the claims extract.</summary>
internal static partial class ClaimsCommandLine
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create()
    {
        var store = StoreOption.Create();
        var ruleSet = new Option<string>("--rule-set") { Description = "The family rule set with claims settings.", DefaultValueFactory = _ => "supporting-families" };
        var status = new Option<string?>("--status") { Description = "Only claims of this status: claimable, pending or not_claimable." };
        var csv = new Option<FileInfo?>("--csv") { Description = "Write the claims (of --status, default claimable) to this CSV file: family, case, dates, needs, outcomes, tariff and rule version." };
        var json = new Option<bool>("--json") { Description = "Print the claims as JSON, with every need's reasons and every outcome test." };
        var command = new Command("claims", "The Supporting Families results claims the last hearth score judged, one per early help episode: claimable (every need found at the whole-family assessment met at closure and every month for 6 months after), pending or not claimable, with the reasons. Advisory: a person checks the case file, and the internal audit decides.")
        {
            store, ruleSet, status, csv, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var wanted = parse.GetValue(status);
            if (wanted is not null and not ("claimable" or "pending" or "not_claimable"))
            {
                throw new ArgumentException("--status must be claimable, pending or not_claimable.");
            }

            var service = new ScoreService(StoreLocation.Parse(parse.GetValue(store)), TimeProvider.System);
            var name = parse.GetValue(ruleSet)!;
            var all = service.Claims(name);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(all.Where(c => wanted is null || c.Status == wanted).Select(c => new
                {
                    c.FamilyId,
                    c.CaseId,
                    c.Status,
                    c.IdentifiedOn,
                    c.ClosedOn,
                    c.ClaimableFrom,
                    c.NextCheck,
                    c.Tariff,
                    c.RuleSet,
                    c.Version,
                    c.AsOf,
                    Needs = JsonDocument.Parse(c.Needs).RootElement,
                    Outcomes = JsonDocument.Parse(c.Outcomes).RootElement,
                    Problems = JsonDocument.Parse(c.Problems).RootElement,
                }), Json));
                return 0;
            }

            if (all.Count == 0)
            {
                AnsiConsole.MarkupLine(Markup.Escape($"No claims are stored for {name}: run hearth score first (the rule set needs claims settings and the store early help episodes)."));
                return 0;
            }

            var table = new Table().AddColumns("status", "episodes", "tariff");
            foreach (var group in all.GroupBy(c => c.Status, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                table.AddRow(group.Key, N(group.Count()), group.Key == "claimable" ? "£" + group.Sum(c => c.Tariff).ToString("N0", CultureInfo.InvariantCulture) : "");
            }

            AnsiConsole.MarkupLine(Markup.Escape($"{name} {all[0].Version}, judged as at {all[0].AsOf} (score run {all[0].RunId}):"));
            AnsiConsole.Write(table);
            // Why episodes are not claimable, by the kind of problem (the text before any date or number).
            var why = all.Where(c => c.Status == "not_claimable")
                .SelectMany(c => JsonSerializer.Deserialize<List<string>>(c.Problems, Json) ?? [])
                .GroupBy(Kind, StringComparer.Ordinal).OrderByDescending(g => g.Count()).Take(10).ToList();
            if (why.Count > 0)
            {
                AnsiConsole.MarkupLine("Why episodes are not claimable (an episode can have several reasons):");
                foreach (var reason in why)
                {
                    AnsiConsole.MarkupLine(Markup.Escape($"  {N(reason.Count()),7}  {reason.Key}"));
                }
            }

            if (parse.GetValue(csv) is { } file)
            {
                var rows = all.Where(c => c.Status == (wanted ?? "claimable")).ToList();
                File.WriteAllText(file.FullName, Csv(rows), new UTF8Encoding(false));
                AnsiConsole.MarkupLine(Markup.Escape($"Wrote {N(rows.Count)} {wanted ?? "claimable"} claims to {file.FullName}."));
            }

            AnsiConsole.MarkupLine("Claims are advisory: check the case file, and make a claim only after the internal audit.");
            return 0;
        }));
        return command;
    }

    /// <summary>A problem's kind: its words with dates and numbers taken out, so that like problems count together.</summary>
    private static string Kind(string problem) => Number().Replace(Date().Replace(problem, "(date)"), "N");

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Date();

    [GeneratedRegex(@"\d+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Number();

    private static string Csv(IEnumerable<StoredClaim> claims)
    {
        var text = new StringBuilder("family_id,case_id,status,identified_on,closed_on,claimable_from,needs,outcomes_sustained,tariff,rule_set,rule_version,as_of\n");
        foreach (var c in claims)
        {
            var needs = JsonSerializer.Deserialize<List<NeedRow>>(c.Needs, Json) ?? [];
            var outcomes = JsonSerializer.Deserialize<List<OutcomeRow>>(c.Outcomes, Json) ?? [];
            string[] cells =
            [
                c.FamilyId.ToString(CultureInfo.InvariantCulture), c.CaseId, c.Status, c.IdentifiedOn ?? "", c.ClosedOn ?? "", c.ClaimableFrom ?? "",
                string.Join(' ', needs.Select(n => n.Headline)), string.Join(' ', outcomes.Where(o => o.Sustained).Select(o => o.Headline)),
                c.Tariff.ToString("0.00", CultureInfo.InvariantCulture), c.RuleSet, c.Version, c.AsOf,
            ];
            text.AppendJoin(',', cells.Select(Quote)).Append('\n');
        }

        return text.ToString();
    }

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private sealed record NeedRow(string Headline);

    private sealed record OutcomeRow(string Headline, bool Sustained);
}
