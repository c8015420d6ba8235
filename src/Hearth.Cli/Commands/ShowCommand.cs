using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Hearth.Services.Access;
using Hearth.Services.Audit;
using Hearth.Services.Groups;
using Hearth.Services.Persistence;
using Spectre.Console;

namespace Hearth.Cli.Commands;

/// <summary><c>hearth show person|family ID</c>: a person's homes, groups and links, or a group's members, with the evidence. Audited.</summary>
internal static class ShowCommand
{
    public const int NotFound = 3;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create()
    {
        var command = new Command("show", "Show a person or a family (any group) with members, relationships and the evidence behind every link. Every look is written to the audit.");
        command.Subcommands.Add(Person());
        command.Subcommands.Add(Family());
        return command;
    }

    private static Command Person()
    {
        var store = StoreOption.Create();
        var json = new Option<bool>("--json") { Description = "Print as JSON." };
        var id = new Argument<long>("GOLDEN_ID") { Description = "The person's golden id." };
        var command = new Command("person", "A person's homes over time, their groups and roles, and every link to another person with its evidence.") { store, json, id };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var (inspection, access) = Open(parse.GetValue(store));
            var person = inspection.Person(access, parse.GetValue(id));
            if (person is null)
            {
                AnsiConsole.MarkupLine($"[red]There is no current person {parse.GetValue(id)}.[/]");
                return NotFound;
            }

            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(person, Json));
                return 0;
            }

            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(person.Name)}[/] (person {person.GoldenId}), born {Markup.Escape(person.DateOfBirth ?? "unknown")}");
            var homes = new Table().Border(TableBorder.Rounded).Title("Homes").AddColumns("UPRN", "Address", "From", "To", "Evidence");
            foreach (var r in person.Residences)
            {
                homes.AddRow(r.Uprn.ToString(CultureInfo.InvariantCulture), Markup.Escape(r.Address ?? ""), r.From, r.IsCurrent ? "[green]now[/]" : Markup.Escape(r.To ?? ""), Markup.Escape(Evidence(r.Evidence)));
            }

            AnsiConsole.Write(homes);
            var groups = new Table().Border(TableBorder.Rounded).Title("Groups").AddColumns("Group", "Layer", "Role", "From", "To");
            foreach (var g in person.Groups)
            {
                groups.AddRow(g.GroupId.ToString(CultureInfo.InvariantCulture), g.Layer, g.Role, g.From ?? "", g.To ?? "[green]now[/]");
            }

            AnsiConsole.Write(groups);
            WriteLinks("Links to other people", person.Links, self: true);
            return 0;
        }));
        return command;
    }

    private static Command Family()
    {
        var store = StoreOption.Create();
        var json = new Option<bool>("--json") { Description = "Print as JSON." };
        var id = new Argument<long>("GROUP_ID") { Description = "The family's (or any group's) id." };
        var command = new Command("family", "A family or any other group: its members now and before with their roles, the evidence edges that hold it together, the links between its members, and its history of joins and leaves.") { store, json, id };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var (inspection, access) = Open(parse.GetValue(store));
            var group = inspection.Group(access, parse.GetValue(id));
            if (group is null)
            {
                AnsiConsole.MarkupLine($"[red]There is no group {parse.GetValue(id)}.[/]");
                return NotFound;
            }

            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(group, Json));
                return 0;
            }

            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(group.Layer)} {group.Id}[/] ({group.Kind}){(group.Uprn is { } u ? $" at UPRN {u}" : "")}{(group.RetiredInRun is { } r ? $", [yellow]retired in run {r}[/]" : "")}");
            var members = new Table().Border(TableBorder.Rounded).Title("Members").AddColumns("Person", "Name", "Born", "Role", "From", "To");
            foreach (var m in group.Members)
            {
                members.AddRow(m.GoldenId.ToString(CultureInfo.InvariantCulture), Markup.Escape(m.Name), m.DateOfBirth ?? "", m.Role, m.From ?? "", m.To ?? "[green]now[/]");
            }

            AnsiConsole.Write(members);
            if (group.Edges.Count > 0)
            {
                var edges = new Table().Border(TableBorder.Rounded).Title("Why they are grouped").AddColumns("Between", "Weight", "Evidence");
                foreach (var e in group.Edges)
                {
                    edges.AddRow($"{e.Left} and {e.Right}", e.Weight.ToString("0.##", CultureInfo.InvariantCulture), Markup.Escape(Evidence(e.Evidence)));
                }

                AnsiConsole.Write(edges);
            }

            WriteLinks("Links between members", group.LinksBetweenMembers, self: false);
            var history = new Table().Border(TableBorder.Rounded).Title("History").AddColumns("Run", "As of", "Change", "Person", "Role");
            foreach (var c in group.Changes)
            {
                history.AddRow(c.RunId.ToString(CultureInfo.InvariantCulture), c.AsOf, c.Change, c.GoldenId?.ToString(CultureInfo.InvariantCulture) ?? "", c.Role ?? "");
            }

            AnsiConsole.Write(history);
            return 0;
        }));
        return command;
    }

    private static void WriteLinks(string title, IReadOnlyList<LinkRow> links, bool self)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(title).AddColumns(self ? "Other person" : "Between", "Link", "Source", "From", "To", "Confidence", "Evidence");
        foreach (var l in links)
        {
            table.AddRow(Markup.Escape(self ? $"{l.OtherId} {l.OtherName} ({l.Direction})" : $"{l.Direction} {l.OtherId} {l.OtherName}"), l.Type, l.Feed, l.From ?? "", l.To ?? "",
                l.Confidence.ToString("0.00", CultureInfo.InvariantCulture), Markup.Escape(Evidence(l.Evidence)));
        }

        AnsiConsole.Write(table);
    }

    private static string Evidence(IReadOnlyList<string> evidence) => evidence.Count <= 3 ? string.Join("; ", evidence) : string.Join("; ", evidence.Take(3)) + $"; and {evidence.Count - 3} more";

    /// <summary>The command line acts as a local administrator, named by the operating system's user, and its looks are audited like the portal's.</summary>
    private static (GroupInspection Inspection, AccessContext Access) Open(string? storeText)
    {
        var location = StoreLocation.Parse(storeText);
        Migrator.Upgrade(location, TimeProvider.System);
        var audit = new AuditLog(location, TimeProvider.System, new AuditHead(AuditHead.DefaultFor(location)));
        return (new GroupInspection(audit), new AccessContext("", "cli:" + Environment.UserName, Role.Administrator, "command line"));
    }
}
