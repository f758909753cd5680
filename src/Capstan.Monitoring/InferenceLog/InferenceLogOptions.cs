namespace Capstan.Monitoring.InferenceLog;

/// <summary>What the inference log records and how it writes its files.</summary>
/// <remarks>
/// A mutable settings class, bound from the configuration section <c>InferenceLogOptions</c>; call
/// <see cref="Validate"/> at start. The log is off until <see cref="Enabled"/> turns it on; then it records every request
/// (<see cref="SamplingRate"/> 1), because drift detection and audits need the inputs a model really saw, and a team that
/// must not keep inputs samples less or names the fields to redact. Files go to <c>DATA/inference-log/MODEL/</c>; the
/// server deletes them only past <see cref="Retention"/> or <see cref="MaxBytesPerModel"/>, which are unset by default.
/// </remarks>
public sealed class InferenceLogOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = nameof(InferenceLogOptions);

    /// <summary>Whether answered requests are logged (default false: opt in, as KServe's payload logger is).</summary>
    /// <remarks>
    /// Recording is cheap (a copy into a pooled batch, about 0.6 µs of CPU per single-row request in <c>bench/log</c>;
    /// nothing measurable per served request in <c>bench/steady.sh</c>); it is off by default because its files grow by
    /// about 1.4 MB a second at 60k single-row requests a second and are kept until <see cref="Retention"/> or
    /// <see cref="MaxBytesPerModel"/> says otherwise.
    /// </remarks>
    public bool Enabled { get; set; }

    /// <summary>The share of answered requests logged, from 0 to 1 (default 1, every request).</summary>
    public double SamplingRate { get; set; } = 1;

    /// <summary>The seed of the sampling draws, for repeatable tests; a random seed when null.</summary>
    public long? SamplingSeed { get; set; }

    /// <summary>Input and output names whose values are replaced by <c>"[redacted]"</c>; the name, type and shape stay.</summary>
    public List<string> RedactedFields { get; set; } = [];

    /// <summary>The most requests waiting to be written; past it new ones are dropped and counted (default 16,384).</summary>
    public int QueueCapacity { get; set; } = 16_384;

    /// <summary>The most requests written as one Parquet row group (default 4,096).</summary>
    public int BatchSize { get; set; } = 4_096;

    /// <summary>The size at which a file is closed and a new one started, in bytes (default 64 MiB).</summary>
    public long RollBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The age at which a file is closed and a new one started, so recent requests become readable (default 1 minute).</summary>
    public TimeSpan RollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a published file is kept, counted from its latest request; older files are deleted (default null: kept until removed by hand).</summary>
    public TimeSpan? Retention { get; set; }

    /// <summary>The most bytes of published files kept for one model; past it the oldest are deleted (default null: no limit).</summary>
    public long? MaxBytesPerModel { get; set; }

    /// <summary>The folder that holds one folder of files per model; the host sets it to <c>DATA/inference-log</c>.</summary>
    public string Directory { get; set; } = "";

    /// <summary>Throws when a setting is out of range, which is a configuration mistake to catch at start.</summary>
    public void Validate()
    {
        if (!(SamplingRate is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(SamplingRate), SamplingRate, "The sampling rate must be from 0 to 1.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(QueueCapacity, nameof(QueueCapacity));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(RollBytes, nameof(RollBytes));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RollInterval, TimeSpan.Zero, nameof(RollInterval));
        if (Retention is { } retention)
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero, nameof(Retention));
        if (MaxBytesPerModel is { } maxBytes)
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes, nameof(MaxBytesPerModel));
        ArgumentException.ThrowIfNullOrWhiteSpace(Directory, nameof(Directory));
    }
}
