namespace Capstan.Core.Monitoring;

/// <summary>Drift of the requests one version answered, and of its answers, against that version's reference profile.</summary>
/// <param name="Version">The version.</param>
/// <param name="Variants">The variants it answered as in the window (<c>stable</c>, <c>canary</c>, <c>pinned</c>).</param>
/// <param name="Rows">How many logged rows it answered in the window.</param>
/// <param name="ReferenceRows">How many rows its reference data held; 0 without a profile.</param>
/// <param name="Dataset">The inputs' drift, or null when the version has no profile.</param>
/// <param name="Predictions">The outputs' drift, or null when the version has no profile or the profile no predictions.</param>
/// <param name="Message">Why the version could not be tested, when it could not; otherwise null.</param>
public sealed record VersionDrift(
    int Version,
    IReadOnlyList<string> Variants,
    long Rows,
    long ReferenceRows,
    DriftVerdict? Dataset,
    DriftVerdict? Predictions,
    string? Message = null);
