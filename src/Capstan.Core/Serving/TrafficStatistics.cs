namespace Capstan.Core.Serving;

/// <summary>The requests one loaded version answered since it loaded, live or as a shadow, for comparing a canary with the stable version.</summary>
/// <param name="Requests">Requests routed to it, including those that failed.</param>
/// <param name="Errors">Requests it answered with an error.</param>
/// <param name="P50Milliseconds">The median latency, from a histogram with buckets about 6% wide; 0 before the first request.</param>
/// <param name="P99Milliseconds">The 99th percentile latency, read from the same histogram.</param>
/// <param name="Dropped">Shadow copies left out because the shadow queue was full; always 0 for live traffic.</param>
public sealed record TrafficStatistics(long Requests, long Errors, double P50Milliseconds, double P99Milliseconds, long Dropped);
