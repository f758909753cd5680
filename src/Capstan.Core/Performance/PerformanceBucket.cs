namespace Capstan.Core.Performance;

/// <summary>A version's realized performance over one time bucket.</summary>
/// <param name="Start">The bucket's start, in UTC; buckets are aligned to whole multiples of their length since the Unix epoch.</param>
/// <param name="End">The bucket's end (not included).</param>
/// <param name="Figures">The predictions answered in the bucket against their labels.</param>
public sealed record PerformanceBucket(DateTimeOffset Start, DateTimeOffset End, PerformanceFigures Figures);
