using System.Text.Json.Serialization;

namespace Capstan.Core.Monitoring;

/// <summary>Drift of one model over a window of its inference log: each version that answered, tested against its own reference profile.</summary>
/// <remarks>
/// The version the deployment's stable variant serves comes first (the headline); other versions that answered in the
/// window follow, newest first. A window without logged requests has no versions and says so in <see cref="Message"/>.
/// </remarks>
/// <param name="Model">The model.</param>
/// <param name="Since">The start of the window (inclusive).</param>
/// <param name="Until">The end of the window (exclusive).</param>
/// <param name="Rows">How many logged rows the window held, across versions.</param>
/// <param name="Versions">Each version that answered in the window, the headline first.</param>
/// <param name="Message">Why there is nothing to show, when there is not; otherwise null.</param>
public sealed record DriftReport(
    string Model,
    DateTimeOffset Since,
    DateTimeOffset Until,
    long Rows,
    IReadOnlyList<VersionDrift> Versions,
    string? Message = null)
{
    /// <summary>The headline version's drift, or null when no request was logged in the window.</summary>
    [JsonIgnore]
    public VersionDrift? Headline => Versions.Count > 0 ? Versions[0] : null;
}
