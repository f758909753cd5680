namespace Capstan.Monitoring.Profiles;

/// <summary>How reference profiles are made from uploaded data files.</summary>
/// <remarks>A mutable settings class, bound from the configuration section <c>ProfileOptions</c>; call <see cref="Validate"/> at start.</remarks>
public sealed class ProfileOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = nameof(ProfileOptions);

    /// <summary>The largest data file accepted, in bytes (default 256 MiB).</summary>
    public long MaxUploadBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>The most reference rows the version is run on to profile its predictions (default 10,000), spread evenly over the file.</summary>
    public int PredictionRows { get; set; } = 10_000;

    /// <summary>The most values a row of one output may hold for that output to be profiled (default 16), so that embeddings and copies of wide inputs are left out.</summary>
    public int MaxOutputWidth { get; set; } = 16;

    /// <summary>Throws when a setting is out of range, which is a configuration mistake to catch at start.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxUploadBytes, nameof(MaxUploadBytes));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PredictionRows, nameof(PredictionRows));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxOutputWidth, nameof(MaxOutputWidth));
    }
}
