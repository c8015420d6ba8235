namespace Hearth.TestCommon;

/// <summary>Finds files of the repository the tests run from (config/feeds), by walking up from the test binaries.</summary>
public static class Repository
{
    public static string Root
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Hearth.slnx")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("The tests are not running inside the Hearth repository.");
        }
    }

    public static string FeedDefinitions => Path.Combine(Root, "config", "feeds");
}
