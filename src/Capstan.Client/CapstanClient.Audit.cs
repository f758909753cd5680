using System.Globalization;
using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Registry;
using Capstan.Core.Security;
using Capstan.Client.Http;

namespace Capstan.Client;

/// <summary>The audit trail and API key operations of the client.</summary>
public sealed partial class CapstanClient
{
    /// <summary>Lists one page of audit entries, newest first.</summary>
    /// <param name="model">Only entries about this model.</param>
    /// <param name="since">Only entries at or after this time.</param>
    /// <param name="pageSize">The most entries to return; the server's default when null.</param>
    /// <param name="pageToken">The token from the previous page, or null for the first.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Result<Page<AuditEntry>>> ListAuditAsync(
        string? model = null, DateTimeOffset? since = null, int? pageSize = null, string? pageToken = null, CancellationToken cancellationToken = default)
    {
        if (model is not null && !ModelName.Parse(model).TryGetValue(out _, out var error))
            return Task.FromResult<Result<Page<AuditEntry>>>(error);
        var sinceText = since?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        return SendAsync<Page<AuditEntry>>(HttpMethod.Get,
            $"{Api}/audit{Query(("model", model), ("since", sinceText), ("pageSize", pageSize?.ToString(CultureInfo.InvariantCulture)), ("pageToken", pageToken))}",
            null, cancellationToken);
    }

    /// <summary>Asks the server to recompute the audit trail's hash chain and report the first problem, if any.</summary>
    public Task<Result<AuditVerification>> VerifyAuditAsync(CancellationToken cancellationToken = default) =>
        SendAsync<AuditVerification>(HttpMethod.Get, $"{Api}/audit/verify", null, cancellationToken);

    /// <summary>Copies every audit entry, oldest first, as JSON lines into <paramref name="destination"/>.</summary>
    /// <returns>How many bytes were copied.</returns>
    public async Task<Result<long>> ExportAuditAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        using var request = CreateRequest(HttpMethod.Get, $"{Api}/audit/export", null);
        return await ExchangeAsync<long>(request, async (response, token) =>
        {
            await using var body = await response.Content.ReadAsStreamAsync(token);
            var buffer = new byte[81920];
            var total = 0L;
            int read;
            while ((read = await body.ReadAsync(buffer, token)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), token);
                total += read;
            }
            return (Result<long>)total;
        }, cancellationToken);
    }

    /// <summary>Creates an API key; the result holds its secret, which the server never shows again.</summary>
    public Task<Result<CreatedApiKey>> CreateKeyAsync(ApiKeyRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<CreatedApiKey>(HttpMethod.Post, $"{Api}/keys", Json(request), cancellationToken);

    /// <summary>Lists every API key, revoked and expired ones included, oldest first.</summary>
    public Task<Result<IReadOnlyList<ApiKeyInfo>>> ListKeysAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<ApiKeyInfo>>(HttpMethod.Get, $"{Api}/keys", null, cancellationToken);

    /// <summary>Revokes an API key by its id, returning it as revoked.</summary>
    public Task<Result<ApiKeyInfo>> RevokeKeyAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<ApiKeyInfo>(HttpMethod.Delete, $"{Api}/keys/{Uri.EscapeDataString(id)}", null, cancellationToken);
}
