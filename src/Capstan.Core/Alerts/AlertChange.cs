using System.Text.Json.Serialization;

namespace Capstan.Core.Alerts;

/// <summary>What one transition in an alert's history did.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertChange>))]
public enum AlertChange
{
    /// <summary>The condition began to hold: inactive to pending.</summary>
    [JsonStringEnumMemberName("pending")] Pending,

    /// <summary>The condition held for the for-duration (or the rule has none): to firing, with a notification.</summary>
    [JsonStringEnumMemberName("firing")] Firing,

    /// <summary>The condition stopped holding while firing: firing to inactive, with a notification.</summary>
    [JsonStringEnumMemberName("resolved")] Resolved,

    /// <summary>The condition stopped holding before the for-duration was over: pending back to inactive, with no notification.</summary>
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}
