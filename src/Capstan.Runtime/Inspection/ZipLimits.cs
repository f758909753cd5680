namespace Capstan.Runtime.Inspection;

/// <summary>A validated, immutable copy of the zip limits in <see cref="InspectionOptions"/>.</summary>
internal readonly record struct ZipLimits(
    int MaxEntries,
    long MaxUncompressedBytes,
    double MaxCompressionRatio,
    long CompressionRatioThresholdBytes)
{
    public static ZipLimits From(InspectionOptions options)
    {
        options.Validate();
        return new ZipLimits(
            options.MaxZipEntries, options.MaxZipUncompressedBytes, options.MaxCompressionRatio, options.CompressionRatioThresholdBytes);
    }
}
