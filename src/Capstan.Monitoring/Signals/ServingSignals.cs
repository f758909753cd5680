namespace Capstan.Monitoring.Signals;

/// <summary>The serving signals: what a model's live traffic in this process did over a rule's window.</summary>
/// <remarks>
/// They are read from the data plane's per-version counters, which are cumulative since each version loaded; the
/// source turns them into windowed figures by keeping samples of the counters as it is read and subtracting the sample
/// taken one window ago. Until it has watched a version for one whole window (just after the version loads, or when a
/// rule with a longer window appears), the figures count from the version's load instead. They cover the versions
/// loaded now, stable and canary together, and only this process's requests: with several replicas each one sees its own share.
/// </remarks>
public static class ServingSignals
{
    /// <summary>The share of live requests in the window that failed, from 0 to 1 (validation errors included); no data when there were none.</summary>
    public const string ErrorRate = "error_rate";

    /// <summary>The 99th percentile latency of the window's live requests in milliseconds, the worst of the loaded versions'; no data when there were none.</summary>
    public const string LatencyP99Milliseconds = "latency_p99_ms";

    /// <summary>How many live requests the loaded versions answered in the window, failed ones included; 0 when none, no data when the model is not loaded here.</summary>
    public const string Requests = "requests";

    /// <summary>Every serving signal.</summary>
    public static IReadOnlyList<string> All { get; } = [ErrorRate, LatencyP99Milliseconds, Requests];
}
