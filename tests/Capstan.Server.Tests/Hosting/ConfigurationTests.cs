using System.Net;
using System.Text;
using Capstan.Server.Tests.Support;
using Capstan.Testing.Files;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.Hosting;

public sealed class ConfigurationTests
{
    [Fact]
    public async Task ServingLimits_BindFromTheEnvironmentAndApplyToRequests()
    {
        using var data = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(data.Path, new Dictionary<string, string> { ["ServingLimits__MaxTensorElements"] = "10" });
        await server.Http.PushAsync("bc", TestModels.BreastCancerOnnx);
        await server.Http.DeployAsync("bc");
        var row = string.Join(",", Enumerable.Repeat("1", 30));

        using var response = await server.Http.PostAsync("/v2/models/bc/infer",
            new StringContent($$"""{"inputs": [{"name": "Features", "shape": [1, 30], "datatype": "FP32", "data": [{{row}}]}]}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("10", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ServingLimits_OutOfRangeStopTheServerAtStart()
    {
        using var data = new TempDirectory();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ServerProcess.StartAsync(data.Path, new Dictionary<string, string> { ["ServingLimits__MaxTensorElements"] = "0" }));

        Assert.Contains("MaxTensorElements", refused.Message);
    }
}
