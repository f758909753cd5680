using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Server.Inference.Grpc;
using Capstan.Server.Inference.Grpc.Protocol;
using Google.Protobuf;

namespace Capstan.Server.Tests.Inference.Grpc;

/// <summary>The encoder's choice of form, its parameters, and its bytes against those Google.Protobuf writes for the same message.</summary>
public sealed class InferResponseEncoderTests
{
    [Fact]
    public void Write_WritesRawOutputsAsTheTensorBuffer()
    {
        var output = Tensor.From("y", TensorDataType.Fp32, [2], [0.5f, 1f]);

        var message = InferReplies.Message(new InferReply(new InferenceResponse("m", "1", null, [output]), Typed: false));

        Assert.Equal(output.Data.ToArray(), message.RawOutputContents[0].ToByteArray());
        Assert.Equal(("y", "FP32", "2"), (message.Outputs[0].Name, message.Outputs[0].Datatype, string.Join(",", message.Outputs[0].Shape)));
        Assert.Null(message.Outputs[0].Contents);
    }

    [Fact]
    public void Write_AnswersRawWhenAnOutputIsFp16EvenForATypedRequest()
    {
        var half = Tensor.From("h", TensorDataType.Fp16, [1], [(Half)1.5]);
        var single = Tensor.From("f", TensorDataType.Fp32, [1], [2f]);

        var message = InferReplies.Message(new InferReply(new InferenceResponse("m", "1", null, [single, half]), Typed: true));

        Assert.Equal(2, message.RawOutputContents.Count);
        Assert.All(message.Outputs, output => Assert.Null(output.Contents));
    }

    [Fact]
    public void Write_WritesLengthPrefixedBytesElementsInRawForm()
    {
        var text = Tensor.FromElements("t", [2], [new byte[] { 65, 66 }, Array.Empty<byte>()]);

        var message = InferReplies.Message(new InferReply(new InferenceResponse("m", "1", null, [text]), Typed: false));

        Assert.Equal(new byte[] { 2, 0, 0, 0, 65, 66, 0, 0, 0, 0 }, message.RawOutputContents[0].ToByteArray());
    }

    [Fact]
    public void Write_WritesTheModelIdAndEveryKindOfParameter()
    {
        var parameters = new Dictionary<string, InferenceParameter> { ["b"] = true, ["i"] = 7L, ["d"] = 0.5, ["s"] = "x" };

        var message = InferReplies.Message(new InferReply(new InferenceResponse("bc", "4", "r-1", [], parameters), Typed: false));

        Assert.Equal(("bc", "4", "r-1"), (message.ModelName, message.ModelVersion, message.Id));
        Assert.Equal((true, 7L, 0.5, "x"), (message.Parameters["b"].BoolParam, message.Parameters["i"].Int64Param, message.Parameters["d"].DoubleParam, message.Parameters["s"].StringParam));
    }

    [Fact]
    public void Write_WritesAnEmptyIdForAResponseWithoutOne()
    {
        var message = InferReplies.Message(new InferReply(new InferenceResponse("bc", "4", null, []), Typed: false));

        Assert.Equal("", message.Id);
    }

    [Fact]
    public void Write_WritesTheBytesGoogleProtobufWritesForDefaultsEmptyTensorsAndLongStrings()
    {
        var id = string.Concat(Enumerable.Repeat("é€𝄞", 200));
        var parameters = new Dictionary<string, InferenceParameter> { [""] = false, ["zero"] = 0L, ["minus"] = -1L, ["empty"] = "", ["nan"] = double.NaN, ["long"] = id, ["lone"] = "x\uD800y" };
        var outputs = new[]
        {
            Tensor.From("none", TensorDataType.Int32, [0, 3], ReadOnlySpan<int>.Empty),
            Tensor.From("scalar", TensorDataType.Int8, [], [(sbyte)-128]),
            Tensor.FromElements("words", [3], [new byte[300], Array.Empty<byte>(), "ü"u8.ToArray()]),
        };
        var response = new InferenceResponse("model", "12", id, outputs, parameters);

        foreach (var typed in new[] { true, false })
        {
            var expected = new ModelInferResponse { ModelName = "model", ModelVersion = "12", Id = id };
            expected.Parameters.Add(new Dictionary<string, InferParameter>
            {
                [""] = new() { BoolParam = false }, ["zero"] = new() { Int64Param = 0 }, ["minus"] = new() { Int64Param = -1 },
                ["empty"] = new() { StringParam = "" }, ["nan"] = new() { DoubleParam = double.NaN }, ["long"] = new() { StringParam = id },
                ["lone"] = new() { StringParam = "x\uD800y" },
            });
            expected.Outputs.Add(new ModelInferResponse.Types.InferOutputTensor { Name = "none", Datatype = "INT32", Shape = { 0, 3 }, Contents = typed ? new() : null });
            expected.Outputs.Add(new ModelInferResponse.Types.InferOutputTensor { Name = "scalar", Datatype = "INT8", Contents = typed ? new() { IntContents = { -128 } } : null });
            expected.Outputs.Add(new ModelInferResponse.Types.InferOutputTensor
            {
                Name = "words", Datatype = "BYTES", Shape = { 3 },
                Contents = typed ? new() { BytesContents = { ByteString.CopyFrom(new byte[300]), ByteString.Empty, ByteString.CopyFromUtf8("ü") } } : null,
            });
            if (!typed)
                expected.RawOutputContents.AddRange([ByteString.Empty, ByteString.CopyFrom([0x80]), ByteString.CopyFrom([.. BitConverter.GetBytes(300), .. new byte[300], 0, 0, 0, 0, 2, 0, 0, 0, 0xC3, 0xBC])]);

            Assert.Equal(expected.ToByteArray(), InferReplies.Bytes(InferResponseEncoder.Reply(response, typed)));
        }
    }

    [Fact]
    public void Reply_RefusesAParameterTheProtocolCannotCarry()
    {
        var parameters = new Dictionary<string, InferenceParameter> { ["when"] = new(DateTime.UnixEpoch) };

        var refused = Assert.Throws<ArgumentException>(() => InferResponseEncoder.Reply(new InferenceResponse("m", "1", null, [], parameters), typed: true));

        Assert.Contains("Parameter 'when' holds a DateTime", refused.Message);
    }
}
