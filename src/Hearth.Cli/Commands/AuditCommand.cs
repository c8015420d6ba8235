using System.CommandLine;
using Hearth.Services.Audit;
using Hearth.Services.Persistence;
using Spectre.Console;

namespace Hearth.Cli.Commands;

/// <summary><c>hearth audit verify</c>: checks the audit hash chain and its head outside the database.</summary>
internal static class AuditCommand
{
    public const int Tampered = 1;

    public static Command Create()
    {
        var store = StoreOption.Create();
        var head = new Option<FileInfo?>("--head") { Description = "The chain's head written outside the database. Default: beside a SQLite store (<store>.audit-head), or data/audit-head-<host>-<port>-<database>.txt for PostgreSQL." };
        var verify = new Command("verify", "Check every audit entry: detects any entry altered, removed or reordered, and a chain cut short or rewritten against its head. Exit code 1 when the audit has been tampered with.")
        {
            store, head,
        };
        verify.SetAction(parse => CommandRunner.Run(() =>
        {
            var location = StoreLocation.Parse(parse.GetValue(store));
            var headPath = parse.GetValue(head)?.FullName ?? AuditHead.DefaultFor(location);
            var auditHead = new AuditHead(headPath);
            var result = new AuditLog(location, TimeProvider.System, auditHead).Verify();
            if (result.Intact)
            {
                var known = auditHead.Read();
                AnsiConsole.MarkupLine($"[green]The audit is intact:[/] {result.Entries:N0} entries in {Markup.Escape(location.Display)}" +
                    (known is { } h ? $", up to and past the head written outside the database (entry {h.Sequence:N0})." : $"; [yellow]no head found at {Markup.Escape(headPath)}[/], so truncation from the end cannot be checked."));
                return 0;
            }

            AnsiConsole.MarkupLine($"[red]The audit has been tampered with[/] ({result.Entries:N0} entries read from {Markup.Escape(location.Display)}):");
            foreach (var problem in result.Problems.Take(50))
            {
                AnsiConsole.MarkupLine("  " + Markup.Escape(problem));
            }

            if (result.Problems.Count > 50)
            {
                AnsiConsole.MarkupLine($"  ... and {result.Problems.Count - 50:N0} more.");
            }

            return Tampered;
        }));
        return new Command("audit", "The portal's audit log: who looked at what, when, from where and why.") { verify };
    }
}
