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
    // Identity's store and manager interfaces and data protection's key repository come from the shared framework, for the
    // user store over our own tables (docs/adr/0011-identity-store.md); nothing else of ASP.NET Core may be used here.
    private static readonly string[] ServicesPackages =
    [
        "Microsoft.Data.Sqlite", "SQLitePCLRaw.core", "Npgsql", "Dapper", "CsvHelper", "ExcelDataReader",
        "Microsoft.Extensions.Identity.Core", "Microsoft.Extensions.Identity.Stores", "Microsoft.AspNetCore.DataProtection", "Microsoft.Extensions.Logging.Abstractions",
        "Microsoft.Extensions.Options", "Microsoft.AspNetCore.DataProtection.Abstractions",
        // Dapper's dynamic rows, for the scores table whose columns issue 6 will decide.
        "Microsoft.CSharp",
    ];

    private static readonly Assembly Web = typeof(Hearth.Web.Infrastructure.HearthWebApp).Assembly;

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
    public void Web_ReferencesServicesAndCore_AndNotTheCommandLineTool()
    {
        var references = Web.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        references.ShouldContain("Hearth.Services");
        references.ShouldContain("Hearth.Core");
        references.ShouldNotContain("hearth");
    }

    [Fact]
    public void NoPageModel_TakesAConnectionOrTheStore()
    {
        // Pages adapt HTTP to one service call; the data layer, where scope is enforced, is the only reader of the store.
        var forbidden = new[] { typeof(System.Data.Common.DbConnection), typeof(Hearth.Services.Persistence.StoreLocation) };
        var pages = Web.GetTypes().Where(t => typeof(Microsoft.AspNetCore.Mvc.RazorPages.PageModel).IsAssignableFrom(t)).ToList();
        pages.ShouldNotBeEmpty();
        foreach (var page in pages)
        {
            var parameters = page.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.ParameterType);
            var fields = page.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public).Select(f => f.FieldType);
            parameters.Concat(fields).Where(t => forbidden.Any(f => f.IsAssignableFrom(t))).ShouldBeEmpty(page.FullName);
        }
    }

    [Fact]
    public void NoHearthAssembly_ReferencesTheCommandLineTool()
    {
        foreach (var assembly in new[] { Core, Synth, Services, Web })
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
