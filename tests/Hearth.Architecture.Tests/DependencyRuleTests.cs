using System.Reflection;

namespace Hearth.Architecture.Tests;

/// <summary>
/// The dependency rules of docs/adr/0001, checked by reflection on the built assemblies: Core references nothing but
/// the BCL; the generator references only Core; Services references Core and its data packages but not the generator;
/// nothing references the command-line tool.
/// </summary>
public class DependencyRuleTests
{
    private static readonly Assembly Core = typeof(Hearth.Core.Common.NhsNumber).Assembly;
    private static readonly Assembly Synth = typeof(Hearth.Synth.CityGenerator).Assembly;
    private static readonly Assembly Services = typeof(Hearth.Services.Persistence.StoreLocation).Assembly;
    private static readonly Assembly Cli = Assembly.Load("hearth");

    /// <summary>The third-party packages Services may use: data access and file readers, nothing else.</summary>
    // SQLitePCLRaw.core is Microsoft.Data.Sqlite's own engine binding, used directly for bulk inserts (see SqliteStatement).
    private static readonly string[] ServicesPackages = ["Microsoft.Data.Sqlite", "SQLitePCLRaw.core", "Npgsql", "Dapper", "CsvHelper", "ExcelDataReader"];

    [Fact]
    public void Core_ReferencesOnlyTheBaseClassLibrary()
    {
        var references = Core.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        references.ShouldNotBeEmpty();
        references.Where(name => !IsBaseClassLibrary(name)).ShouldBeEmpty();
    }

    [Fact]
    public void Synth_ReferencesOnlyCoreAndTheBaseClassLibrary()
    {
        var references = Synth.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        references.ShouldContain("Hearth.Core");
        references.Where(name => name != "Hearth.Core" && !IsBaseClassLibrary(name)).ShouldBeEmpty();
    }

    [Fact]
    public void Services_ReferencesCoreAndItsDataPackagesOnly()
    {
        var references = Services.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        references.ShouldContain("Hearth.Core");
        references.Where(name => name != "Hearth.Core" && !IsBaseClassLibrary(name) && !ServicesPackages.Contains(name)).ShouldBeEmpty();
    }

    [Fact]
    public void Core_DoesNotKnowTheLayersAboveIt() =>
        Core.GetReferencedAssemblies().Select(a => a.Name).ShouldNotContain(name => name!.StartsWith("Hearth.", StringComparison.Ordinal));

    [Fact]
    public void NoHearthAssembly_ReferencesTheCommandLineTool()
    {
        foreach (var assembly in new[] { Core, Synth, Services })
        {
            assembly.GetReferencedAssemblies().Select(a => a.Name).ShouldNotContain("hearth");
        }
    }

    [Fact]
    public void CoreTypes_LiveInANamespaceMatchingTheirFolder()
    {
        foreach (var type in Core.GetExportedTypes())
        {
            type.Namespace.ShouldNotBeNull();
            type.Namespace.ShouldStartWith("Hearth.Core.");
        }
    }

    [Fact]
    public void Cli_UsesTheGeneratorThroughItsPublicApi() =>
        Cli.GetReferencedAssemblies().Select(a => a.Name).ShouldContain("Hearth.Synth");

    private static bool IsBaseClassLibrary(string name) =>
        name is "System" or "mscorlib" or "netstandard" || name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Microsoft.Win32.", StringComparison.Ordinal);
}
