using System.Buffers;
using System.Text;
using Capstan.Core.Errors;
using Capstan.Serving.Validation;
using Capstan.Server.Inference.Rest;

namespace Capstan.Server.Tests.Inference.Rest;

public sealed class BinaryTensorDataTests
{
    private static readonly ServingLimits Limits = new();

    [Fact]
    public void Decode_TakesEachBinaryInputsBytesInTheOrderOfTheInputsAndReadsJsonInputsBesideThem()
    {
        var (body, length) = Body(
            """{"inputs": [{"name": "a", "shape": [2], "datatype": "INT32", "parameters": {"binary_data_size": 8}},""" +
            """ {"name": "j", "shape": [1], "datatype": "FP64", "data": [0.5]},""" +
            """ {"name": "t", "shape": [2], "datatype": "BYTES", "parameters": {"binary_data_size": 11}},""" +
            """ {"name": "b", "shape": [1, 3], "datatype": "BOOL", "parameters": {"binary_data_size": 3}}]}""",
            [.. BitConverter.GetBytes(7), .. BitConverter.GetBytes(-1), .. Text("hey"), .. Text(""), 1, 0, 1]);

        var request = Decoded(body, length);

        Assert.Equal([7, -1], request.Inputs[0].Span<int>().ToArray());
        Assert.Equal([0.5], request.Inputs[1].Span<double>().ToArray());
        Assert.Equal(["hey", ""], request.Inputs[2].Elements!.Select(e => Encoding.UTF8.GetString(e.Span)));
        Assert.Equal([1, 0, 1], request.Inputs[3].Data.ToArray());
    }

    [Fact]
    public void Decode_CopiesTheBinaryDataOutOfTheBody()
    {
        var (body, length) = Body("""{"inputs": [{"name": "a", "shape": [2], "datatype": "INT16", "parameters": {"binary_data_size": 4}}]}""", [1, 0, 2, 0]);

        var request = Decoded(body, length);
        body.AsSpan().Fill(0xFF);

        Assert.Equal([(short)1, (short)2], request.Inputs[0].Span<short>().ToArray());
    }

