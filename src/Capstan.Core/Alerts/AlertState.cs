using System.Text.Json.Serialization;

namespace Capstan.Core.Alerts;

/// <summary>Where an alert rule stands: quiet, its condition holding but not for long enough yet, or firing.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertState>))]
public enum AlertState
{
    /// <summary>The condition does not hold, or the rule has not been evaluated yet.</summary>
    [JsonStringEnumMemberName("inactive")] Inactive,

    /// <summary>The condition holds, but not yet for the rule's for-duration.</summary>
    [JsonStringEnumMemberName("pending")] Pending,

    /// <summary>The condition has held for the rule's for-duration; its notifications went out.</summary>
    [JsonStringEnumMemberName("firing")] Firing,
}
