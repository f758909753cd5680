namespace Capstan.Serving.Tests.Support;

/// <summary>Waits for what the server does on its own threads after a call has returned.</summary>
internal static class Poll
{
    /// <summary>Checks <paramref name="condition"/> every 50 ms for up to 15 s and asserts that it came to hold.</summary>
    public static async Task UntilAsync(Func<bool> condition)
    {
        for (var attempt = 0; attempt < 300 && !condition(); attempt++)
            await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.True(condition());
    }
}
