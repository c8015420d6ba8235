using Hearth.Services.Persistence;

namespace Hearth.Services.Tests;

/// <summary>Every store test runs on both stores: the embedded SQLite default and PostgreSQL.</summary>
public static class Providers
{
    public static TheoryData<StoreProvider> Both => [StoreProvider.Sqlite, StoreProvider.Postgres];
}
