namespace Hearth.TestCommon;

/// <summary>
/// What the tests may use from the machine, and what happens when it is missing: a loud skip locally, a failure in CI
/// (HEARTH_REQUIRE_ALL=1), so that nothing silently goes untested.
/// </summary>
public static class TestEnvironment
{
    /// <summary>True in CI: every test must run.</summary>
    public static bool RequireAll => Environment.GetEnvironmentVariable("HEARTH_REQUIRE_ALL") == "1";

    /// <summary>The PostgreSQL server for tests: HEARTH_TEST_POSTGRES, a connection string to a database the tests may create databases from.</summary>
    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable("HEARTH_TEST_POSTGRES") is { Length: > 0 } value ? value : null;

    /// <summary>Chromium for browser tests: HEARTH_TEST_CHROMIUM, the path of Debian's chromium (never one that playwright install fetched).</summary>
    public static string? ChromiumPath => Environment.GetEnvironmentVariable("HEARTH_TEST_CHROMIUM") is { Length: > 0 } value ? value : null;

    /// <summary>Skips the test with a message that says what is missing and how to provide it, or fails it in CI.</summary>
    public static void Require(bool available, string what, string howToProvide)
    {
        if (available)
        {
            return;
        }

        var message = $"SKIPPED: {what} is not available. {howToProvide}";
        if (RequireAll)
        {
            Assert.Fail(message.Replace("SKIPPED", "NOT RUN (HEARTH_REQUIRE_ALL=1)", StringComparison.Ordinal));
        }

        Assert.Skip(message);
    }
}
