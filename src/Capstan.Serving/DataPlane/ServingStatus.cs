using Capstan.Core.Serving;
using Capstan.Serving.Lifecycle;

namespace Capstan.Serving.DataPlane;

/// <summary>Reads the state, routing share and counters of every version this process has in memory.</summary>
/// <param name="table">The models this process serves.</param>
public sealed class ServingStatus(ServingTable table)
{
    /// <summary>A snapshot of every loaded version.</summary>
    public ServerStatus Snapshot()
    {
        var models = new List<LoadedModelStatus>();
        foreach (var served in table.Models.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            var routes = served.Routes;
            foreach (var loaded in served.Versions.OrderBy(v => v.Version))
            {
                var statistics = loaded.Executor.Statistics;
                var shadow = routes is not null && ReferenceEquals(loaded, routes.Shadow);
                models.Add(new LoadedModelStatus(
                    served.Name, loaded.Version, loaded.State.ToString().ToLowerInvariant(), ReferenceEquals(loaded, routes?.Stable),
                    loaded.Info.Format.ToString().ToLowerInvariant(), loaded.Runtime.MemoryBytes, loaded.InFlight, statistics.Queued,
                    statistics.Requests, statistics.Batches, statistics.MeanBatchRows, statistics.Rejected, loaded.Batching.MaxBatchSize,
                    routes?.WeightOf(loaded), shadow ? routes!.ShadowPercent : null,
                    loaded.LiveTraffic.Used ? loaded.LiveTraffic.Snapshot() : null,
                    loaded.ShadowTraffic.Used || shadow ? loaded.ShadowTraffic.Snapshot() : null));
            }
        }
        return new ServerStatus(table.Reconciled, models, GC.GetTotalAllocatedBytes(precise: false));
    }
}
