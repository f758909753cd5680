using System.Text.Json.Serialization;

namespace Capstan.Core.Registry;

/// <summary>What kind of change made a deployment revision.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeploymentChange>))]
public enum DeploymentChange
{
    /// <summary>The deployment was created or replaced.</summary>
    [JsonStringEnumMemberName("set")] Set,

    /// <summary>The model was undeployed; the revision keeps the spec it stopped serving.</summary>
    [JsonStringEnumMemberName("remove")] Remove,

    /// <summary>An earlier revision's spec was applied again.</summary>
    [JsonStringEnumMemberName("rollback")] Rollback,
}
