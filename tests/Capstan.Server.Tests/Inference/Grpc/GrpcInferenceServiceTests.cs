using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Server.Inference.Grpc.Protocol;
using Capstan.Serving.DataPlane;
using Capstan.Serving.Validation;
using Google.Protobuf;
using Grpc.Core;

namespace Capstan.Server.Tests.Inference.Grpc;

/// <summary>Each RPC of the gRPC inference service through a real Grpc.Net.Client against a real server over a test double of the data plane.</summary>
public sealed class GrpcInferenceServiceTests
{
    [Fact]
    public async Task ServerLive_AnswersLive()
    {
        await using var server = await GrpcTestServer.StartAsync();

        var response = await server.Client.ServerLiveAsync(new ServerLiveRequest());

        Assert.True(response.Live);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ServerReady_AnswersWhetherTheDataPlaneIsReady(bool ready)
    {
        await using var server = await GrpcTestServer.StartAsync();
        server.DataPlane.Ready = ready;

        var response = await server.Client.ServerReadyAsync(new ServerReadyRequest());

        Assert.Equal(ready, response.Ready);
    }

    [Fact]
    public async Task ServerMetadata_NamesCapstanAndItsVersionAsRestDoes()
    {
        await using var server = await GrpcTestServer.StartAsync();

        var response = await server.Client.ServerMetadataAsync(new ServerMetadataRequest());

        Assert.Equal("capstan", response.Name);
        Assert.Equal(Capstan.Server.Inference.ServerVersion.Current, response.Version);
        Assert.Equal(["binary_tensor_data"], response.Extensions);
    }

    [Fact]
    public async Task ModelReady_AsksTheDataPlaneForTheNamedVersion()
    {
        await using var server = await GrpcTestServer.StartAsync();
        server.DataPlane.ModelReady = true;

        var response = await server.Client.ModelReadyAsync(new ModelReadyRequest { Name = "bc", Version = "2" });

        Assert.True(response.Ready);
        Assert.Equal(("bc", "2"), server.DataPlane.LastModel);
    }

    [Fact]
    public async Task ModelReady_LeavesTheVersionToTheDataPlaneWhenNoneIsGiven()
    {
        await using var server = await GrpcTestServer.StartAsync();
        server.DataPlane.ModelReady = false;

        var response = await server.Client.ModelReadyAsync(new ModelReadyRequest { Name = "bc" });

        Assert.False(response.Ready);
        Assert.Equal(("bc", (string?)null), server.DataPlane.LastModel);
    }

    [Fact]
    public async Task ModelMetadata_DescribesTheModelsVersionsPlatformInputsAndOutputs()
    {
        await using var server = await GrpcTestServer.StartAsync();
        server.DataPlane.Metadata = new ModelMetadata(
            "bc", ["1", "2"], "onnxruntime_onnx",
            [new TensorSpec("Features", TensorDataType.Fp32, [-1, 30])],
            [new TensorSpec("PredictedLabel", TensorDataType.Bool, [-1]), new TensorSpec("Probability", TensorDataType.Fp32, [-1])]);

        var response = await server.Client.ModelMetadataAsync(new ModelMetadataRequest { Name = "bc" });

        Assert.Equal(("bc", "onnxruntime_onnx"), (response.Name, response.Platform));
        Assert.Equal(["1", "2"], response.Versions);
        Assert.Equal(["Features FP32 -1,30"], response.Inputs.Select(Describe));
        Assert.Equal(["PredictedLabel BOOL -1", "Probability FP32 -1"], response.Outputs.Select(Describe));
    }

    [Fact]
    public async Task ModelInfer_PassesTheDecodedRequestToTheDataPlane()
    {
        await using var server = await GrpcTestServer.StartAsync();
        var request = InferRequests.Typed("bc", "Features", "FP32", [1, 2], new InferTensorContents { Fp32Contents = { 1.5f, -2f } });
        (request.ModelVersion, request.Id) = ("3", "req-1");
        request.Parameters["priority"] = new InferParameter { Int64Param = 2 };
        request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "Probability" });

        await server.Client.ModelInferAsync(request);

