using System.Text.Json.Serialization;

namespace Capstan.Core.Registry;

/// <summary>Where a deployment stands, as the server that reconciles it last reported.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeploymentState>))]
public enum DeploymentState
{
    /// <summary>Desired but not yet picked up by a server.</summary>
    [JsonStringEnumMemberName("pending")] Pending,

    /// <summary>A server is loading and warming the desired version.</summary>
    [JsonStringEnumMemberName("loading")] Loading,

    /// <summary>The desired version serves traffic.</summary>
    [JsonStringEnumMemberName("ready")] Ready,

    /// <summary>The desired version failed to load; the previous version, if any, still serves.</summary>
    [JsonStringEnumMemberName("failed")] Failed,
}
