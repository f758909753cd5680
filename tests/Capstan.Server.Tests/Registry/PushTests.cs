using System.Net;
using System.Security.Cryptography;
using Capstan.Server.Security;
using Capstan.Core.Registry;
using Capstan.Core.Signatures;
using Capstan.Server.Tests.Support;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.Registry;

public sealed class PushTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await RunningServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Push_RecordsOnnxFormatSizeDigestAndSignatureReadFromTheFile()
    {
        var path = TestModels.BreastCancerOnnx;

        var version = await _server.Http.PushAsync("bc", path);

        Assert.Equal(("bc", 1), (version.Model, version.Version));
        Assert.Equal(ModelFormat.Onnx, version.Format);
        Assert.Equal(new FileInfo(path).Length, version.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), version.Sha256);
        var features = Assert.Single(version.Signature.Inputs);
        Assert.Equal(new TensorSpec("Features", TensorDataType.Fp32, [-1, 30]), features);
        Assert.Contains(version.Signature.Outputs, o => o.Name == "Probability.output" && o.DataType == TensorDataType.Fp32);
        Assert.Equal(["Features"], version.Signature.RequiredInputs);
    }

    [Fact]
    public async Task Push_RecordsMlNetSignatureWithoutRequiringTheLabel()
    {
        var version = await _server.Http.PushAsync("bc-mlnet", TestModels.BreastCancerMlNet);

        Assert.Equal(ModelFormat.MlNet, version.Format);
        Assert.Contains(version.Signature.Inputs, i => i.Name == "Label" && i.DataType == TensorDataType.Bool);
        Assert.Equal(["Features"], version.Signature.RequiredInputs);
        Assert.Contains(version.Signature.Outputs, o => o.Name == "Probability");
    }

    [Fact]
    public async Task Push_KeepsEveryMetadataFieldAndAnswersWithTheLocationOfTheVersion()
    {
        await _server.Http.PushAsync("base", TestModels.BreastCancerOnnx);
        var metadata = new PushMetadata(
            Alias: "champion",
            Metrics: new Dictionary<string, double> { ["auc"] = 0.987, ["log-loss"] = 0.12 },
            Params: new Dictionary<string, string> { ["trees"] = "100" },
            Tags: new Dictionary<string, string> { ["team"] = "risk <script>" },
            Description: "Gradient-boosted trees",
            ModelCard: "# Card\n\nTrained on *breast cancer*.",
            Lineage: new Lineage("0123456789abcdef0123456789abcdef01234567", "main", true, "sha256:abc", "base"),
            PushedBy: "ada");

        using var response = await _server.Http.PostAsync("/api/v1/models/bc/versions", Http.PushBody(TestModels.BreastCancerOnnx, metadata));
        var version = await response.ReadOkAsync<ModelVersionInfo>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/v1/versions/bc%3A1", response.Headers.Location?.OriginalString);
        Assert.Equal(metadata.Metrics, version.Metrics);
        Assert.Equal(metadata.Params, version.Params);
        Assert.Equal(metadata.Tags, version.Tags);
        Assert.Equal((metadata.Description, metadata.ModelCard, FirstAdminKey.Name), (version.Description, version.ModelCard, version.PushedBy));
        Assert.Equal(metadata.Lineage! with { Parent = "base:1" }, version.Lineage);
        Assert.Equal(["champion"], version.Aliases);
        var stored = await _server.Http.GetStringAsync("/api/v1/versions/bc@champion");
        var pushed = System.Text.Json.JsonSerializer.SerializeToNode(version, Capstan.Core.Serialization.CapstanJson.Options);
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(pushed, System.Text.Json.Nodes.JsonNode.Parse(stored)), stored);
    }

    [Fact]
    public async Task Push_NumbersVersionsOneToSixtyFourUnderSixtyFourConcurrentPushes()
    {
        var pushes = Enumerable.Range(0, 64).Select(_ => _server.Http.PushAsync("busy", TestModels.BreastCancerOnnx));

        var versions = await Task.WhenAll(pushes);

        Assert.Equal(Enumerable.Range(1, 64), versions.Select(v => v.Version).Order());
        var listed = await _server.Http.GetOkAsync<Page<ModelVersionInfo>>("/api/v1/models/busy/versions?pageSize=1000");
        Assert.Equal(Enumerable.Range(1, 64).Reverse(), listed.Items.Select(v => v.Version));
    }

    [Fact]
    public async Task Push_StoresIdenticalContentOnceAndKeepsItWhileAnyVersionUsesIt()
    {
        await _server.Http.PushAsync("a", TestModels.BreastCancerOnnx);
        await _server.Http.PushAsync("b", TestModels.BreastCancerOnnx);

        Assert.Single(Directory.GetFiles(Path.Combine(_server.DataDirectory, "artifacts", "sha256"), "*", SearchOption.AllDirectories));
        (await _server.Http.DeleteAsync("/api/v1/versions/a:1")).EnsureSuccessStatusCode();
        using var download = await _server.Http.GetAsync("/api/v1/versions/b:1/artifact");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
    }
}
