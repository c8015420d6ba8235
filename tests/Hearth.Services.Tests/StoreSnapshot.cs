using Dapper;
using Hearth.Services.Persistence;

namespace Hearth.Services.Tests;

/// <summary>
/// Everything a store holds, reduced to a comparable fingerprint per table (row count and an order-independent digest
/// of every row), so a test can assert that an action changed nothing.
/// </summary>
public sealed record StoreSnapshot(IReadOnlyDictionary<string, (long Rows, string Digest)> Tables)
{
    private static readonly string[] TableNames =
        ["feeds", "loads", "records", "person_records", "events", "relationships", "properties", "schools", "quarantine", "dq_attributes", "dq_reasons", "schema_migrations"];

    public static StoreSnapshot Of(StoreLocation store)
    {
        using var connection = store.Open();
        var tables = new Dictionary<string, (long, string)>(StringComparer.Ordinal);
        foreach (var table in TableNames)
        {
            var rows = connection.Query(store.Provider == StoreProvider.Postgres ? $"SELECT t::text AS row FROM {table} t" : $"SELECT * FROM {table}")
                .Select(r => string.Join("|", ((IDictionary<string, object?>)r).Values.Select(v => v?.ToString() ?? "∅")))
                .Order(StringComparer.Ordinal)
                .ToList();
            tables[table] = (rows.Count, Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", rows))))[..16]);
        }

        return new StoreSnapshot(tables);
    }

    public void ShouldEqual(StoreSnapshot other)
    {
        foreach (var (table, value) in Tables)
        {
            other.Tables[table].ShouldBe(value, $"table {table} changed");
        }
    }
}
