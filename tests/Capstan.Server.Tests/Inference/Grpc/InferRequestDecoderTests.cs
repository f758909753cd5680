using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Server.Inference.Grpc;
using Capstan.Server.Inference.Grpc.Protocol;
using Capstan.Serving.Validation;
using Google.Protobuf;

namespace Capstan.Server.Tests.Inference.Grpc;

/// <summary>The decoder's refusals of malformed requests, each with the message a caller needs, and what it reads besides tensors.</summary>
public sealed class InferRequestDecoderTests
{
    private static readonly ServingLimits Limits = new();

    [Fact]
    public void Decode_RefusesAnElementCountThatDiffersFromTheShape()
    {
        var request = InferRequests.Typed("m", "x", "FP32", [2, 3], new InferTensorContents { Fp32Contents = { 1, 2, 3, 4, 5 } });

        AssertRefused(request, "Input 'x' (FP32 [2,3], 6 elements) has 5 values in fp32_contents.");
    }

    [Fact]
    public void Decode_RefusesAnInputWithoutContentsWhenItsShapeHasElements()
    {
        var request = InferRequests.Typed("m", "x", "INT64", [2], contents: null);

        AssertRefused(request, "Input 'x' (INT64 [2], 2 elements) has 0 values in int64_contents.");
    }

    [Fact]
    public void Decode_RefusesRawContentsWhoseSizeDiffersFromTheShape()
    {
        var request = InferRequests.Raw("m", "x", "FP32", [2, 3], new byte[20]);

        AssertRefused(request, "Input 'x' (FP32 [2,3], 6 elements) needs 24 bytes of raw contents, not 20.");
    }

    [Fact]
    public void Decode_RefusesTypedAndRawContentsInOneRequest()
    {
        var request = InferRequests.Raw("m", "x", "FP32", [1], new byte[4]);
        request.Inputs[0].Contents = new InferTensorContents { Fp32Contents = { 1 } };

        AssertRefused(request, "Input 'x' (FP32 [1], 1 element) has typed contents while the request sends raw_input_contents; use one form for every input.");
    }

    [Fact]
    public void Decode_AcceptsAnEmptyContentsMessageBesideRawContents()
    {
        var request = InferRequests.Raw("m", "x", "FP32", [1], new byte[4]);
        request.Inputs[0].Contents = new InferTensorContents();

        Assert.True(InferRequests.Decode(request, Limits).IsSuccess);
    }

