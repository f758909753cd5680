using System.Globalization;
using System.Text.Json;
using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Serialization;
using Capstan.Core.Serving;

namespace Capstan.Client;

public sealed partial class CapstanClient
{
    /// <summary>Reads a model's inference log: the logged requests answered between <paramref name="since"/> and <paramref name="until"/>, oldest first.</summary>
    /// <param name="model">The serving name.</param>
    /// <param name="since">Only requests answered at or after this time, or null for the start of the log.</param>
    /// <param name="until">Only requests answered before this time, or null for now.</param>
    /// <param name="limit">The most requests to return; the server's default when null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <remarks>The log holds a request once its file has rolled (by size or time); the newest requests may not be readable yet.</remarks>
    public Task<Result<IReadOnlyList<LoggedInference>>> ReadInferenceLogAsync(
        string model, DateTimeOffset? since = null, DateTimeOffset? until = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        if (!ModelName.Parse(model).TryGetValue(out _, out var error))
            return Task.FromResult<Result<IReadOnlyList<LoggedInference>>>(error);
        var path = $"{Api}/models/{Uri.EscapeDataString(model)}/logs" + Query(
            ("since", since?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)),
            ("until", until?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)),
            ("limit", limit?.ToString(CultureInfo.InvariantCulture)));
        var request = CreateRequest(HttpMethod.Get, path, null);
        return ReadLinesAsync(request, cancellationToken);
    }

    private async Task<Result<IReadOnlyList<LoggedInference>>> ReadLinesAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            return await ExchangeAsync<IReadOnlyList<LoggedInference>>(request, async (response, token) =>
            {
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(token));
                var records = new List<LoggedInference>();
                while (await reader.ReadLineAsync(token) is { } line)
                {
                    if (line.Length > 0)
                        records.Add(JsonSerializer.Deserialize<LoggedInference>(line, CapstanJson.Options)!);
                }
                return records;
            }, cancellationToken);
        }
    }
}
