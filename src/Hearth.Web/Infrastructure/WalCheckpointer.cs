using Hearth.Services.Persistence;

namespace Hearth.Web.Infrastructure;

/// <summary>
/// Checkpoints a SQLite store's write-ahead log every few seconds, because the portal's connections do not do it in
/// their commits (<see cref="StoreLocation.AutoCheckpoint"/>). Without it the log would only grow.
/// </summary>
public sealed class WalCheckpointer(StoreLocation store, ILogger<WalCheckpointer> log) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (store.Provider != StoreProvider.Sqlite || store.AutoCheckpoint)
        {
            return;
        }

        using var timer = new PeriodicTimer(Every);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                store.Checkpoint();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A busy store checkpoints at the next tick; the log says so in case it never can. A failure here must
                // not stop the portal, which would otherwise go down with its background service.
                log.LogWarning(ex, "Could not checkpoint the write-ahead log of {Store}", store.Display);
            }
        }
    }
}
