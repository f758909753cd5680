using System.Text;
using Capstan.Client.Tests.Support;
using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Testing.Models;

namespace Capstan.Client.Tests.Inference;

public sealed class InferenceClientTests : LiveServerTests
{
    [Fact]
    public async Task InferAsync_AnswersWhatTheModelAnswersInProcess_NamingTheVersionAndEchoingTheId()
    {
        await Client.PushAsync("bc", TestModels.BreastCancerOnnx, cancellationToken: Cancellation);
        await DeployReadyAsync("bc:1");
        var samples = TestModels.BreastCancer.Holdout.Take(5).Select(sample => sample.Features).ToList();
        var rows = samples.SelectMany(row => row).ToArray();
        var features = Tensor.From("Features", TensorDataType.Fp32, [5, 30], rows);

        var answer = (await Client.InferAsync("bc", new InferenceRequest("r-1", [features], ["Probability.output"]), cancellationToken: Cancellation)).Value;

        Assert.Equal(("bc", "1", "r-1"), (answer.ModelName, answer.ModelVersion, answer.Id));
        var probability = Assert.Single(answer.Outputs);
        Assert.Equal(("Probability.output", TensorDataType.Fp32), (probability.Name, probability.DataType));
        Assert.Equal([5L, 1], probability.Shape);
        Assert.Equal(InProcessOnnx.BreastCancerProbabilities(samples), probability.Span<float>().ToArray());
    }

    [Fact]
    public async Task InferAsync_SendsAndReadsBackEveryDatatype()
    {
        await Client.PushAsync("identity", TestModels.IdentityPerTypeOnnx, cancellationToken: Cancellation);
        await DeployReadyAsync("identity:1");
        var inputs = EveryDatatype();

        var answer = (await Client.InferAsync("identity", new InferenceRequest(null, inputs), version: 1, cancellationToken: Cancellation)).Value;

        Assert.Equal(inputs.Count, answer.Outputs.Count);
        foreach (var input in inputs)
        {
            var output = Assert.Single(answer.Outputs, output => output.Name == "Y" + input.Name[1..]);
            Assert.Equal(input.DataType, output.DataType);
            Assert.Equal(input.Shape, output.Shape);
            if (input.Elements is { } elements)
                Assert.Equal(elements.Select(e => e.ToArray()), output.Elements!.Select(e => e.ToArray()));
            else
                Assert.Equal(input.Data.ToArray(), output.Data.ToArray());
        }
    }

    [Fact]
    public async Task InferAsync_KeepsTheServersMessageForWhatItRefuses()
    {
        await Client.PushAsync("bc", TestModels.BreastCancerOnnx, cancellationToken: Cancellation);
        await DeployReadyAsync("bc:1");
        var wrongWidth = new InferenceRequest(null, [Tensor.From("Features", TensorDataType.Fp32, [1, 29], new float[29])]);
        var row = new InferenceRequest(null, [Tensor.From("Features", TensorDataType.Fp32, [1, 30], new float[30])]);

        var invalid = (await Client.InferAsync("bc", wrongWidth, cancellationToken: Cancellation)).Error;
        var unknown = (await Client.InferAsync("nothing-here", row, cancellationToken: Cancellation)).Error;
        var undeployedVersion = (await Client.InferAsync("bc", row, version: 2, cancellationToken: Cancellation)).Error;

        Assert.Equal(ErrorCode.InvalidInput, invalid.Code);
        Assert.Contains("'Features'", invalid.Message);
        Assert.Equal(ErrorCode.NotFound, unknown.Code);
        Assert.Contains("nothing-here", unknown.Message);
        Assert.Equal(ErrorCode.NotFound, undeployedVersion.Code);
        Assert.Contains("2", undeployedVersion.Message);
    }

    [Theory]
    [InlineData("Bad Name", 1)]
    [InlineData("bc", 0)]
    public async Task InferAsync_RefusesANameOrVersionThatCannotBeServedBeforeSending(string model, int version)
    {
        var stub = StubHandler.Answering(System.Net.HttpStatusCode.OK, "{}");
        using var client = stub.Client();

        var error = (await client.InferAsync(model, new InferenceRequest(null, []), version, Cancellation)).Error;

        Assert.Equal(ErrorCode.InvalidInput, error.Code);
        Assert.Empty(stub.Requests);
    }

