namespace Capstan.Training.Gates;

/// <summary>One rule of a gate and how the candidate fared against it.</summary>
/// <param name="Name">The rule, by its spec field: <c>threshold</c>, <c>min_absolute_change</c>, <c>min_relative_change</c> or <c>max_latency_p99_ms</c>.</param>
/// <param name="Passed">Whether the candidate passed it.</param>
/// <param name="Detail">One sentence with the metric, both values, the margin and the value needed.</param>
public sealed record GateRule(string Name, bool Passed, string Detail);
