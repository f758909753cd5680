using System.Text.Json.Serialization;

namespace Capstan.Serving.Lifecycle;

/// <summary>The lifecycle of one loaded version: loading, ready, unloading, then unavailable (with a reason).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModelState>))]
public enum ModelState
{
    /// <summary>The artifact is being copied, loaded and warmed; no traffic yet.</summary>
    [JsonStringEnumMemberName("loading")] Loading,

    /// <summary>Loaded and warmed; takes traffic.</summary>
    [JsonStringEnumMemberName("ready")] Ready,

    /// <summary>Retired: takes no new requests and is unloaded once the ones inside finish.</summary>
    [JsonStringEnumMemberName("unloading")] Unloading,

    /// <summary>Not in memory: unloaded, or failed to load.</summary>
    [JsonStringEnumMemberName("unavailable")] Unavailable,
}
