using System.Globalization;

namespace Capstan.Monitoring.InferenceLog;

/// <summary>Names the inference log's files after the times of their first and last records, so readers pick files by name.</summary>
/// <remarks>A published file is <c>FIRST_LAST_ID.parquet</c> with times as <c>yyyyMMddTHHmmssfffZ</c>; a file being written ends in <c>.tmp</c> and is never read.</remarks>
internal static class LogFileNames
{
    /// <summary>The extension of a published file.</summary>
    public const string Published = ".parquet";

    /// <summary>The extension of a file still being written.</summary>
    public const string Partial = ".parquet.tmp";

    private const string TimeFormat = "yyyyMMdd'T'HHmmssfff'Z'";

    /// <summary>The name a file is published under.</summary>
    public static string Of(DateTimeOffset first, DateTimeOffset last) =>
        $"{Format(first)}_{Format(last)}_{Guid.NewGuid():N}{Published}";

    /// <summary>Reads the time range from a published file's name; false for a name that is not one.</summary>
    public static bool TryParse(string fileName, out DateTimeOffset first, out DateTimeOffset last)
    {
        (first, last) = (default, default);
        var parts = Path.GetFileNameWithoutExtension(fileName).Split('_');
        return fileName.EndsWith(Published, StringComparison.Ordinal) && parts.Length == 3
            && DateTimeOffset.TryParseExact(parts[0], TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out first)
            && DateTimeOffset.TryParseExact(parts[1], TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out last);
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);
}