    [Fact]
    public void Decode_RefusesRawContentsThatDoNotHaveOneEntryPerInput()
    {
        var request = InferRequests.Raw("m", "x", "FP32", [1], new byte[4]);
        request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = "y", Datatype = "FP32", Shape = { 1 } });

        AssertRefused(request, "The request has 2 inputs but 1 raw_input_contents entries; raw contents need one entry per input, in order.");
    }

    [Theory]
    [InlineData("FLOAT32")]
    [InlineData("fp32")]
    [InlineData("")]
    public void Decode_RefusesAnUnknownDatatype(string datatype)
    {
        var request = InferRequests.Typed("m", "x", datatype, [1], new InferTensorContents { Fp32Contents = { 1 } });

        AssertRefused(request, $"Input 'x' has the unknown datatype '{datatype}'; expected one of BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES.");
    }

    [Fact]
    public void Decode_RefusesANegativeDimension()
    {
        AssertRefused(InferRequests.Raw("m", "x", "FP32", [-1, 30], []), "Input 'x' has the negative dimension -1 in its shape [-1,30].");
    }

    [Fact]
    public void Decode_RefusesAShapeWithMoreElementsThanATensorCanHold()
    {
        AssertRefused(InferRequests.Raw("m", "x", "UINT8", [1L << 40, 1L << 40], []), "Input 'x' has the shape [1099511627776,1099511627776], which holds more elements than a tensor can.");
    }

    [Fact]
    public void Decode_RefusesATensorOverTheElementLimitBeforeReadingIt()
    {
        AssertRefused(InferRequests.Raw("m", "x", "BYTES", [1L << 40], new byte[8]), "The input 'x' has 1,099,511,627,776 elements, over the limit of 16,777,216 per tensor.");
    }

    [Fact]
    public void Decode_RefusesMoreInputsThanTheLimit()
    {
        var request = InferRequests.Raw("m", "x", "FP32", [0], []);
        request.Inputs.Add(request.Inputs[0].Clone());

        var result = InferRequests.Decode(request, new ServingLimits { MaxInputs = 1 });

        Assert.Equal(Error.InvalidInput("The request has 2 inputs, over the limit of 1."), result.Error);
    }

    [Theory]
    [InlineData("INT8", 128, "[-128, 127]")]
    [InlineData("INT8", -129, "[-128, 127]")]
    [InlineData("INT16", 32768, "[-32768, 32767]")]
    [InlineData("INT16", -32769, "[-32768, 32767]")]
    public void Decode_RefusesSignedValuesOutsideANarrowTypesRange(string datatype, int value, string range)
    {
        var request = InferRequests.Typed("m", "x", datatype, [2], new InferTensorContents { IntContents = { 0, value } });

        AssertRefused(request, $"Input 'x' ({datatype} [2], 2 elements) has {value} at position 1 of int_contents, outside the {datatype} range {range}.");
    }

    [Theory]
    [InlineData("UINT8", 256u, "[0, 255]")]
    [InlineData("UINT16", 65536u, "[0, 65535]")]
    public void Decode_RefusesUnsignedValuesOutsideANarrowTypesRange(string datatype, uint value, string range)
    {
        var request = InferRequests.Typed("m", "x", datatype, [1], new InferTensorContents { UintContents = { value } });

        AssertRefused(request, $"Input 'x' ({datatype} [1], 1 element) has {value} at position 0 of uint_contents, outside the {datatype} range {range}.");
    }

    [Fact]
    public void Decode_AcceptsTheExtremesOfEachNarrowType()
    {
        var request = InferRequests.Typed("m", "i8", "INT8", [2], new InferTensorContents { IntContents = { -128, 127 } });
        request.Inputs.Add(InferRequests.Typed("m", "i16", "INT16", [2], new InferTensorContents { IntContents = { -32768, 32767 } }).Inputs[0]);
        request.Inputs.Add(InferRequests.Typed("m", "u8", "UINT8", [2], new InferTensorContents { UintContents = { 0, 255 } }).Inputs[0]);
        request.Inputs.Add(InferRequests.Typed("m", "u16", "UINT16", [2], new InferTensorContents { UintContents = { 0, 65535 } }).Inputs[0]);

        var inputs = InferRequests.Decode(request, Limits).Value.Inputs;

        Assert.Equal([-128, 127], inputs[0].Span<sbyte>().ToArray());
        Assert.Equal([-32768, 32767], inputs[1].Span<short>().ToArray());
        Assert.Equal([0, 255], inputs[2].Span<byte>().ToArray());
        Assert.Equal([0, 65535], inputs[3].Span<ushort>().ToArray());
    }

    [Fact]
    public void Decode_RefusesValuesInAnotherTypesField()
    {
        var request = InferRequests.Typed("m", "x", "FP32", [1], new InferTensorContents { Fp64Contents = { 1 } });

        AssertRefused(request, "Input 'x' (FP32 [1], 1 element) holds values in fp64_contents; its elements belong in fp32_contents.");
    }

    [Fact]
    public void Decode_RefusesFp16InTypedContents()
    {
        var request = InferRequests.Typed("m", "x", "FP16", [1], new InferTensorContents { Fp32Contents = { 1 } });

        AssertRefused(request, "Input 'x' (FP16 [1], 1 element) is FP16, which has no typed contents field; send it in raw_input_contents.");
    }

    [Fact]
    public void Decode_RefusesABoolRawByteOtherThanZeroOrOne()
    {
        AssertRefused(InferRequests.Raw("m", "x", "BOOL", [3], [1, 0, 2]), "Input 'x' (BOOL [3], 3 elements) has the byte 2 at position 2 of its raw contents; a BOOL element is 0 or 1.");
    }

    [Theory]
    [InlineData(new byte[] { 5, 0, 0, 0, 65, 66, 67, 68, 69, 2, 0 }, "Input 'x' (BYTES [2], 2 elements) ends its raw contents inside the length prefix of element 1.")]
    [InlineData(new byte[] { 1, 0, 0, 0, 65, 9, 0, 0, 0, 66 }, "Input 'x' (BYTES [2], 2 elements) declares 9 bytes for element 1 but only 1 remain in its raw contents.")]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 7 }, "Input 'x' (BYTES [2], 2 elements) has 1 bytes of raw contents after its last element.")]
    [InlineData(new byte[] { 0, 0, 0, 0 }, "Input 'x' (BYTES [2], 2 elements) needs at least 8 bytes of raw contents for its length prefixes, not 4.")]
    [InlineData(new byte[] { 1, 0, 0, 0, 65, 255, 255, 255, 255 }, "Input 'x' (BYTES [2], 2 elements) declares 4294967295 bytes for element 1 but only 0 remain in its raw contents.")]
    public void Decode_RefusesMalformedRawBytesElements(byte[] raw, string message)
    {
        AssertRefused(InferRequests.Raw("m", "x", "BYTES", [2], raw), message);
    }

    [Fact]
    public void Decode_CopiesTheTensorsOutOfTheMessageWhoseBufferTheServerReuses()
    {
        var message = InferRequests.Raw("m", "x", "FP32", [2], [1, 2, 3, 4, 5, 6, 7, 8]).ToByteArray();

        var tensor = InferRequestDecoder.Decode(message, Limits).Request.Value.Inputs[0];
        Array.Clear(message);

        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, tensor.Data.ToArray());
    }

    [Fact]
    public void Decode_ReadsAMessageThatArrivesInManyBuffersAsOne()
    {
        var request = InferRequests.Typed("m", "x", "FP32", [2, 30], new InferTensorContents { Fp32Contents = { Enumerable.Range(0, 60).Select(i => i * 0.5f) } });
        request.Id = "split";
        var message = request.ToByteArray();

        var whole = InferRequestDecoder.Decode(message, Limits);
        var split = InferRequestDecoder.Decode(Segments.Of(message, 7), Limits);

        Assert.Equal(("m", "split"), (split.ModelName, split.Request.Value.Id));
        Assert.Equal(whole.Request.Value.Inputs[0].Data.ToArray(), split.Request.Value.Inputs[0].Data.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0x0A, 0x05, 0x61 }, "a field that runs past the end of its message at byte 2")]
    [InlineData(new byte[] { 0x00, 0x01 }, "a field number of 0")]
    [InlineData(new byte[] { 0x2A, 0x02, 0x08 }, "a field that runs past the end of its message at byte 2")]
    [InlineData(new byte[] { 0x0B, 0x08, 0x01 }, "a group of field 1 without its end-group tag")]
    [InlineData(new byte[] { 0x0C }, "an end-group tag with no group open")]
    [InlineData(new byte[] { 0x0F, 0x00 }, "the invalid wire type 7")]
    [InlineData(new byte[] { 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, "a varint longer than 10 bytes")]
    [InlineData(new byte[] { 0x2A, 0x04, 0x2A, 0x02, 0x35, 0x00 }, "a field that runs past the end of its message at byte 5")]
    public void Decode_RefusesAMessageThatIsNotProtobufSayingWhatIsWrong(byte[] message, string what)
    {
        var call = InferRequestDecoder.Decode(message, Limits);

        Assert.Throws<Google.Protobuf.InvalidProtocolBufferException>(() => ModelInferRequest.Parser.ParseFrom(message));
        Assert.Equal(Error.InvalidInput($"The request is not a valid ModelInferRequest message: it has {what}."), call.Unreadable);
        Assert.False(call.Request.IsSuccess);
    }

    [Fact]
    public void Decode_ReadsEveryKindOfParameter()
    {
        var request = InferRequests.Raw("m", "x", "FP32", [0], []);
        request.Parameters.Add(new Dictionary<string, InferParameter>
        {
            ["b"] = new() { BoolParam = true },
            ["i"] = new() { Int64Param = -3 },
            ["s"] = new() { StringParam = "text" },
            ["d"] = new() { DoubleParam = 0.25 },
            ["u"] = new() { Uint64Param = long.MaxValue },
        });

        var parameters = InferRequests.Decode(request, Limits).Value.Parameters!;

        Assert.Equal([true, -3L, "text", 0.25, long.MaxValue], new[] { "b", "i", "s", "d", "u" }.Select(name => parameters[name].Value));
    }

    [Fact]
    public void Decode_RefusesAUint64ParameterAboveTheLargestSignedInteger()
    {
        var request = InferRequests.Raw("m", "x", "FP32", [0], []);
        request.Parameters["u"] = new InferParameter { Uint64Param = (ulong)long.MaxValue + 1 };

        AssertRefused(request, "Parameter 'u' is 9223372036854775808, above the largest integer parameter Capstan accepts (9223372036854775807).");
    }

    [Fact]
    public void Decode_RefusesAParameterWithoutAValue()
    {
        var request = InferRequests.Raw("m", "x", "FP32", [0], []);
        request.Parameters["empty"] = new InferParameter();

        AssertRefused(request, "Parameter 'empty' has no value.");
    }

    [Fact]
    public void Decode_ReadsTheIdAndRequestedOutputsAndLeavesEmptyOnesNull()
    {
        var request = InferRequests.Raw("m", "x", "FP32", [0], []);
        var named = request.Clone();
        named.Id = "r-7";
        named.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "Probability" });

        var bare = InferRequests.Decode(request, Limits).Value;
        var full = InferRequests.Decode(named, Limits).Value;

        Assert.Equal((null, null, null), (bare.Id, bare.Outputs, bare.Parameters));
        Assert.Equal(("r-7", "Probability"), (full.Id, full.Outputs!.Single()));
    }

    [Fact]
    public void Decode_KeepsBytesElementsAsTheyWereSent()
    {
        var request = InferRequests.Typed("m", "text", "BYTES", [3], new InferTensorContents { BytesContents = { ByteString.CopyFromUtf8("ab"), ByteString.Empty, ByteString.CopyFromUtf8("ç") } });

        var tensor = InferRequests.Decode(request, Limits).Value.Inputs[0];

        Assert.Equal(TensorDataType.Bytes, tensor.DataType);
        Assert.Equal(["ab", "", "ç"], tensor.Elements!.Select(e => System.Text.Encoding.UTF8.GetString(e.Span)));
    }

    private static void AssertRefused(ModelInferRequest request, string message)
    {
        var result = InferRequests.Decode(request, Limits);

        Assert.False(result.IsSuccess, "the request was accepted");
        Assert.Equal(new Error(ErrorCode.InvalidInput, message), result.Error);
    }
}
