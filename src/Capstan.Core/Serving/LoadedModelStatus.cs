namespace Capstan.Core.Serving;

/// <summary>One model version in a server's memory, as <c>capstan status</c> shows it.</summary>
/// <param name="Model">The serving name.</param>
/// <param name="Version">The version number.</param>
/// <param name="State">loading, ready, unloading or unavailable.</param>
/// <param name="Current">Whether unversioned requests go to this version.</param>
/// <param name="Format">The artifact format.</param>
/// <param name="MemoryBytes">The estimated memory the loaded model holds.</param>
/// <param name="InFlight">Requests inside it now.</param>
/// <param name="Queued">Requests waiting or running in its executor now.</param>
/// <param name="Requests">Requests run since it loaded.</param>
/// <param name="Batches">Model runs since it loaded.</param>
/// <param name="MeanBatchRows">Rows per model run, on average.</param>
/// <param name="Rejected">Requests refused because its queue was full.</param>
/// <param name="MaxBatchSize">The largest batch it runs.</param>
/// <param name="Weight">Its share of the live traffic in percent, or null when it takes none (a shadow, or a version draining).</param>
/// <param name="ShadowPercent">The share of live requests copied to it as the shadow, or null when it is not the shadow.</param>
/// <param name="Traffic">The live requests routed to it, with errors and latency, or null when it never took any.</param>
/// <param name="ShadowTraffic">The shadow copies it ran, with errors, latency and drops, or null when it never was the shadow.</param>
public sealed record LoadedModelStatus(
    string Model,
    int Version,
    string State,
    bool Current,
    string Format,
    long MemoryBytes,
    int InFlight,
    int Queued,
    long Requests,
    long Batches,
    double MeanBatchRows,
    long Rejected,
    int MaxBatchSize,
    int? Weight = null,
    int? ShadowPercent = null,
    TrafficStatistics? Traffic = null,
    TrafficStatistics? ShadowTraffic = null);
