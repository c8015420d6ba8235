using Hearth.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddHearthPortal();
var app = builder.Build();
app.UseHearthPortal();
if (!await DemoSetup.PrepareAsync(app))
{
    return 1;
}

await app.RunAsync();
return 0;

/// <summary>The entry point, named for WebApplicationFactory in the tests.</summary>
public partial class Program;
