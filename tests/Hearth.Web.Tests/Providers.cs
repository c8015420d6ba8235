using Hearth.Services.Persistence;

namespace Hearth.Web.Tests;

public static class Providers
{
    public static TheoryData<StoreProvider> Both => [StoreProvider.Sqlite, StoreProvider.Postgres];
}
