using System.Xml.Linq;
using Dapper;
using Hearth.Services.Persistence;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Hearth.Services.Identity;

/// <summary>
/// Data protection's key ring, kept in the store: every instance of the portal (and every restart) shares the keys
/// that protect cookies, antiforgery tokens and authenticator keys, and they are backed up with the data.
/// </summary>
public sealed class StoreXmlRepository(StoreLocation store, TimeProvider time) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        Migrator.Upgrade(store, time);
        using var connection = store.Open();
        return [.. connection.Query<string>("SELECT xml FROM data_protection_keys ORDER BY created_at, name").Select(x => XElement.Parse(x))];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        Migrator.Upgrade(store, time);
        using var connection = store.Open();
        connection.Execute(
            "INSERT INTO data_protection_keys (name, xml, created_at) VALUES (@Name, @Xml, @At)",
            new { Name = friendlyName + "-" + Guid.NewGuid().ToString("N")[..8], Xml = element.ToString(SaveOptions.DisableFormatting), At = Timestamps.Format(time.GetUtcNow()) });
    }
}
