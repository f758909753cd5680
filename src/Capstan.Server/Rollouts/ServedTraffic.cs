using Capstan.Serving.Lifecycle;
using Capstan.Serving.Routing;

namespace Capstan.Server.Rollouts;

/// <summary>Reads the rollout controller's counters from the versions this process serves.</summary>
/// <remarks>
/// These are this process's requests only. With several replicas each one's controller judges the traffic it saw,
/// and they race to decide (the rollout's revision makes one of them win); judging all replicas' traffic needs shared
/// metrics, which the monitoring issue brings.
/// </remarks>
/// <param name="table">The models this process serves.</param>
public sealed class ServedTraffic(ServingTable table) : IRolloutTraffic
{
    /// <inheritdoc />
    public (TrafficSample? Stable, TrafficSample? Canary) Sample(string model, int canary)
    {
        var served = table.Find(model);
        return (served?.Current?.LiveTraffic.Sample(), served?.Find(canary)?.LiveTraffic.Sample());
    }
}
