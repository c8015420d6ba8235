using System.CommandLine;
using Hearth.Services.Persistence;

namespace Hearth.Cli.Commands;

/// <summary>The --store option every command that touches the store takes.</summary>
internal static class StoreOption
{
    public static Option<string> Create() => new("--store")
    {
        Description = $"The store: a SQLite file path, or a PostgreSQL connection string (Host=...;Database=...;Username=...). Default: {StoreLocation.DefaultPath}.",
        DefaultValueFactory = _ => StoreLocation.DefaultPath,
    };
}