    [Fact]
    public void Decode_ReadsWhichOutputsGoBackAsBinary_TheRequestsChoiceUnlessAnOutputSaysOtherwise()
    {
        var decoded = RequestDecoder.Decode(Sequence("""
            {"inputs": [], "parameters": {"binary_data_output": true},
             "outputs": [{"name": "p"}, {"name": "q", "parameters": {"binary_data": false}}]}
            """), Limits).Value;
        var perOutput = RequestDecoder.Decode(Sequence("""{"inputs": [], "outputs": [{"name": "p", "parameters": {"binary_data": true}}, {"name": "q"}]}"""), Limits).Value;
        var none = RequestDecoder.Decode(Sequence("""{"inputs": []}"""), Limits).Value;

        Assert.Equal((true, false, true), (decoded.BinaryOutputs.IsBinary("p"), decoded.BinaryOutputs.IsBinary("q"), decoded.BinaryOutputs.IsBinary("other")));
        Assert.Equal((true, false), (perOutput.BinaryOutputs.IsBinary("p"), perOutput.BinaryOutputs.IsBinary("q")));
        Assert.False(none.BinaryOutputs.IsBinary("p"));
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Decode_RefusesBinaryDataThatDoesNotAddUp(string json, byte[] binary, string? header, string message)
    {
        var body = new ReadOnlySequence<byte>([.. Encoding.UTF8.GetBytes(json), .. binary]);

        var result = RequestDecoder.Decode(body, Limits, header ?? Encoding.UTF8.GetByteCount(json).ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(Error.InvalidInput(message), result.Error);
    }

    [Fact]
    public void Decode_RefusesBinaryDataWithoutTheHeaderThatSaysWhereTheJsonEnds()
    {
        var result = RequestDecoder.Decode(Sequence("""{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "parameters": {"binary_data_size": 4}}]}"""), Limits);

        Assert.Equal(Error.InvalidInput("The input 'x' has 'binary_data_size', but the request has no Inference-Header-Content-Length header to say where its JSON ends."), result.Error);
    }

    [Fact]
    public void Decode_CountsBinaryInputsAgainstTheInputByteLimit()
    {
        var (body, length) = Body("""{"inputs": [{"name": "x", "shape": [4], "datatype": "FP64", "parameters": {"binary_data_size": 32}}]}""", new byte[32]);

        var result = RequestDecoder.Decode(new ReadOnlySequence<byte>(body), new ServingLimits { MaxInputBytes = 16 }, length);

        Assert.Equal(ErrorCode.InvalidInput, result.Error.Code);
        Assert.Contains("16", result.Error.Message);
    }

    public static TheoryData<string, byte[], string?, string> Refusals() => new()
    {
        { Fp32(2, "8"), [0, 0, 128, 63], null, "The binary data of the input 'x' is 8 bytes, but only 4 are left in the body." },
        { Fp32(2, "4"), [0, 0, 128, 63], null, "The binary data of the input 'x' is 4 bytes, but its shape [2] of FP32 needs 8." },
        { Fp32(1, "4"), [0, 0, 128, 63, 9, 9], null, "The body has 2 bytes after the JSON that no input's 'binary_data_size' accounts for." },
        { Fp32(1, "-4"), [0, 0, 128, 63], null, "The 'binary_data_size' of the input 'x' is -4, where it must be a non-negative integer." },
        { Fp32(1, "\"4\""), [0, 0, 128, 63], null, "The 'binary_data_size' of the input 'x' is 4, where it must be a non-negative integer." },
        { Fp32(1, "4.5"), [0, 0, 128, 63], null, "The 'binary_data_size' of the input 'x' is 4.5, where it must be a non-negative integer." },
        { """{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "data": [1], "parameters": {"binary_data_size": 4}}]}""", [0, 0, 128, 63], null, "The input 'x' has both 'data' and 'binary_data_size'; send its data one way." },
        { """{"inputs": [{"name": "b", "shape": [2], "datatype": "BOOL", "parameters": {"binary_data_size": 2}}]}""", [1, 2], null, "Element 1 of the input 'b' is the byte 2, but binary BOOL data takes 0 or 1." },
        { Texts(3, 9), [.. Text("hello")], null, "The binary data of the input 't' is 9 bytes, too few for the 3 BYTES elements of its shape [3], each of which takes a 4-byte length." },
        { Texts(2, 12), [.. Text("hey"), 9, 0, 0, 0, 1], null, "Element 1 of the input 't' runs past the end of its binary data: its 4-byte length is missing or larger than what is left." },
        { Texts(1, 9), [.. Text("hey"), 1, 2], null, "The binary data of the input 't' has 2 bytes left after its 1 BYTES elements." },
        { Texts(1, 8), [255, 255, 255, 255, 1, 2, 3, 4], null, "Element 0 of the input 't' runs past the end of its binary data: its 4-byte length is missing or larger than what is left." },
        { Fp32(1, "4"), [0, 0, 128, 63], "12x", "The Inference-Header-Content-Length header is '12x', which is not a length in bytes." },
        { Fp32(1, "4"), [0, 0, 128, 63], "-1", "The Inference-Header-Content-Length header is '-1', which is not a length in bytes." },
        { Fp32(1, "4"), [0, 0, 128, 63], "100000", $"The Inference-Header-Content-Length header says the JSON is 100,000 bytes, but the body has {Encoding.UTF8.GetByteCount(Fp32(1, "4")) + 4:N0}." },
        { """{"inputs": [], "parameters": {"binary_data_output": "yes"}}""", [], null, "The parameter 'binary_data_output' of the request is yes, where it must be true or false." },
        { """{"inputs": [], "outputs": [{"name": "y", "parameters": {"binary_data": 1}}]}""", [], null, "The parameter 'binary_data' of outputs[0] is 1, where it must be true or false." },
    };

    private static string Fp32(int count, string size) =>
        Input("x", "FP32", count, size);

    private static string Texts(int count, int size) =>
        Input("t", "BYTES", count, size.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A request of one binary input of <paramref name="count"/> elements whose <c>binary_data_size</c> is the JSON value <paramref name="size"/>.</summary>
    private static string Input(string name, string type, int count, string size) =>
        """{"inputs": [{"name": "NAME", "shape": [COUNT], "datatype": "TYPE", "parameters": {"binary_data_size": SIZE}}]}"""
            .Replace("NAME", name).Replace("TYPE", type).Replace("COUNT", count.ToString(System.Globalization.CultureInfo.InvariantCulture)).Replace("SIZE", size);

    /// <summary>A BYTES element in binary form: its length as 4 little-endian bytes, then its UTF-8 bytes.</summary>
    private static byte[] Text(string text) => [.. BitConverter.GetBytes(Encoding.UTF8.GetByteCount(text)), .. Encoding.UTF8.GetBytes(text)];

    private static (byte[] Body, string JsonLength) Body(string json, byte[] binary)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        return ([.. bytes, .. binary], bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static Capstan.Core.Tensors.InferenceRequest Decoded(byte[] body, string jsonLength)
    {
        var result = RequestDecoder.Decode(new ReadOnlySequence<byte>(body), Limits, jsonLength);
        Assert.True(result.IsSuccess, result.ToString());
        return result.Value.Request;
    }

    private static ReadOnlySequence<byte> Sequence(string json) => new(Encoding.UTF8.GetBytes(json));
}
