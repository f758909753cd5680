using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Server.Inference.Grpc;

namespace Capstan.Server.Tests.Inference.Grpc;

/// <summary>The encoder's choice of form, its parameters and its no-copy raw outputs.</summary>
public sealed class InferResponseEncoderTests
{
    [Fact]
    public void Encode_WritesRawOutputsAsTheTensorBufferWithoutACopy()
    {
        var output = Tensor.From("y", TensorDataType.Fp32, [2], [0.5f, 1f]);

        var message = InferResponseEncoder.Encode(new InferenceResponse("m", "1", null, [output]), typed: false);

        Assert.True(Unsafe.AreSame(ref MemoryMarshal.GetReference(output.Data.Span), ref MemoryMarshal.GetReference(message.RawOutputContents[0].Span)));
        Assert.Null(message.Outputs[0].Contents);
    }

    [Fact]
    public void Encode_AnswersRawWhenAnOutputIsFp16EvenForATypedRequest()
    {
        var half = Tensor.From("h", TensorDataType.Fp16, [1], [(Half)1.5]);
        var single = Tensor.From("f", TensorDataType.Fp32, [1], [2f]);

        var message = InferResponseEncoder.Encode(new InferenceResponse("m", "1", null, [single, half]), typed: true);

        Assert.Equal(2, message.RawOutputContents.Count);
        Assert.All(message.Outputs, output => Assert.Null(output.Contents));
    }

    [Fact]
    public void Encode_WritesLengthPrefixedBytesElementsInRawForm()
    {
        var text = Tensor.FromElements("t", [2], [new byte[] { 65, 66 }, Array.Empty<byte>()]);

        var message = InferResponseEncoder.Encode(new InferenceResponse("m", "1", null, [text]), typed: false);

        Assert.Equal(new byte[] { 2, 0, 0, 0, 65, 66, 0, 0, 0, 0 }, message.RawOutputContents[0].ToByteArray());
    }

    [Fact]
    public void Encode_WritesTheModelIdAndEveryKindOfParameter()
    {
        var parameters = new Dictionary<string, InferenceParameter> { ["b"] = true, ["i"] = 7L, ["d"] = 0.5, ["s"] = "x" };

        var message = InferResponseEncoder.Encode(new InferenceResponse("bc", "4", "r-1", [], parameters), typed: false);

        Assert.Equal(("bc", "4", "r-1"), (message.ModelName, message.ModelVersion, message.Id));
        Assert.Equal((true, 7L, 0.5, "x"), (message.Parameters["b"].BoolParam, message.Parameters["i"].Int64Param, message.Parameters["d"].DoubleParam, message.Parameters["s"].StringParam));
    }

    [Fact]
    public void Encode_WritesAnEmptyIdForAResponseWithoutOne()
    {
        var message = InferResponseEncoder.Encode(new InferenceResponse("bc", "4", null, []), typed: false);

        Assert.Equal("", message.Id);
    }
}
