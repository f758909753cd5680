namespace Capstan.Core.Monitoring;

/// <summary>A profile of a data set: one <see cref="FeatureProfile"/> per feature.</summary>
/// <param name="Rows">How many rows the data set held.</param>
/// <param name="Features">The features' profiles, in column order.</param>
public sealed record DatasetProfile(long Rows, IReadOnlyList<FeatureProfile> Features);
