using System.CommandLine;
using System.Globalization;
using Hearth.Services.Ingestion;
using Hearth.Services.Persistence;
using Hearth.Synth;

namespace Hearth.Cli.Commands;

/// <summary><c>hearth bench</c>: measure the expensive jobs at city scale. Figures go in the README, never in a test.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure Hearth's expensive jobs at city scale (time and peak memory), and linking accuracy on public benchmarks.");
        bench.Subcommands.Add(Synth());
        bench.Subcommands.Add(Ingest());
        bench.Subcommands.Add(BenchMatchCommand.Create());
        bench.Subcommands.Add(BenchScoreCommand.Create());
        bench.Subcommands.Add(BenchPortalCommand.Create());
        bench.Subcommands.Add(BenchLinkCommands.Link());
        bench.Subcommands.Add(BenchLinkCommands.Truth());
        return bench;
    }

    private static Command Ingest()
    {
        var people = new Option<int>("--people") { Description = "Residents of the city to load.", DefaultValueFactory = _ => 250_000 };
        var seed = new Option<ulong>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 42 };
        var city = new Option<DirectoryInfo?>("--city") { Description = "Load this city (a folder from hearth synth) instead of generating one first." };
        var sqlite = new Option<bool>("--sqlite") { Description = "Load into a new SQLite file in the temporary folder.", DefaultValueFactory = _ => true };
        var postgres = new Option<string?>("--postgres") { Description = "Also load into PostgreSQL: a connection string for a server on which the bench creates, and afterwards drops, a database of its own." };
        var parallel = new Option<int?>("--parallel") { Description = "Feeds loaded at once (default as for hearth ingest)." };
        var command = new Command("ingest", "Time loading the whole city into a new store (rows read per second, every row accounted for), then reloading it unchanged.")
        {
            people, seed, city, sqlite, postgres, parallel,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var given = parse.GetValue(city);
            var directory = given?.FullName ?? Path.Combine(Path.GetTempPath(), "hearth-bench-" + Guid.NewGuid().ToString("N"));
            try
            {
                if (given is null)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generating a {parse.GetValue(people):N0}-person city (seed {parse.GetValue(seed)}); not timed"));
                    SynthCommand.Generate(new SynthOptions { People = parse.GetValue(people), Seed = parse.GetValue(seed) }, directory, quiet: true);
                }

                var feeds = Path.Combine(directory, "feeds");
                var definitions = FeedCatalogue.FindDefinitions(null);
                Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
                if (parse.GetValue(sqlite))
                {
                    var file = Path.Combine(Path.GetTempPath(), "hearth-bench-" + Guid.NewGuid().ToString("N") + ".db");
                    try
                    {
                        Measure(StoreLocation.Parse(file), feeds, definitions, parse.GetValue(parallel));
                    }
                    finally
                    {
                        foreach (var leftover in new[] { file, file + "-wal", file + "-shm" }.Where(File.Exists))
                        {
                            File.Delete(leftover);
                        }
                    }
                }

                if (parse.GetValue(postgres) is { } server)
                {
                    using var database = BenchDatabase.Create(server);
                    Measure(StoreLocation.Parse(database.ConnectionString), feeds, definitions, parse.GetValue(parallel));
                    Console.WriteLine($"postgres: {database.ServerSettings}");
                }

                return 0;
            }
            finally
            {
                if (given is null && Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
        }));
        return command;
    }

    private static void Measure(StoreLocation store, string feeds, string definitions, int? parallel)
    {
        var service = new IngestService(store, TimeProvider.System);
        var command = new Hearth.Services.Ingestion.IngestCommand(feeds, definitions) { Parallelism = parallel };
        var provider = store.Provider == StoreProvider.Sqlite ? "SQLite" : "PostgreSQL";
        var first = service.Ingest(command);
        var again = service.Ingest(command);
        if (!first.Succeeded || first.Feeds.Any(f => f.Read != f.Loaded + f.Quarantined) || again.Feeds.Any(f => f.Status != LoadStatus.Unchanged))
        {
            throw new InvalidOperationException($"The {provider} load did not complete cleanly: {string.Join("; ", first.Feeds.Where(f => f.Error is not null).Select(f => $"{f.Feed}: {f.Error}"))}");
        }

        var rowsPerSecond = first.RowsRead / first.Seconds;
        var parallelism = parallel ?? IngestService.DefaultParallelism(store);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{provider}: {first.RowsRead:N0} rows from {first.Feeds.Count} feeds in {first.Seconds:0.0} s = {rowsPerSecond:N0} rows/s ({parallelism} at once); unchanged reload {again.Seconds:0.0} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"README row: | {provider} | {first.RowsRead:N0} | {first.Seconds:0.0} s | {rowsPerSecond:N0} | {again.Seconds:0.0} s |"));
    }

    /// <summary>A database of the bench's own on a PostgreSQL server, dropped afterwards.</summary>
    private sealed class BenchDatabase : IDisposable
    {
        private readonly string _server;
        private readonly string _name;

        private BenchDatabase(string server, string name, string connectionString, string settings)
        {
            _server = server;
            _name = name;
            ConnectionString = connectionString;
            ServerSettings = settings;
        }

        public string ConnectionString { get; }

        public string ServerSettings { get; }

        public static BenchDatabase Create(string server)
        {
            var name = "hearth_bench_" + Guid.NewGuid().ToString("N")[..12];
            using var connection = new Npgsql.NpgsqlConnection(server);
            connection.Open();
            using (var create = connection.CreateCommand())
            {
                create.CommandText = $"CREATE DATABASE {name}";
                create.ExecuteNonQuery();
            }

            var settings = new List<string>();
            foreach (var setting in new[] { "server_version", "shared_buffers", "max_wal_size", "synchronous_commit", "wal_compression", "fsync" })
            {
                using var show = connection.CreateCommand();
                show.CommandText = "SHOW " + setting;
                settings.Add($"{setting}={show.ExecuteScalar()}");
            }

            var builder = new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name };
            return new BenchDatabase(server, name, builder.ConnectionString, string.Join(", ", settings));
        }

        public void Dispose()
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            using var connection = new Npgsql.NpgsqlConnection(_server);
            connection.Open();
            using var drop = connection.CreateCommand();
            drop.CommandText = $"DROP DATABASE IF EXISTS {_name} WITH (FORCE)";
            drop.ExecuteNonQuery();
        }
    }

    private static Command Synth()
    {
        var people = new Option<int>("--people") { Description = "Residents at the start of the window.", DefaultValueFactory = _ => 250_000 };
        var seed = new Option<ulong>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 42 };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Keep the city in this folder (default: a temporary folder, deleted afterwards)." };
        var command = new Command("synth", "Time the synthetic city generator and report its peak memory.") { people, seed, output };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var keep = parse.GetValue(output);
            var directory = keep?.FullName ?? Path.Combine(Path.GetTempPath(), "hearth-bench-" + Guid.NewGuid().ToString("N"));
            try
            {
                var summary = SynthCommand.Generate(new SynthOptions { People = parse.GetValue(people), Seed = parse.GetValue(seed) }, directory, quiet: true);
                var bytes = summary.Feeds.Sum(f => f.Bytes);
                var records = summary.Feeds.Sum(f => f.Records);
                var peakMegabytes = summary.PeakWorkingSetBytes / 1_048_576.0;
                // Plain lines, so that a log or a pipe keeps every figure on one line.
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"people: {summary.PeopleAtStart:N0}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seconds: {summary.Seconds:0.0}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set: {peakMegabytes:N0} MB"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"feed records: {records:N0} ({bytes / 1_048_576.0:N0} MB in {summary.Feeds.Count} feeds)"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"records/s: {records / summary.Seconds:N0}"));
                Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"README row: | {summary.PeopleAtStart:N0} | {summary.Seconds:0.0} s | {peakMegabytes:N0} MB | {records:N0} | {bytes / 1_048_576.0:N0} MB |"));
                return 0;
            }
            finally
            {
                if (keep is null && Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
        }));
        return command;
    }
}
