namespace Capstan.Monitoring.Drift;

/// <summary>How drift is evaluated on a schedule: how often, over which sliding window, and when a dataset counts as drifted.</summary>
/// <remarks>A mutable settings class, bound from the configuration section <c>DriftOptions</c>; call <see cref="Validate"/> at start.</remarks>
public sealed class DriftOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = nameof(DriftOptions);

    /// <summary>The longest window drift is evaluated over.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(90);

    /// <summary>Whether every deployed model with a reference profile is evaluated on a schedule (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the scheduled evaluation runs (default 5 minutes); also how long a result is reused for alert signals.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The sliding window the scheduled evaluation reads the inference log over, ending when it runs (default 1 hour).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The share of drifted features at or above which a dataset (or a model's predictions) drifted (default 0.5, Evidently's).</summary>
    public double DriftShare { get; set; } = DriftDetector.DefaultDriftShare;

    /// <summary>The most logged requests one evaluation reads, the oldest in the window first (default 100,000).</summary>
    public int MaxRequests { get; set; } = 100_000;

    /// <summary>Throws when a setting is out of range, which is a configuration mistake to catch at start.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Interval, TimeSpan.Zero, nameof(Interval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Window, TimeSpan.Zero, nameof(Window));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Window, MaxWindow, nameof(Window));
        if (!(DriftShare is > 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(DriftShare), DriftShare, "The drift share must be above 0 and at most 1.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxRequests, nameof(MaxRequests));
    }
}
