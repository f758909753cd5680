namespace Capstan.Core.Registry;

/// <summary>An alias and the version it points at now.</summary>
/// <param name="Model">The model name.</param>
/// <param name="Alias">The alias.</param>
/// <param name="Version">The version it points at.</param>
/// <param name="UpdatedAt">When it was last moved.</param>
/// <param name="UpdatedBy">Who moved it.</param>
public sealed record AliasInfo(string Model, string Alias, int Version, DateTimeOffset UpdatedAt, string UpdatedBy);
