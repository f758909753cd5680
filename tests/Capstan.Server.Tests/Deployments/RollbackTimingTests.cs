using System.Diagnostics;
using System.Text;
using Capstan.Core.Registry;
using Capstan.Server.Inference;
using Capstan.Server.Tests.Support;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.Deployments;

public sealed class RollbackTimingTests
{
    [Fact]
    public async Task Rollback_TakesEffectWithinASecond()
    {
        await using var server = await RunningServer.StartAsync();
        await server.Http.PushAsync("bc", TestModels.BreastCancerOnnx);
        await server.Http.PushAsync("bc", TestModels.SmallBreastCancer.OnnxPath);
        await server.Http.DeployAsync("bc:1");
        await server.Http.DeployAsync("bc:2");
        Assert.Equal("bc:2", await ServingVersionAsync(server));

        var clock = Stopwatch.StartNew();
        using var rollback = await server.Http.PostAsync("/api/v1/deployments/bc/rollback", Http.Json(new RollbackRequest(null, "bad release")));
        while (await ServingVersionAsync(server) != "bc:1" && clock.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(10, TestContext.Current.CancellationToken);
        var elapsed = clock.Elapsed;

        Assert.True(rollback.IsSuccessStatusCode, await rollback.Content.ReadAsStringAsync());
        Assert.Equal("bc:1", await ServingVersionAsync(server));
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"the rollback took {elapsed.TotalMilliseconds:0} ms to serve bc:1");
    }

    private static async Task<string> ServingVersionAsync(RunningServer server)
    {
        using var response = await server.Http.PostAsync(
            "/v2/models/bc/infer", new StringContent(InferBodies.BreastCancerProbability, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues(VersionHeader.Name).Single();
    }
}
