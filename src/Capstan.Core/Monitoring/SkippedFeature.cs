namespace Capstan.Core.Monitoring;

/// <summary>A column that could not be tested for drift, and why.</summary>
/// <param name="Feature">The column's name.</param>
/// <param name="Reason">Why it was not tested, such as it being redacted in the inference log.</param>
public sealed record SkippedFeature(string Feature, string Reason);
