using System.Text.Json.Serialization;

namespace Capstan.Core.Rollouts;

/// <summary>What one decision in a rollout's history did.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RolloutAction>))]
public enum RolloutAction
{
    /// <summary>The rollout began at its first step.</summary>
    [JsonStringEnumMemberName("start")] Start,

    /// <summary>An analysis passed and the canary got the next step's share.</summary>
    [JsonStringEnumMemberName("advance")] Advance,

    /// <summary>The rollout was held at its step by hand.</summary>
    [JsonStringEnumMemberName("pause")] Pause,

    /// <summary>A paused rollout went on, its step's hold starting again.</summary>
    [JsonStringEnumMemberName("resume")] Resume,

    /// <summary>The canary became the stable target, after its last step or by hand.</summary>
    [JsonStringEnumMemberName("promote")] Promote,

    /// <summary>The traffic went back to the stable target, after a failed analysis or by hand, or the rollout stopped.</summary>
    [JsonStringEnumMemberName("abort")] Abort,
}
