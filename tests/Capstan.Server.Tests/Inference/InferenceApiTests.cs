using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Capstan.Server.Tests.Support;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;
using Microsoft.ML.OnnxRuntime;

namespace Capstan.Server.Tests.Inference;

public sealed class InferenceApiTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        await _server.Http.PushAsync("bc", TestModels.BreastCancerOnnx);
        await _server.Http.DeployAsync("bc:1");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static float[] Row(int index) => TestModels.BreastCancer.Holdout[index].Features;

    private static string Numbers(IEnumerable<float> values) => string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Infer_AnswersLikeAPlainSessionEchoingTheIdAndNamingTheVersion()
    {
        var rows = new[] { Row(0), Row(1), Row(2) };
        var body = $$"""{"id": "req-7", "inputs": [{"name": "Features", "shape": [3, 30], "datatype": "FP32", "data": [{{Numbers(rows.SelectMany(r => r))}}]}], "outputs": [{"name": "Probability.output"}]}""";

        using var response = await _server.Http.PostAsync("/v2/models/bc/infer", Body(body));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("bc:1", response.Headers.GetValues("X-Capstan-Version").Single());
        var root = json.RootElement;
        Assert.Equal(("bc", "1", "req-7"), (root.GetProperty("model_name").GetString(), root.GetProperty("model_version").GetString(), root.GetProperty("id").GetString()));
        var output = Assert.Single(root.GetProperty("outputs").EnumerateArray());
        Assert.Equal("Probability.output", output.GetProperty("name").GetString());
        Assert.Equal([3, 1], output.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        using var session = new InferenceSession(TestModels.BreastCancerOnnx);
        using var input = OrtValue.CreateTensorValueFromMemory(rows.SelectMany(r => r).ToArray(), [3, 30]);
        using var expected = session.Run(new RunOptions(), ["Features"], [input], ["Probability.output"]);
        Assert.Equal(expected[0].GetTensorDataAsSpan<float>().ToArray(), output.GetProperty("data").EnumerateArray().Select(e => e.GetSingle()));
    }

    [Fact]
    public async Task Infer_TakesNestedDataAndReturnsEveryOutputWhenNoneIsNamed()
    {
        var body = $$"""{"inputs": [{"name": "Features", "shape": [1, 30], "datatype": "FP32", "data": [[{{Numbers(Row(4))}}]]}]}""";

        using var response = await _server.Http.PostAsync("/v2/models/bc/versions/1/infer", Body(body));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["Features.output", "PredictedLabel.output", "Score.output", "Probability.output"],
            json.RootElement.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
    }

    [Theory]
    [InlineData("/v2/models/nope/infer", HttpStatusCode.NotFound, "Model 'nope' is not deployed.")]
    [InlineData("/v2/models/bc/versions/9/infer", HttpStatusCode.NotFound, "Model 'bc' has no version 9 deployed.")]
    public async Task Infer_AnswersTheProtocolsErrorObjectForAModelOrVersionThatIsNotDeployed(string path, HttpStatusCode status, string message)
    {
        var body = $$"""{"inputs": [{"name": "Features", "shape": [1, 30], "datatype": "FP32", "data": [{{Numbers(Row(0))}}]}]}""";

        using var response = await _server.Http.PostAsync(path, Body(body));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(message, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("""{"inputs": [{"name": "Features", "shape": [1, 29], "datatype": "FP32", "data": [1]}]}""", "Features")]
    [InlineData("""{"inputs": [{"name": "Features", "shape": [1, 2], "datatype": "FP32", "data": [1, "x"]}]}""", "Features")]
    [InlineData("""{"inputs": [{"name": "Other", "shape": [1, 1], "datatype": "FP32", "data": [1]}]}""", "Other")]
    [InlineData("""{"inputs": [{"name": "Features", "shape": [1, 1], "datatype": "FP99", "data": [1]}]}""", "FP99")]
    [InlineData("""{"inputs": [""", "JSON")]
    public async Task Infer_RefusesABadRequestWith400NamingTheProblem(string body, string named)
    {
        using var response = await _server.Http.PostAsync("/v2/models/bc/infer", Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        using var live = await _server.Http.GetAsync("/v2/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Metadata_DescribesTheServedModelWithVariableDimensions()
    {
        using var json = JsonDocument.Parse(await _server.Http.GetStringAsync("/v2/models/bc"));

        var root = json.RootElement;
        Assert.Equal(("bc", "onnxruntime_onnx"), (root.GetProperty("name").GetString(), root.GetProperty("platform").GetString()));
        Assert.Equal(["1"], root.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        var input = Assert.Single(root.GetProperty("inputs").EnumerateArray());
        Assert.Equal(("Features", "FP32"), (input.GetProperty("name").GetString(), input.GetProperty("datatype").GetString()));
        Assert.Equal([-1, 30], input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
    }

    [Theory]
    [InlineData("/v2/health/ready", HttpStatusCode.OK)]
    [InlineData("/v2/models/bc/ready", HttpStatusCode.OK)]
    [InlineData("/v2/models/bc/versions/1/ready", HttpStatusCode.OK)]
    [InlineData("/v2/models/bc/versions/2/ready", HttpStatusCode.NotFound)]
    [InlineData("/v2/models/nope/ready", HttpStatusCode.NotFound)]
    public async Task Readiness_AnswersForTheServerAndEachModel(string path, HttpStatusCode status)
    {
        using var response = await _server.Http.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
    }

    [Fact]
    public async Task ServerMetadata_NamesCapstanItsVersionAndTheBinaryTensorDataExtension()
    {
        using var json = JsonDocument.Parse(await _server.Http.GetStringAsync("/v2"));

        Assert.Equal("capstan", json.RootElement.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("version").GetString()));
        Assert.Equal(["binary_tensor_data"], json.RootElement.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Predict_MapsNamedColumnsOntoTheModelAndAnswersOnePredictionPerRow()
    {
        await _server.Http.PushAsync("mixed", TestModels.MixedInputsMlNet);
        await _server.Http.DeployAsync("mixed");
        var row = """{"Comment": "great value", "Flag": true, "Amount": 12.5, "Count": 3, "Category": 2, "Readings": [1, 2, 3, 4]}""";

        using var response = await _server.Http.PostAsync("/v1/models/mixed:predict", Body($$"""{"instances": [{{row}}, {{row}}]}"""));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("mixed:1", response.Headers.GetValues("X-Capstan-Version").Single());
        var predictions = JsonDocument.Parse(text).RootElement.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(2, predictions.Count);
        Assert.Equal(predictions[0].GetRawText(), predictions[1].GetRawText());
    }

    [Fact]
    public async Task Predict_LeavesOutOutputsWithoutARowPerInstance()
    {
        await _server.Http.PushAsync("fixed", TestModels.FixedSizeOutputOnnx);
        await _server.Http.DeployAsync("fixed");

        using var response = await _server.Http.PostAsync("/v1/models/fixed:predict", Body("""{"instances": [{"X": [1, 2]}, {"X": [3, 4]}]}"""));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var predictions = JsonDocument.Parse(text).RootElement.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(["Y"], predictions.SelectMany(p => p.EnumerateObject().Select(o => o.Name)).Distinct());
        Assert.Equal(2, predictions.Count);
    }

    [Fact]
    public async Task Predict_RefusesAModelWithoutAnyOutputThatHasARowPerInstance()
    {
        await _server.Http.PushAsync("fixed-only", TestModels.SequenceOutputOnnx);
        await _server.Http.DeployAsync("fixed-only");

        using var response = await _server.Http.PostAsync("/v1/models/fixed-only:predict", Body("""{"instances": [{"X": 1}]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("The model 'fixed-only' has no output with a row per instance (a first dimension of -1), so it cannot answer in predictions; send the request with the V2 protocol.",
            JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Predict_AnswersAnErrorNotAnEmptyBodyWhenAnOutputHasNoRowPerInstance()
    {
        await _server.Http.PushAsync("misdeclared", TestModels.MisdeclaredShapesOnnx);
        await _server.Http.DeployAsync("misdeclared");

        using var response = await _server.Http.PostAsync("/v1/models/misdeclared:predict", Body("""{"instances": [{"X": [1, 2]}, {"X": [3, 4]}]}"""));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("'Tiled' has the shape [4,2]", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Predict_RefusesAMissingColumnByName()
    {
        using var response = await _server.Http.PostAsync("/v1/models/bc:predict", Body("""{"instances": [{"Other": 1}]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Features", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task TwentyDeploysUnderConcurrentLoad_FailNoRequest()
    {
        await _server.Http.PushAsync("bc", TestModels.SmallBreastCancer.OnnxPath);
        var body = $$"""{"inputs": [{"name": "Features", "shape": [1, 30], "datatype": "FP32", "data": [{{Numbers(Row(5))}}]}], "outputs": [{"name": "Probability.output"}]}""";
        using var stop = new CancellationTokenSource();
        var failures = new List<string>();
        var served = new HashSet<string>();
        var clients = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await _server.Http.PostAsync("/v2/models/bc/infer", Body(body));
                var text = await response.Content.ReadAsStringAsync();
                lock (failures)
                {
                    if (response.StatusCode != HttpStatusCode.OK)
                        failures.Add($"{(int)response.StatusCode}: {text}");
                    else
                        served.Add(response.Headers.GetValues("X-Capstan-Version").Single());
                }
            }
        })).ToList();

        for (var deploy = 0; deploy < 20; deploy++)
            await _server.Http.DeployAsync($"bc:{2 - deploy % 2}");
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        Assert.Empty(failures);
        Assert.Equal(["bc:1", "bc:2"], served.Order());
    }
}
