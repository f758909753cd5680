using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.Inference;

/// <summary>The binary tensor data extension through a real server, as Triton's and KServe's HTTP clients use it.</summary>
public sealed class BinaryTensorDataEndToEndTests(SmallBodyLimitServer limited) : IClassFixture<SmallBodyLimitServer>
{
    private const string Header = "Inference-Header-Content-Length";
    private RunningServer Server => limited.Server;

    private static float[] Rows(int count) => TestModels.BreastCancer.Holdout.Take(count).SelectMany(sample => sample.Features).ToArray();

    [Fact]
    public async Task BinaryFeatures_AnswerWhatJsonFeaturesAnswer_WithTheOutputsEachAsTheRequestChose()
    {
        var features = Rows(3);
        var raw = MemoryMarshal.AsBytes(features.AsSpan()).ToArray();
        var header = $$"""{"inputs": [{"name": "Features", "shape": [3, 30], "datatype": "FP32", "parameters": {"binary_data_size": {{raw.Length}} } }],""" +
            """ "outputs": [{"name": "Probability.output"}, {"name": "PredictedLabel.output", "parameters": {"binary_data": true}}]}""";
        var json = $$"""{"inputs": [{"name": "Features", "shape": [3, 30], "datatype": "FP32", "data": [{{string.Join(",", features.Select(f => f.ToString("R", CultureInfo.InvariantCulture)))}}]}]}""";

        using var binaryResponse = await Server.Http.PostAsync("/v2/models/bc/infer", Binary(header, raw));
        using var jsonResponse = await Server.Http.PostAsync("/v2/models/bc/infer", new StringContent(json, Encoding.UTF8, "application/json"));
        var body = await binaryResponse.Content.ReadAsByteArrayAsync();
        using var expected = JsonDocument.Parse(await jsonResponse.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, binaryResponse.StatusCode);
        Assert.Equal("bc:1", binaryResponse.Headers.GetValues("X-Capstan-Version").Single());
        var jsonLength = int.Parse(binaryResponse.Headers.GetValues(Header).Single(), CultureInfo.InvariantCulture);
        using var answer = JsonDocument.Parse(body.AsMemory(0, jsonLength));
        var outputs = answer.RootElement.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
        var expectedOutputs = expected.RootElement.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
        Assert.Equal(expectedOutputs["Probability.output"].GetProperty("data").GetRawText(), outputs["Probability.output"].GetProperty("data").GetRawText());
        Assert.Equal(3, outputs["PredictedLabel.output"].GetProperty("parameters").GetProperty("binary_data_size").GetInt32());
        Assert.Equal(
            expectedOutputs["PredictedLabel.output"].GetProperty("data").EnumerateArray().Select(e => e.GetBoolean() ? (byte)1 : (byte)0),
            body[jsonLength..]);
    }

    [Fact]
    public async Task ABinaryRequestThatDoesNotAddUp_Gets400NamingTheProblem_AndTheServerGoesOnServing()
    {
        var raw = MemoryMarshal.AsBytes(Rows(1).AsSpan()).ToArray();
        var header = """{"inputs": [{"name": "Features", "shape": [1, 30], "datatype": "FP32", "parameters": {"binary_data_size": 200}}]}""";

        using var refused = await Server.Http.PostAsync("/v2/models/bc/infer", Binary(header, raw));
        using var served = await Server.Http.PostAsync("/v2/models/bc/infer", Binary(header.Replace("200", "120", StringComparison.Ordinal), raw));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("The binary data of the input 'Features' is 200 bytes, but only 120 are left in the body.", error.RootElement.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task ABinaryBodyOverTheLimit_Gets413InTheProtocolsErrorShape()
    {
        var raw = new byte[120_000];
        var header = """{"inputs": [{"name": "Features", "shape": [1000, 30], "datatype": "FP32", "parameters": {"binary_data_size": 120000}}]}""";

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/bc/infer") { Content = Binary(header, raw) };
        request.Headers.ExpectContinue = true;

        using var response = await Server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("The request body is over the limit of 100,000 bytes.", error.RootElement.GetProperty("error").GetString());
    }

    private static ByteArrayContent Binary(string header, byte[] raw)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var content = new ByteArrayContent([.. json, .. raw]);
        content.Headers.ContentType = new("application/octet-stream");
        content.Headers.Add(Header, json.Length.ToString(CultureInfo.InvariantCulture));
        return content;
    }
}
