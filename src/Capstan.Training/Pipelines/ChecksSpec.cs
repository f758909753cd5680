namespace Capstan.Training.Pipelines;

/// <summary>The data checks a run makes before it trains; a run whose data fails any of them fails with every failed check named.</summary>
/// <param name="MinRows">The fewest rows the source may return.</param>
/// <param name="MaxMissingRate">The largest share of missing values a feature may have, or null for no limit.</param>
/// <param name="MinClassShare">For classification: the smallest share the rarest class may have, or null for no limit.</param>
/// <param name="StrictSchema">Whether the source must have exactly the declared columns (no others); the declared ones must always be there with readable values.</param>
public sealed record ChecksSpec(int MinRows, double? MaxMissingRate, double? MinClassShare, bool StrictSchema);
