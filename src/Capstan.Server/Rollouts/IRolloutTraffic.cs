using Capstan.Serving.Routing;

namespace Capstan.Server.Rollouts;

/// <summary>Where the rollout controller reads the live traffic counters of a model's stable version and canary.</summary>
public interface IRolloutTraffic
{
    /// <summary>The counters of the version that takes the stable share of <paramref name="model"/>'s traffic and of version <paramref name="canary"/>, each null while it is not loaded.</summary>
    (TrafficSample? Stable, TrafficSample? Canary) Sample(string model, int canary);
}
