namespace Capstan.Core.Registry;

/// <summary>Where a version came from: the code, the data and the version it was derived from.</summary>
/// <param name="GitCommit">The commit of the pusher's working tree, when it was a git repository.</param>
/// <param name="GitBranch">The branch checked out at push time.</param>
/// <param name="GitDirty">Whether the working tree had uncommitted changes.</param>
/// <param name="DataFingerprint">A fingerprint of the training data (such as <c>sha256:...</c>), when given.</param>
/// <param name="Parent">The version this one was derived from, as <c>name:N</c>.</param>
public sealed record Lineage(
    string? GitCommit = null,
    string? GitBranch = null,
    bool? GitDirty = null,
    string? DataFingerprint = null,
    string? Parent = null)
{
    /// <summary>Lineage with nothing known.</summary>
    public static Lineage None { get; } = new();
}
