using System.Text.Json.Serialization;

namespace Capstan.Core.Security;

/// <summary>What a caller may do; each role grants a fixed set of permissions.</summary>
/// <remarks>
/// Viewer reads the registry, deployments and status; Predictor calls inference only; Deployer does what Viewer and
/// Predictor do and also pushes, moves aliases, deploys and rolls out; Admin does everything, including keys, the
/// audit trail and settings.
/// </remarks>
[JsonConverter(typeof(JsonStringEnumConverter<Role>))]
public enum Role
{
    /// <summary>Reads models, versions, deployments and status.</summary>
    [JsonStringEnumMemberName("viewer")] Viewer,

    /// <summary>Calls inference and reads the metadata inference needs.</summary>
    [JsonStringEnumMemberName("predictor")] Predictor,

    /// <summary>Reads, calls inference, and changes models, aliases and deployments.</summary>
    [JsonStringEnumMemberName("deployer")] Deployer,

    /// <summary>Does everything, including managing keys and reading the audit trail.</summary>
    [JsonStringEnumMemberName("admin")] Admin,
}
