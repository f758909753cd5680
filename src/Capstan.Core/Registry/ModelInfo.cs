namespace Capstan.Core.Registry;

/// <summary>A registered model: its name, description and tags, and a summary of its versions.</summary>
/// <param name="Name">The model name.</param>
/// <param name="Description">Free text about the model, if any.</param>
/// <param name="Tags">Key-value tags used for filtering.</param>
/// <param name="LatestVersion">The highest non-archived version number, or null when every version is archived or deleted.</param>
/// <param name="VersionCount">How many versions exist now, archived ones included.</param>
/// <param name="Aliases">Each alias and the version it points at.</param>
/// <param name="CreatedAt">When the first version was pushed.</param>
/// <param name="UpdatedAt">When the model or one of its versions or aliases last changed.</param>
public sealed record ModelInfo(
    string Name,
    string? Description,
    IReadOnlyDictionary<string, string> Tags,
    int? LatestVersion,
    int VersionCount,
    IReadOnlyDictionary<string, int> Aliases,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
