using System.Text.Json.Serialization;

namespace Capstan.Core.Pipelines;

/// <summary>Where a pipeline run stands: waiting, running, or ended in one of four ways.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunStatus>))]
public enum RunStatus
{
    /// <summary>Waiting for a free run slot.</summary>
    [JsonStringEnumMemberName("queued")] Queued,

    /// <summary>Being run by one server process.</summary>
    [JsonStringEnumMemberName("running")] Running,

    /// <summary>The candidate passed the gate and was registered (and rolled out when the spec says so).</summary>
    [JsonStringEnumMemberName("succeeded")] Succeeded,

    /// <summary>The candidate failed the gate: nothing was registered or deployed.</summary>
    [JsonStringEnumMemberName("rejected")] Rejected,

    /// <summary>The run could not finish: bad data, failed checks, an error, or a restart cut it off.</summary>
    [JsonStringEnumMemberName("failed")] Failed,

    /// <summary>Someone cancelled the run.</summary>
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}
