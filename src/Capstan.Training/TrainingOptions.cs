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

    /// <summary>The most pipeline runs one server process runs at once; more wait in the queue.</summary>
    public int MaxConcurrentRuns { get; set; } = 2;

    /// <summary>The folder that CSV and Parquet sources are read from on the server: relative paths resolve against it and paths outside it are refused; null for the server's data directory.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Where runs write their files while they go (one folder per run, removed at the end); null for a folder in the system's temp directory.</summary>
    public string? ScratchDirectory { get; set; }

    /// <summary>How often the run queue looks for queued runs, runs whose process stopped, and cancellations made on other replicas.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a running run may go without a heartbeat before it counts as cut off by a restart and is marked failed.</summary>
    public TimeSpan RunLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the triggers look at schedules and at new labelled rows.</summary>
    public TimeSpan TriggerInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most log lines a run keeps; later lines replace the oldest but the first ten.</summary>
    public int MaxLogLines { get; set; } = 1000;

    /// <summary>Throws when a limit is out of range, which is a configuration mistake.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxConcurrentRuns, nameof(MaxConcurrentRuns));
        ArgumentOutOfRangeException.ThrowIfLessThan(PollInterval, TimeSpan.FromMilliseconds(10), nameof(PollInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(RunLease, PollInterval * 4, nameof(RunLease));
        ArgumentOutOfRangeException.ThrowIfLessThan(TriggerInterval, TimeSpan.FromMilliseconds(10), nameof(TriggerInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLogLines, 20, nameof(MaxLogLines));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxRows, nameof(MaxRows));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxFieldLength, nameof(MaxFieldLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(LatencyRows, 100, nameof(LatencyRows));
    }
}
