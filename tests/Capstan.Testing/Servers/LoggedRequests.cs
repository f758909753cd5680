namespace Capstan.Testing.Servers;

/// <summary>Waits for a running server's inference log to publish requests, which it does as its files roll (<c>InferenceLogOptions:RollInterval</c>).</summary>
public static class LoggedRequests
{
    /// <summary>Polls the log of <paramref name="model"/> until it holds <paramref name="count"/> requests; throws when it does not within a minute.</summary>
    public static async Task WaitForLoggedAsync(this RunningServer server, string model, int count, CancellationToken cancellationToken)
    {
        var held = 0;
        for (var attempt = 0; attempt < 240; attempt++)
        {
            var body = await server.Http.GetStringAsync($"/api/v1/models/{model}/logs?since=2000-01-01T00:00:00Z&limit={count + 1}", cancellationToken);
            held = body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            if (held == count)
                return;
            await Task.Delay(250, cancellationToken);
        }
        throw new TimeoutException($"The inference log of {model} held {held} requests, not {count}, after a minute.");
    }
}
