using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Capstan.Core.Registry;
using Capstan.Server.Tests.Support;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.Inference;

public sealed class ExposedOutputsTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        await _server.Http.PushAsync("bc", TestModels.BreastCancerOnnx);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static StringContent Body(string outputs = "")
    {
        var row = string.Join(",", TestModels.BreastCancer.Holdout[0].Features.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        return new StringContent($$"""{"inputs": [{"name": "Features", "shape": [1, 30], "datatype": "FP32", "data": [{{row}}]}]{{outputs}}}""", Encoding.UTF8, "application/json");
    }

    [Fact]
    public async Task ADeploymentThatListsOutputs_AnswersOnlyThoseAndDescribesOnlyThose()
    {
        var deployed = await DeployAsync(["Probability.output", "PredictedLabel.output"]);

        using var response = await _server.Http.PostAsync("/v2/models/bc/infer", Body());
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        using var metadata = JsonDocument.Parse(await _server.Http.GetStringAsync("/v2/models/bc"));

        Assert.Equal(["Probability.output", "PredictedLabel.output"], deployed.Outputs);
        Assert.Equal(["Probability.output", "PredictedLabel.output"], answer.RootElement.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        Assert.Equal(["Probability.output", "PredictedLabel.output"], metadata.RootElement.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task ARequestForAnOutputTheDeploymentDoesNotExpose_IsRefusedByName()
    {
        await DeployAsync(["Probability.output"]);

        using var response = await _server.Http.PostAsync("/v2/models/bc/infer", Body(""", "outputs": [{"name": "Features.output"}]"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Features.output", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WideningTheExposedOutputs_ServesTheOnesTheFirstDeploymentLeftUncomputed()
    {
        await DeployAsync(["Probability.output"]);
        await DeployAsync(["Probability.output", "Score.output"]);

        using var response = await _server.Http.PostAsync("/v2/models/bc/infer", Body());
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["Probability.output", "Score.output"], answer.RootElement.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
    }

    [Theory]
    [InlineData("""["Nope"]""", "has no output 'Nope'")]
    [InlineData("""[]""", "at least one")]
    [InlineData("""["Probability.output", "Probability.output"]""", "listed twice")]
    public async Task Deploy_RefusesOutputsTheVersionDoesNotDeclare(string outputs, string expected)
    {
        using var response = await _server.Http.PutAsync("/api/v1/deployments/bc",
            new StringContent($$"""{"target": "bc:1", "outputs": {{outputs}}}""", Encoding.UTF8, "application/json"));

        Assert.Contains(expected, await response.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidInput"));
    }

    private Task<Deployment> DeployAsync(string[] outputs) => _server.Http.DeployAsync("bc:1", outputs: outputs);
}
