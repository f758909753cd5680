using System.Runtime.InteropServices;
using System.Text.Json;
using Capstan.Server.Inference.Grpc.Protocol;
using Capstan.Server.Tests.Support;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.ML.OnnxRuntime;

namespace Capstan.Server.Tests.Inference.Grpc;

/// <summary>A real Capstan server with the breast cancer model deployed in ONNX (<c>bc</c>) and ML.NET (<c>bcml</c>) form, reached through Grpc.Net.Client on its gRPC port.</summary>
public sealed class DeployedModelsServer : IAsyncLifetime
{
    private GrpcChannel _channel = null!;

    /// <summary>The server.</summary>
    public RunningServer Server { get; private set; } = null!;

    /// <summary>A client for the server's gRPC port.</summary>
    internal GRPCInferenceService.GRPCInferenceServiceClient Client { get; private set; } = null!;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        Server = await RunningServer.StartAsync();
        await Server.Http.PushAsync("bc", TestModels.BreastCancerOnnx);
        await Server.Http.PushAsync("bcml", TestModels.BreastCancerMlNet);
        await Server.Http.DeployAsync("bc:1");
        await Server.Http.DeployAsync("bcml:1");
        _channel = GrpcChannels.For(Server);
        Client = new GRPCInferenceService.GRPCInferenceServiceClient(_channel);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>The gRPC front end end to end: a real server, real deployed models, the real data plane.</summary>
public sealed class GrpcEndToEndTests(DeployedModelsServer deployed) : IClassFixture<DeployedModelsServer>
{
    private GRPCInferenceService.GRPCInferenceServiceClient Client => deployed.Client;

    [Fact]
    public async Task ServerLiveAndServerReady_AnswerOnTheGrpcPort()
    {
        var live = await Client.ServerLiveAsync(new ServerLiveRequest());
        var ready = await Client.ServerReadyAsync(new ServerReadyRequest());

        Assert.Equal((true, true), (live.Live, ready.Ready));
    }

    [Fact]
    public async Task ServerMetadata_AnswersWhatRestAnswers()
    {
        var metadata = await Client.ServerMetadataAsync(new ServerMetadataRequest());
        using var rest = JsonDocument.Parse(await deployed.Server.Http.GetStringAsync("/v2"));

        Assert.Equal(rest.RootElement.GetProperty("name").GetString(), metadata.Name);
        Assert.Equal(rest.RootElement.GetProperty("version").GetString(), metadata.Version);
        Assert.Equal(rest.RootElement.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()), metadata.Extensions);
    }

    [Fact]
    public async Task ModelReady_IsTrueForADeployedModelAndNotFoundForAnother()
    {
        var ready = await Client.ModelReadyAsync(new ModelReadyRequest { Name = "bc", Version = "1" });
        var missing = await Assert.ThrowsAsync<RpcException>(async () => await Client.ModelReadyAsync(new ModelReadyRequest { Name = "nope" }));

        Assert.True(ready.Ready);
        Assert.Equal((StatusCode.NotFound, "Model 'nope' is not deployed."), (missing.StatusCode, missing.Status.Detail));
    }

    [Fact]
    public async Task ModelMetadata_DescribesTheDeployedOnnxModel()
    {
        var metadata = await Client.ModelMetadataAsync(new ModelMetadataRequest { Name = "bc" });

        Assert.Equal(("bc", "onnxruntime_onnx"), (metadata.Name, metadata.Platform));
        Assert.Equal(["1"], metadata.Versions);
        var input = Assert.Single(metadata.Inputs);
        Assert.Equal(("Features", "FP32", "-1,30"), (input.Name, input.Datatype, string.Join(",", input.Shape)));
        Assert.Equal(["Features.output FP32 -1,30", "PredictedLabel.output BOOL -1,1", "Score.output FP32 -1,1", "Probability.output FP32 -1,1"],
            metadata.Outputs.Select(output => $"{output.Name} {output.Datatype} {string.Join(",", output.Shape)}"));
    }

    [Fact]
    public async Task ModelInfer_RawRequestAnswersInRawContentsLikeAPlainOnnxSession()
    {
        var features = Rows(0, 3);
        var request = InferRequests.Raw("bc", "Features", "FP32", [3, 30], MemoryMarshal.AsBytes(features.AsSpan()));
        request.Id = "req-7";
        request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "Probability.output" });

        var response = await Client.ModelInferAsync(request);

        Assert.Equal(("bc", "1", "req-7"), (response.ModelName, response.ModelVersion, response.Id));
        var output = Assert.Single(response.Outputs);
        Assert.Equal(("Probability.output", "FP32", "3,1"), (output.Name, output.Datatype, string.Join(",", output.Shape)));
        Assert.Equal(SessionProbabilities(features, 3), MemoryMarshal.Cast<byte, float>(response.RawOutputContents[0].Span).ToArray());
    }

    [Fact]
    public async Task ModelInfer_TypedRequestAnswersInTypedContentsLikeAPlainOnnxSession()
    {
        var features = Rows(3, 2);
        var request = InferRequests.Typed("bc", "Features", "FP32", [2, 30], new InferTensorContents { Fp32Contents = { features } });
        request.ModelVersion = "1";

        var response = await Client.ModelInferAsync(request);

        Assert.Empty(response.RawOutputContents);
        var probability = response.Outputs.Single(o => o.Name == "Probability.output");
        Assert.Equal(SessionProbabilities(features, 2), probability.Contents.Fp32Contents);
    }

    [Fact]
    public async Task ModelInfer_RunsTheMlNetFormOfTheModel()
    {
        var features = Rows(5, 1);
        var request = InferRequests.Raw("bcml", "Features", "FP32", [1, 30], MemoryMarshal.AsBytes(features.AsSpan()));

        var response = await Client.ModelInferAsync(request);

        Assert.Equal(("bcml", "1"), (response.ModelName, response.ModelVersion));
        Assert.Equal(response.Outputs.Count, response.RawOutputContents.Count);
        Assert.Contains(response.Outputs, output => output.Name == "Probability");
    }

    [Fact]
    public async Task ModelInfer_RefusesAShapeTheModelDoesNotTakeWithInvalidArgumentNamingTheInput()
    {
        var request = InferRequests.Raw("bc", "Features", "FP32", [1, 29], new byte[29 * 4]);

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await Client.ModelInferAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("'Features'", refused.Status.Detail);
    }

    [Fact]
    public async Task ModelInfer_AnswersNotFoundForAVersionThatIsNotDeployed()
    {
        var request = new ModelInferRequest { ModelName = "bc", ModelVersion = "9" };

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await Client.ModelInferAsync(request));

        Assert.Equal((StatusCode.NotFound, "Model 'bc' has no version 9 deployed."), (refused.StatusCode, refused.Status.Detail));
    }

    private static float[] Rows(int first, int count) =>
        [.. TestModels.BreastCancer.Holdout.Skip(first).Take(count).SelectMany(sample => sample.Features)];

    private static float[] SessionProbabilities(float[] features, int rows)
    {
        using var session = new InferenceSession(TestModels.BreastCancerOnnx);
        using var input = OrtValue.CreateTensorValueFromMemory(features, [rows, 30]);
        using var options = new RunOptions();
        using var outputs = session.Run(options, ["Features"], [input], ["Probability.output"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
