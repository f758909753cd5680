namespace Capstan.Core.Registry;

/// <summary>One move of an alias, kept as history.</summary>
/// <param name="Model">The model name.</param>
/// <param name="Alias">The alias.</param>
/// <param name="Version">The version it pointed at after the change, or null when it was removed.</param>
/// <param name="PreviousVersion">The version it pointed at before, or null when it was new.</param>
/// <param name="ChangedAt">When.</param>
/// <param name="ChangedBy">Who.</param>
public sealed record AliasChange(string Model, string Alias, int? Version, int? PreviousVersion, DateTimeOffset ChangedAt, string ChangedBy);
