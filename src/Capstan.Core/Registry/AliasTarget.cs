namespace Capstan.Core.Registry;

/// <summary>The body that points an alias at a version.</summary>
/// <param name="Version">The version number to point at.</param>
public sealed record AliasTarget(int Version);
