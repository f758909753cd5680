using System.Text.Json.Serialization;

namespace Capstan.Core.Rollouts;

/// <summary>What an analysis of one step concluded.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RolloutVerdict>))]
public enum RolloutVerdict
{
    /// <summary>The canary did as well as the stable version within the thresholds.</summary>
    [JsonStringEnumMemberName("passed")] Passed,

    /// <summary>The canary's error rate or latency broke a threshold.</summary>
    [JsonStringEnumMemberName("failed")] Failed,

    /// <summary>Too few requests reached a version during the step to judge; the step holds on.</summary>
    [JsonStringEnumMemberName("inconclusive")] Inconclusive,
}
