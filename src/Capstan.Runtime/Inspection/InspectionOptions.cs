namespace Capstan.Runtime.Inspection;

/// <summary>The limits the model inspector enforces on an ML.NET zip before it lets ML.NET open it.</summary>
/// <remarks>
/// A mutable settings class, bound from the configuration section <c>InspectionOptions</c>; <see cref="ModelInspector"/>
/// validates it and copies the values when it is created, so later changes have no effect on an existing inspector.
/// The defaults leave real ML.NET models far inside: the models Capstan's tests train (FastTree, text featurisation,
/// key and vector columns) have at most a few dozen entries, each expanding at most 4 times, since ML.NET stores
/// weights and trees as binary numbers that barely compress; a zip bomb of zeros expands about 1,000 times.
/// </remarks>
public sealed class InspectionOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = nameof(InspectionOptions);

    /// <summary>The most entries a zip may have (default 10,000; an ML.NET model has one per saved component file).</summary>
    public int MaxZipEntries { get; set; } = 10_000;

    /// <summary>The most bytes all entries of a zip may expand to together, as declared and as decompressed (default 4 GiB).</summary>
    public long MaxZipUncompressedBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>The most an entry larger than <see cref="CompressionRatioThresholdBytes"/> may expand, uncompressed over compressed size (default 100).</summary>
    public double MaxCompressionRatio { get; set; } = 100;

    /// <summary>The uncompressed size above which <see cref="MaxCompressionRatio"/> applies to an entry (default 1 MiB), so small, highly compressible entries pass.</summary>
    public long CompressionRatioThresholdBytes { get; set; } = 1024 * 1024;

    /// <summary>Throws when a limit is out of range, which is a configuration mistake to catch at start.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxZipEntries, nameof(MaxZipEntries));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxZipUncompressedBytes, nameof(MaxZipUncompressedBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCompressionRatio, 1.0, nameof(MaxCompressionRatio));
        ArgumentOutOfRangeException.ThrowIfNegative(CompressionRatioThresholdBytes, nameof(CompressionRatioThresholdBytes));
    }
}
