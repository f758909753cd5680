namespace Capstan.Training;

/// <summary>Limits on what one training run may read and keep.</summary>
public sealed class TrainingOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = nameof(TrainingOptions);

    /// <summary>The most rows a run reads from its source; more is refused as too large.</summary>
    public int MaxRows { get; set; } = 2_000_000;

    /// <summary>The most characters one CSV field or text value may have.</summary>
    public int MaxFieldLength { get; set; } = 64 * 1024;

    /// <summary>How many rows the latency probe scores one at a time for the p99.</summary>
    public int LatencyRows { get; set; } = 500;

    /// <summary>Throws when a limit is out of range, which is a configuration mistake.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxRows, nameof(MaxRows));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxFieldLength, nameof(MaxFieldLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(LatencyRows, 100, nameof(LatencyRows));
    }
}