        var seen = server.DataPlane.LastRequest!;
        Assert.Equal(("bc", "3"), server.DataPlane.LastModel);
        Assert.Equal("req-1", seen.Id);
        Assert.Equal([1.5f, -2f], seen.Inputs[0].Span<float>().ToArray());
        Assert.Equal(["Probability"], seen.Outputs!);
        Assert.Equal(2L, seen.Parameters!["priority"].Value);
    }

    [Fact]
    public async Task ModelInfer_AnswersARawRequestInRawOutputContents()
    {
        await using var server = await GrpcTestServer.StartAsync();
        var request = InferRequests.Raw("echo", "x", "INT16", [3], [1, 0, 2, 0, 0xFF, 0xFF]);
        request.Id = "r";

        var response = await server.Client.ModelInferAsync(request);

        Assert.Equal(("echo", "1", "r"), (response.ModelName, response.ModelVersion, response.Id));
        Assert.Equal("x INT16 3", Describe(response.Outputs[0]));
        Assert.Null(response.Outputs[0].Contents);
        Assert.Equal(new byte[] { 1, 0, 2, 0, 0xFF, 0xFF }, response.RawOutputContents[0].ToByteArray());
    }

    [Fact]
    public async Task ModelInfer_AnswersATypedRequestInTypedContents()
    {
        await using var server = await GrpcTestServer.StartAsync();
        var request = InferRequests.Typed("echo", "x", "INT16", [3], new InferTensorContents { IntContents = { 1, 2, -1 } });

        var response = await server.Client.ModelInferAsync(request);

        Assert.Empty(response.RawOutputContents);
        Assert.Equal([1, 2, -1], response.Outputs[0].Contents.IntContents);
    }

    [Fact]
    public async Task ModelInfer_RefusesAMalformedRequestWithInvalidArgumentAndTheReason()
    {
        await using var server = await GrpcTestServer.StartAsync();
        var request = InferRequests.Typed("echo", "x", "FP32", [2, 2], new InferTensorContents { Fp32Contents = { 1, 2, 3 } });

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await server.Client.ModelInferAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Equal("Input 'x' (FP32 [2,2], 4 elements) has 3 values in fp32_contents.", refused.Status.Detail);
        Assert.Null(server.DataPlane.LastRequest);
    }

    [Theory]
    [InlineData(ErrorCode.InvalidInput, StatusCode.InvalidArgument)]
    [InlineData(ErrorCode.NotFound, StatusCode.NotFound)]
    [InlineData(ErrorCode.AlreadyExists, StatusCode.AlreadyExists)]
    [InlineData(ErrorCode.Conflict, StatusCode.FailedPrecondition)]
    [InlineData(ErrorCode.NotReady, StatusCode.Unavailable)]
    [InlineData(ErrorCode.Unauthorized, StatusCode.Unauthenticated)]
    [InlineData(ErrorCode.Forbidden, StatusCode.PermissionDenied)]
    [InlineData(ErrorCode.TooLarge, StatusCode.ResourceExhausted)]
    [InlineData(ErrorCode.Overloaded, StatusCode.Unavailable)]
    [InlineData(ErrorCode.Internal, StatusCode.Internal)]
    public async Task ModelInfer_TranslatesEachDataPlaneErrorToItsStatusWithTheMessage(ErrorCode code, StatusCode status)
    {
        await using var server = await GrpcTestServer.StartAsync();
        server.DataPlane.Infer = _ => new Error(code, $"the data plane says {code}");

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await server.Client.ModelInferAsync(new ModelInferRequest { ModelName = "bc" }));

        Assert.Equal((status, $"the data plane says {code}"), (refused.StatusCode, refused.Status.Detail));
    }

    [Fact]
    public async Task ModelInfer_EndsAnUnexpectedExceptionAsInternalRevealingNothingAndKeepsServing()
    {
        await using var server = await GrpcTestServer.StartAsync();
        server.DataPlane.Infer = _ => throw new InvalidOperationException("secret internal detail");

        var failed = await Assert.ThrowsAsync<RpcException>(async () => await server.Client.ModelInferAsync(new ModelInferRequest { ModelName = "bc" }));

        Assert.Equal((StatusCode.Internal, "An unexpected error occurred; the server log has the details."), (failed.StatusCode, failed.Status.Detail));
        Assert.True((await server.Client.ServerLiveAsync(new ServerLiveRequest())).Live);
    }

    [Fact]
    public async Task ModelReadyAndModelMetadata_AnswerNotFoundForAModelThatIsNotDeployed()
    {
        await using var server = await GrpcTestServer.StartAsync();

        var ready = await Assert.ThrowsAsync<RpcException>(async () => await server.Client.ModelReadyAsync(new ModelReadyRequest { Name = "nope" }));
        var metadata = await Assert.ThrowsAsync<RpcException>(async () => await server.Client.ModelMetadataAsync(new ModelMetadataRequest { Name = "nope" }));

        Assert.Equal((StatusCode.NotFound, "No model is deployed."), (ready.StatusCode, ready.Status.Detail));
        Assert.Equal((StatusCode.NotFound, "No model is deployed."), (metadata.StatusCode, metadata.Status.Detail));
    }

    [Fact]
    public async Task ModelInfer_RefusesAMessageThatIsNotProtobufWithInvalidArgumentAndWhatIsWrong()
    {
        await using var server = await GrpcTestServer.StartAsync();

        var refused = await Assert.ThrowsAsync<RpcException>(() => InferRequests.SendAsync(server.Invoker, [0x0A, 0x05, 0x61]));

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Equal("The request is not a valid ModelInferRequest message: it has a field that runs past the end of its message at byte 2.", refused.Status.Detail);
        Assert.Null(server.DataPlane.LastRequest);
    }

    [Fact]
    public async Task ModelInfer_AnswersBytesThatGoogleProtobufReadsAsTheReply()
    {
        await using var server = await GrpcTestServer.StartAsync();
        var request = InferRequests.Typed("echo", "x", "FP64", [2], new InferTensorContents { Fp64Contents = { 0.5, -1 } });
        request.Id = "bytes";

        var reply = ModelInferResponse.Parser.ParseFrom(await InferRequests.SendAsync(server.Invoker, request.ToByteArray()));

        Assert.Equal(("echo", "1", "bytes"), (reply.ModelName, reply.ModelVersion, reply.Id));
        Assert.Equal([0.5, -1], reply.Outputs[0].Contents.Fp64Contents);
    }

    [Fact]
    public async Task ModelInfer_RefusesAMessageOverTheReceiveLimitWithResourceExhausted()
    {
        await using var server = await GrpcTestServer.StartAsync(new ServingLimits { MaxRequestBytes = 1024 });
        var request = InferRequests.Raw("echo", "x", "UINT8", [2048], new byte[2048]);

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await server.Client.ModelInferAsync(request));

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Null(server.DataPlane.LastRequest);
    }

    [Fact]
    public async Task ModelInfer_AcceptsAMessageOverGrpcsDefaultLimitUnderCapstans()
    {
        await using var server = await GrpcTestServer.StartAsync();
        var request = InferRequests.Raw("echo", "x", "UINT8", [8 * 1024 * 1024], new byte[8 * 1024 * 1024]);

        await server.Client.ModelInferAsync(request);

        Assert.Equal(8 * 1024 * 1024, server.DataPlane.LastRequest!.Inputs[0].ElementCount);
    }

    [Fact]
    public async Task ModelInfer_RefusesToSendAResponseOverTheSendLimitWithResourceExhausted()
    {
        await using var server = await GrpcTestServer.StartAsync(settings: new() { ["HttpLimitsOptions:MaxGrpcSendMessageBytes"] = "1000" });
        var small = InferRequests.Raw("echo", "x", "UINT8", [900], new byte[900]);
        var large = InferRequests.Raw("echo", "x", "UINT8", [1000], new byte[1000]);

        var answered = await server.Client.ModelInferAsync(small);
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await server.Client.ModelInferAsync(large));

        Assert.Equal(900, answered.RawOutputContents[0].Length);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
    }

    [Fact]
    public async Task ModelInfer_RefusesATensorOverTheElementLimitWithInvalidArgument()
    {
        await using var server = await GrpcTestServer.StartAsync(new ServingLimits { MaxTensorElements = 4 });
        var request = InferRequests.Raw("echo", "x", "UINT8", [5], new byte[5]);

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await server.Client.ModelInferAsync(request));

        Assert.Equal((StatusCode.InvalidArgument, "The input 'x' has 5 elements, over the limit of 4 per tensor."), (refused.StatusCode, refused.Status.Detail));
    }

    [Fact]
    public async Task Service_IsMappedOnTheGrpcPortOnly()
    {
        await using var server = await GrpcTestServer.StartAsync();

        var elsewhere = await Assert.ThrowsAsync<RpcException>(async () => await server.OtherPortClient.ServerLiveAsync(new ServerLiveRequest()));

        Assert.Equal(StatusCode.Unimplemented, elsewhere.StatusCode);
    }

    private static string Describe(ModelMetadataResponse.Types.TensorMetadata tensor) => $"{tensor.Name} {tensor.Datatype} {string.Join(",", tensor.Shape)}";

    private static string Describe(ModelInferResponse.Types.InferOutputTensor tensor) => $"{tensor.Name} {tensor.Datatype} {string.Join(",", tensor.Shape)}";
}
