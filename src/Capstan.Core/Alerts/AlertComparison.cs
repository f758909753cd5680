using System.Text.Json.Serialization;

namespace Capstan.Core.Alerts;

/// <summary>How an alert rule compares its signal with its threshold; written as the operator itself.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertComparison>))]
public enum AlertComparison
{
    /// <summary>The condition holds when the value is above the threshold.</summary>
    [JsonStringEnumMemberName(">")] Above,

    /// <summary>The condition holds when the value is at or above the threshold.</summary>
    [JsonStringEnumMemberName(">=")] AtOrAbove,

    /// <summary>The condition holds when the value is below the threshold.</summary>
    [JsonStringEnumMemberName("<")] Below,

    /// <summary>The condition holds when the value is at or below the threshold.</summary>
    [JsonStringEnumMemberName("<=")] AtOrBelow,
}