    [Theory]
    [InlineData("""{"model_name":"m","model_version":"1","outputs":[{"name":"y","datatype":"FP32","shape":[2],"parameters":{"binary_data_size":8}}]}""", 4, "claims 8 bytes")]
    [InlineData("""{"model_name":"m","model_version":"1","outputs":[{"name":"y","datatype":"FP32","shape":[2],"data":[1,2]}]}""", 0, "came as JSON")]
    [InlineData("""{"model_name":"m","model_version":"1","outputs":[{"name":"y","datatype":"FP32","shape":[1],"parameters":{"binary_data_size":4}}]}""", 6, "2 bytes follow")]
    [InlineData("""{"model_name":"m","model_version":"1","outputs":[{"name":"y","datatype":"BOOL","shape":[2],"parameters":{"binary_data_size":2}}]}""", 2, "NotABoolean")]
    [InlineData("""{"model_name":"m","model_version":"1","outputs":[{"name":"y","datatype":"FP99","shape":[1],"parameters":{"binary_data_size":4}}]}""", 4, "unknown datatype")]
    [InlineData("""{"model_name":"m","outputs":[]}""", 0, "model_version")]
    [InlineData("""{"model_name":"m","model_version":"1","outputs":[{"name":"y","datatype":"FP64","shape":[2305843009213693952],"parameters":{"binary_data_size":0}}]}""", 0, "does not fit")]
    public async Task InferAsync_RefusesAnAnswerWhoseBinaryDataDoesNotFit(string json, int binaryBytes, string reason)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var body = header.Concat(Enumerable.Repeat((byte)7, binaryBytes)).ToArray();
        var stub = new StubHandler(_ =>
        {
            var response = new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
            response.Headers.Add(BinaryTensorData.HeaderName, header.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return response;
        });
        using var client = stub.Client();

        var error = (await client.InferAsync("m", new InferenceRequest(null, []), cancellationToken: Cancellation)).Error;

        Assert.Equal(ErrorCode.Internal, error.Code);
        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData("many")]
    [InlineData("999")]
    public async Task InferAsync_RefusesAnAnswerWhoseJsonLengthHeaderIsNotALengthWithinTheBody(string header)
    {
        var stub = new StubHandler(_ =>
        {
            var response = new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new ByteArrayContent("{}"u8.ToArray()) };
            response.Headers.Add(BinaryTensorData.HeaderName, header);
            return response;
        });
        using var client = stub.Client();

        var error = (await client.InferAsync("m", new InferenceRequest(null, []), cancellationToken: Cancellation)).Error;

        Assert.Equal(ErrorCode.Internal, error.Code);
        Assert.Contains($"'{header}' is not a length within the body's 2 bytes", error.Message);
    }

    private static List<Tensor> EveryDatatype()
    {
        long[] shape = [2, 2];
        var inputs = new List<Tensor>();
        foreach (var type in Enum.GetValues<TensorDataType>().Where(t => t != TensorDataType.Bytes))
        {
            var bytes = Enumerable.Range(1, 4 * type.ElementSize()).Select(i => (byte)(i * 37)).ToArray();
            if (type == TensorDataType.Bool)
                bytes = [1, 0, 0, 1];
            else if (type == TensorDataType.Fp16)
                bytes = Enumerable.Range(0, 4).SelectMany(i => BitConverter.GetBytes((Half)(i * 1.5f - 2))).ToArray();
            inputs.Add(Tensor.FromBuffer($"X_{type.ProtocolName()}", type, shape, bytes));
        }
        inputs.Add(Tensor.FromElements("X_BYTES", shape, [Encoding.UTF8.GetBytes("añb"), Array.Empty<byte>(), new byte[] { 0, 255, 10 }, Encoding.UTF8.GetBytes("d")]));
        return inputs;
    }
}
