using System.Text.Json;
using Capstan.Core.Errors;
using Capstan.Registry.Stores;
using Capstan.Server.Problems;
using Capstan.Server.Registry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Capstan.Server.Security;

/// <summary>Records a denied request in the audit trail: who, from where, what they tried and why it was refused.</summary>
/// <remarks>A failure to write the entry is logged and does not change the answer the caller gets. Thread-safe.</remarks>
public sealed class DenialRecorder(IAuditStore audit, ILogger<DenialRecorder> logger)
{
    /// <summary>The audit action of a denied request.</summary>
    public const string Action = "request.denied";

    /// <summary>Appends the entry for <paramref name="context"/>'s request, refused with <paramref name="error"/>, concerning <paramref name="model"/> when known.</summary>
    public async Task RecordAsync(HttpContext context, Error error, string? model)
    {
        var target = $"{context.Request.Method} {context.Request.Path}";
        var after = JsonSerializer.Serialize(new { status = ErrorStatus.For(error.Code), reason = error.Message });
        try
        {
            await audit.AppendAuditAsync(new AuditEvent(Action, target, model, null, after), RequestActor.Of(context), CancellationToken.None);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            logger.LogError(e, "The denied request {Target} could not be recorded in the audit trail", target);
        }
    }
}
