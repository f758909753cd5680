namespace Capstan.Monitoring.Profiles;

/// <summary>The reference profile stored with a model version: one <see cref="FeatureProfile"/> per feature.</summary>
/// <param name="Rows">How many rows the reference held.</param>
/// <param name="Features">The features' profiles, in column order.</param>
public sealed record DatasetProfile(long Rows, IReadOnlyList<FeatureProfile> Features);
