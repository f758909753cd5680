namespace Capstan.Core.Performance;

/// <summary>One version's realized performance over the window, whole and per time bucket.</summary>
/// <param name="Version">The version that answered, as its number.</param>
/// <param name="Task">What the version predicts.</param>
/// <param name="LabelOutput">The output read as the predicted class or value, or null when the version has none.</param>
/// <param name="ScoreOutput">The output read as the score or probabilities, or null when the version has none.</param>
/// <param name="Overall">The whole window.</param>
/// <param name="Buckets">The buckets that had predictions, oldest first.</param>
public sealed record VersionPerformance(
    string Version, PerformanceTask Task, string? LabelOutput, string? ScoreOutput, PerformanceFigures Overall, IReadOnlyList<PerformanceBucket> Buckets);
