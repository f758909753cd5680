namespace Capstan.Core.Performance;

/// <summary>A model's realized performance: its logged predictions over a window joined with the labels posted for them, per version and per time bucket.</summary>
/// <param name="Model">The serving name.</param>
/// <param name="Since">The window's start, in UTC.</param>
/// <param name="Until">The window's end (not included), in UTC.</param>
/// <param name="BucketSeconds">The length of a bucket, in seconds.</param>
/// <param name="Overall">Every version together; its figures are null when versions predict different tasks.</param>
/// <param name="Versions">Each version that answered in the window, by number.</param>
/// <param name="Truncated">Whether the window held more logged predictions than one report reads, so that only the oldest were joined.</param>
public sealed record PerformanceReport(
    string Model, DateTimeOffset Since, DateTimeOffset Until, long BucketSeconds, PerformanceFigures Overall, IReadOnlyList<VersionPerformance> Versions, bool Truncated);
