using Capstan.Core.Errors;
using Capstan.Core.Monitoring;
using Capstan.Core.Serialization;

namespace Capstan.Monitoring.Drift;

/// <summary>How one evaluation tests drift: each feature's default test or one chosen test with its threshold, and the drifted share at which a dataset drifted.</summary>
/// <param name="Test">The test for every feature, or null for each feature's default (Evidently's choice).</param>
/// <param name="Threshold">The chosen test's threshold, or null for its default (0.05 for p-values, 0.1 for distances).</param>
/// <param name="Share">The share of drifted features at or above which the dataset drifted.</param>
public sealed record DriftSettings(DriftTest? Test = null, double? Threshold = null, double Share = DriftDetector.DefaultDriftShare)
{
    /// <summary>Why these settings, over <paramref name="window"/>, cannot be used; null when they can.</summary>
    public Error? Check(TimeSpan window)
    {
        if (window <= TimeSpan.Zero || window > DriftOptions.MaxWindow)
            return Error.InvalidInput($"The window {DurationText.Format(window)} is outside 1s to {DurationText.Format(DriftOptions.MaxWindow)}.");
        if (!(Share is > 0 and <= 1))
            return Error.InvalidInput($"The drift share {Share} is outside (0, 1]: it is the share of drifted features at or above which a dataset drifted.");
        if (Threshold is not { } threshold)
            return null;
        if (Test is not { } test)
            return Error.InvalidInput("A threshold needs the test it applies to; give the test too (ks, chisquare, z, wasserstein, jensenshannon or psi).");
        if (!double.IsFinite(threshold) || threshold <= 0 || (DriftDetector.UsesPValue(test) && threshold > 1))
            return Error.InvalidInput(DriftDetector.UsesPValue(test)
                ? $"The threshold {threshold} of {DriftTests.NameOf(test)} is not a p-value above 0 and at most 1."
                : $"The threshold {threshold} of {DriftTests.NameOf(test)} is not a distance above 0.");
        return null;
    }
}
