namespace Capstan.Monitoring.Performance;

/// <summary>How realized performance is computed on a schedule and how much of the inference log one computation reads.</summary>
/// <remarks>
/// A mutable settings class, bound from the configuration section <c>PerformanceOptions</c>; call <see cref="Validate"/>
/// at start. The schedule only finds predictions while the inference log is on (<c>InferenceLogOptions:Enabled</c>),
/// because realized performance joins the labels with the logged predictions.
/// </remarks>
public sealed class PerformanceOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = nameof(PerformanceOptions);

    /// <summary>Whether each deployed model's figures are recomputed on a schedule and published as gauges (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the figures are recomputed (default 1 minute).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How far back from each recomputation predictions count (default 24 hours).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The most logged predictions one computation reads, oldest first; a report that stops there says it was truncated (default 100,000).</summary>
    public int MaxPredictions { get; set; } = 100_000;

    /// <summary>Throws when a setting is out of range, which is a configuration mistake to catch at start.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Interval, TimeSpan.Zero, nameof(Interval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Window, TimeSpan.Zero, nameof(Window));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Window, PerformanceQuery.MaxWindow, nameof(Window));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxPredictions, nameof(MaxPredictions));
    }
}
