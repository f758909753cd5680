using System.Text.Json.Serialization;

namespace Capstan.Core.Rollouts;

/// <summary>Where a rollout stands: moving through its steps, held by hand, or finished one way or the other.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RolloutState>))]
public enum RolloutState
{
    /// <summary>The controller holds each step, analyses it, and advances, promotes or aborts on its own.</summary>
    [JsonStringEnumMemberName("progressing")] Progressing,

    /// <summary>Held at its current step by hand; the controller leaves it alone until it is resumed.</summary>
    [JsonStringEnumMemberName("paused")] Paused,

    /// <summary>Finished: the canary became the stable target and takes all the traffic.</summary>
    [JsonStringEnumMemberName("promoted")] Promoted,

    /// <summary>Finished: all the traffic went back to the stable target, or the rollout stopped because the deployment was changed outside it.</summary>
    [JsonStringEnumMemberName("aborted")] Aborted,
}
