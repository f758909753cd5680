namespace Capstan.Server.Hardening;

/// <summary>How many requests each caller may make per second, separately for inference and for the control plane.</summary>
/// <remarks>
/// A mutable settings class, bound from the configuration section <c>RateLimitOptions</c> and checked at start. Each
/// caller (its API key when it has one, else its IP address) gets a token bucket per plane that holds up to the burst
/// and refills by the permits every second; a plane with 0 permits is not limited. Inference is unlimited by default,
/// as its queues already shed load; the control plane allows 50 a second with bursts of 100. Health probes are never limited.
/// </remarks>
public sealed class RateLimitOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = nameof(RateLimitOptions);

    /// <summary>The inference requests (REST and gRPC) one caller may make per second; 0 for no limit (the default).</summary>
    public int InferencePermitsPerSecond { get; set; }

    /// <summary>The inference requests one caller may make at once after a quiet spell; at least <see cref="InferencePermitsPerSecond"/>.</summary>
    public int InferenceBurst { get; set; }

    /// <summary>The control-plane requests one caller may make per second; 0 for no limit (default 50).</summary>
    public int ControlPlanePermitsPerSecond { get; set; } = 50;

    /// <summary>The control-plane requests one caller may make at once after a quiet spell; at least <see cref="ControlPlanePermitsPerSecond"/> (default 100).</summary>
    public int ControlPlaneBurst { get; set; } = 100;

    /// <summary>Throws when a rate is negative or a burst smaller than its rate, which is a configuration mistake to catch at start.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(InferencePermitsPerSecond, nameof(InferencePermitsPerSecond));
        ArgumentOutOfRangeException.ThrowIfNegative(ControlPlanePermitsPerSecond, nameof(ControlPlanePermitsPerSecond));
        ArgumentOutOfRangeException.ThrowIfLessThan(InferenceBurst, InferencePermitsPerSecond, nameof(InferenceBurst));
        ArgumentOutOfRangeException.ThrowIfLessThan(ControlPlaneBurst, ControlPlanePermitsPerSecond, nameof(ControlPlaneBurst));
    }
}
