using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Serving.Validation;
using Capstan.Server.Inference.Rest;

namespace Capstan.Server.Tests.Inference.Rest;

public sealed class RequestDecoderTests
{
    private static readonly ServingLimits Limits = new();

    [Fact]
    public void Decode_ReadsTheProtocolsExampleRequest()
    {
        var request = Decode("""
            {
              "id" : "42",
              "inputs" : [
                { "name" : "input0", "shape" : [ 2, 2 ], "datatype" : "UINT32", "data" : [ 1, 2, 3, 4 ] },
                { "name" : "input1", "shape" : [ 3 ], "datatype" : "BOOL", "data" : [ true, false, true ] }
              ],
              "outputs" : [ { "name" : "output0" } ]
            }
            """);

        Assert.Equal("42", request.Id);
        Assert.Equal([1u, 2u, 3u, 4u], request.Inputs[0].Span<uint>().ToArray());
        Assert.Equal([2L, 2L], request.Inputs[0].Shape);
        Assert.Equal([1, 0, 1], request.Inputs[1].Data.ToArray());
        Assert.Equal(["output0"], request.Outputs);
        Assert.Null(request.Parameters);
    }

    [Fact]
    public void Decode_ReadsNestedDataAsRowMajor()
    {
        var request = Decode("""{"inputs": [{"name": "x", "shape": [2, 3], "datatype": "FP32", "data": [[1, 2, 3], [4, 5, 6]]}]}""");

        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], request.Inputs[0].Span<float>().ToArray());
    }

    [Fact]
    public void Decode_ReadsDataThatComesBeforeItsShapeAndDatatype()
    {
        var request = Decode("""{"inputs": [{"data": [[1], [2]], "shape": [2, 1], "name": "x", "datatype": "INT64"}]}""");

        Assert.Equal([1L, 2L], request.Inputs[0].Span<long>().ToArray());
    }

    [Fact]
    public void Decode_ReadsAScalarAndAnEmptyTensor()
    {
        var request = Decode("""
            {"inputs": [
              {"name": "scalar", "shape": [], "datatype": "FP64", "data": [2.5]},
              {"name": "empty", "shape": [0, 3], "datatype": "BYTES", "data": []}
            ]}
            """);

        Assert.Equal([2.5], request.Inputs[0].Span<double>().ToArray());
        Assert.Equal((0L, 0), (request.Inputs[1].ElementCount, request.Inputs[1].Elements!.Count));
    }

    [Fact]
    public void Decode_ReadsTextAsItsUtf8Bytes()
    {
        var request = Decode("""{"inputs": [{"name": "t", "shape": [2], "datatype": "BYTES", "data": ["caf\u00e9 \"ok\"", "中"]}]}""");

        Assert.Equal(["café \"ok\"", "中"], request.Inputs[0].Elements!.Select(e => Encoding.UTF8.GetString(e.Span)));
    }

    [Fact]
    public void Decode_ReadsNamedNonFiniteNumbersAndFp16AsNumbers()
    {
        var request = Decode("""
            {"inputs": [
              {"name": "f", "shape": [3], "datatype": "FP32", "data": ["NaN", "Infinity", "-Infinity"]},
              {"name": "h", "shape": [2], "datatype": "FP16", "data": [0.1, 65504]}
            ]}
            """);

        var floats = request.Inputs[0].Span<float>().ToArray();
        Assert.True(float.IsNaN(floats[0]));
        Assert.Equal([float.PositiveInfinity, float.NegativeInfinity], floats[1..]);
        Assert.Equal([(Half)0.1, Half.MaxValue], request.Inputs[1].Span<Half>().ToArray());
    }

    [Fact]
    public void Decode_KeepsRequestParametersOfEveryKindAndIgnoresUnknownProperties()
    {
        var request = Decode("""
            {"parameters": {"flag": true, "count": 3, "ratio": 0.5, "label": "x"},
             "extension": {"anything": [1, {"a": null}]},
             "inputs": [{"name": "x", "shape": [1], "datatype": "INT8", "data": [-1], "parameters": {"note": "ok"}, "extra": 1}],
             "outputs": [{"name": "y", "parameters": {"binary_data": false}}]}
            """);

        Assert.Equal(new Dictionary<string, InferenceParameter> { ["flag"] = true, ["count"] = 3L, ["ratio"] = 0.5, ["label"] = "x" }, request.Parameters);
        Assert.Equal([(sbyte)-1], request.Inputs[0].Span<sbyte>().ToArray());
        Assert.Equal(["y"], request.Outputs);
    }

    [Fact]
    public void Decode_SkipsAByteOrderMark()
    {
        var body = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("""{"inputs": []}""")).ToArray();

        Assert.Empty(RequestDecoder.Decode(new ReadOnlySequence<byte>(body), Limits).Value.Request.Inputs);
    }

    [Fact]
    public async Task ReadAsync_ReadsABodyThatArrivesInPieces()
    {
        var pipe = new Pipe();
        var body = Encoding.UTF8.GetBytes("""{"inputs": [{"name": "x", "shape": [3], "datatype": "UINT16", "data": [1, 65535, 7]}]}""");
        var reading = RequestDecoder.ReadAsync(pipe.Reader, Limits, null, TestContext.Current.CancellationToken);
        for (var at = 0; at < body.Length; at += 10)
            await pipe.Writer.WriteAsync(body.AsMemory(at, Math.Min(10, body.Length - at)), TestContext.Current.CancellationToken);
        await pipe.Writer.CompleteAsync();

        var request = (await reading).Value.Request;

        Assert.Equal([(ushort)1, ushort.MaxValue, (ushort)7], request.Inputs[0].Span<ushort>().ToArray());
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(60_000)]
    public async Task ReadAsync_DecodesABodyOfManyBuffersIntoTensorsThatOutliveItsCopy(int count)
    {
        var words = Enumerable.Range(0, count).Select(i => $"word-{i}-\u00e9").ToList();
        var numbers = Enumerable.Range(0, count).Select(i => i / 8f).ToList();
        var body = Encoding.UTF8.GetBytes($$"""
            {"inputs": [{"name": "w", "shape": [{{count}}], "datatype": "BYTES", "data": [{{string.Join(",", words.Select(w => $"\"{w}\""))}}]},
                        {"name": "n", "shape": [{{count}}], "datatype": "FP32", "data": [{{string.Join(",", numbers.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)))}}]}]}
            """);
        var pipe = new Pipe();
        var reading = RequestDecoder.ReadAsync(pipe.Reader, Limits, null, TestContext.Current.CancellationToken);
        for (var at = 0; at < body.Length; at += 1000)
            await pipe.Writer.WriteAsync(body.AsMemory(at, Math.Min(1000, body.Length - at)), TestContext.Current.CancellationToken);
        await pipe.Writer.CompleteAsync();

        var request = (await reading).Value.Request;
        for (var i = 0; i < 64; i++)
            ArrayPool<byte>.Shared.Rent(body.Length).AsSpan().Fill(0xFF);

        Assert.True(body.Length > 4096 * 2, "the body should span several of the pipe's buffers");
        Assert.Equal(words, request.Inputs[0].Elements!.Select(e => Encoding.UTF8.GetString(e.Span)));
        Assert.Equal(numbers, request.Inputs[1].Span<float>().ToArray());
    }

    [Fact]
    public async Task ReadAsync_StopsWithTooLargeOnceTheBodyPassesTheLimit()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[200], TestContext.Current.CancellationToken);

        var result = await RequestDecoder.ReadAsync(pipe.Reader, new ServingLimits { MaxRequestBytes = 100 }, null, TestContext.Current.CancellationToken);

        Assert.Equal(new Error(ErrorCode.TooLarge, "The request body is over the limit of 100 bytes."), result.Error);
    }

    [Theory]
    [InlineData("""{"inputs": [{"name": }]}""", "The request body is not valid JSON at line 1, byte 22: '}' is an invalid start of a value.")]
    [InlineData("{\n  \"inputs\": [\n    {\"name\" \"x\"}]}", "The request body is not valid JSON at line 3, byte 13: '\"' is invalid after a property name. Expected a ':'.")]
    [InlineData("", "The request body is not valid JSON at line 1, byte 1: The input does not contain any JSON tokens. Expected the input to start with a valid JSON token, when isFinalBlock is true.")]
    [InlineData("""{"inputs": []} x""", "The request body is not valid JSON at line 1, byte 16: 'x' is invalid after a single JSON value. Expected end of data.")]
    public void Decode_RefusesMalformedJsonAndSaysWhere(string body, string message)
    {
        AssertRefused(body, message);
    }

    [Theory]
    [InlineData("""[1]""", "The request body must be an object, not an array.")]
    [InlineData("""{"id": "1"}""", "The request has no 'inputs'.")]
    [InlineData("""{"inputs": {}}""", "The request's 'inputs' must be an array, not an object.")]
    [InlineData("""{"inputs": [3]}""", "inputs[0] must be an object, not 3.")]
    [InlineData("""{"id": 7, "inputs": []}""", "The request's 'id' must be a string, not 7.")]
    [InlineData("""{"inputs": [{"shape": [1], "datatype": "FP32", "data": [1]}]}""", "The input at inputs[0] has no 'name'.")]
    [InlineData("""{"inputs": [{"name": "x", "shape": [1], "data": [1]}]}""", "The input 'x' has no 'datatype'.")]
    [InlineData("""{"inputs": [{"name": "x", "datatype": "FP32", "data": [1]}]}""", "The input 'x' has no 'shape'.")]
    [InlineData("""{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32"}]}""", "The input 'x' has no 'data'.")]
    [InlineData("""{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "data": 1}]}""", "The data of the input 'x' must be an array, not 1.")]
    [InlineData("""{"inputs": [], "outputs": [{"parameters": {}}]}""", "The output at outputs[0] has no 'name'.")]
    public void Decode_RefusesARequestOfTheWrongShapeAndSaysWhatIsMissing(string body, string message)
    {
        AssertRefused(body, message);
    }

    [Fact]
    public void Decode_RefusesAnUnknownDatatypeAndListsTheProtocolsOwn()
    {
        AssertRefused("""{"inputs": [{"name": "x", "shape": [1], "datatype": "FLOAT32", "data": [1]}]}""",
            "The input 'x' has the datatype 'FLOAT32', which is not one of BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES.");
    }

    [Theory]
    [InlineData("[2, -1]", "The shape of the input 'x' has -1 where a dimension must be a non-negative integer.")]
    [InlineData("[2.5]", "The shape of the input 'x' has 2.5 where a dimension must be a non-negative integer.")]
    [InlineData("""["2"]""", "The shape of the input 'x' has a string where a dimension must be a non-negative integer.")]
    [InlineData("2", "The shape of the input 'x' must be an array, not 2.")]
    [InlineData("[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]", "The shape of the input 'x' has more than 32 dimensions.")]
    public void Decode_RefusesAShapeThatIsNotAListOfSizes(string shape, string message)
    {
        AssertRefused($$"""{"inputs": [{"name": "x", "shape": {{shape}}, "datatype": "FP32", "data": []}]}""", message);
    }

    [Theory]
    [InlineData("[2, 3]", "[1, 2, 3, 4, 5]", "The input 'x' has 5 elements, but its shape [2,3] needs 6.")]
    [InlineData("[2, 3]", "[1, 2, 3, 4, 5, 6, 7]", "The input 'x' has 7 elements, but its shape [2,3] needs 6.")]
    [InlineData("[4]", "[1]", "The input 'x' has 1 element, but its shape [4] needs 4.")]
    [InlineData("[]", "[]", "The input 'x' has 0 elements, but its shape [] needs 1.")]
    public void Decode_RefusesAnElementCountThatDoesNotMatchTheShape(string shape, string data, string message)
    {
        AssertRefused($$"""{"inputs": [{"name": "x", "shape": {{shape}}, "datatype": "FP32", "data": {{data}}}]}""", message);
    }

    [Theory]
    [InlineData("[2]", "[[1], [2]]", "The data of the input 'x' is nested 2 deep, deeper than its shape [2].")]
    [InlineData("[]", "[[1]]", "The data of the input 'x' is nested 2 deep, deeper than its shape [].")]
    [InlineData("[1, 2]", "[[[1, 2]]]", "The data of the input 'x' is nested 3 deep, deeper than its shape [1,2].")]
    [InlineData("[2, 2]", "[[1, 2], [3]]", "The data of the input 'x' has 1 entry at [1], but dimension 1 of its shape [2,2] is 2.")]
    [InlineData("[2, 2]", "[[1, 2], [3, 4], [5, 6]]", "The data of the input 'x' has 3 entries at the top level, but dimension 0 of its shape [2,2] is 2.")]
    [InlineData("[2, 2, 1]", "[[[1], [2]], [[3], [4, 5]]]", "The data of the input 'x' has 2 entries at [1,1], but dimension 2 of its shape [2,2,1] is 1.")]
    [InlineData("[2, 2]", "[[1, 2], 3, 4]", "The data of the input 'x' mixes values and arrays at [1]; send it flat or nested as its shape [2,2].")]
    [InlineData("[2, 2]", "[1, 2, [3, 4]]", "The data of the input 'x' mixes values and arrays at [2]; send it flat or nested as its shape [2,2].")]
    [InlineData("[2, 2, 2]", "[[1, 2, 3, 4], [5, 6, 7, 8]]", "The data of the input 'x' mixes values and arrays at [0,0]; send it flat or nested as its shape [2,2,2].")]
    public void Decode_RefusesNestingThatDoesNotMatchTheShape(string shape, string data, string message)
    {
        AssertRefused($$"""{"inputs": [{"name": "x", "shape": {{shape}}, "datatype": "INT32", "data": {{data}}}]}""", message);
    }

    [Theory]
    [InlineData("FP32", "[1, \"2\", 3]", "Element 1 of the input 'x' is a string, but FP32 data takes numbers.")]
    [InlineData("FP64", "[1, 2, null]", "Element 2 of the input 'x' is null, but FP64 data takes numbers.")]
    [InlineData("FP16", "[true, 2, 3]", "Element 0 of the input 'x' is a boolean, but FP16 data takes numbers.")]
    [InlineData("INT32", "[1, {}, 3]", "Element 1 of the input 'x' is an object, but INT32 data takes integers.")]
    [InlineData("INT32", "[1, 2, 1.5]", "Element 2 of the input 'x' is 1.5, but INT32 data takes integers.")]
    [InlineData("UINT64", "[1, 2e3, 3]", "Element 1 of the input 'x' is 2e3, but UINT64 data takes integers.")]
    [InlineData("BOOL", "[true, 1, false]", "Element 1 of the input 'x' is 1, but BOOL data takes true or false.")]
    [InlineData("BYTES", "[\"a\", 2, \"c\"]", "Element 1 of the input 'x' is 2, but BYTES data takes strings.")]
    [InlineData("FP32", "[1, \"nan\", 3]", "Element 1 of the input 'x' is a string, but FP32 data takes numbers.")]
    public void Decode_RefusesAnElementOfTheWrongKindAndNamesItsIndex(string datatype, string data, string message)
    {
        AssertRefused($$"""{"inputs": [{"name": "x", "shape": [3], "datatype": "{{datatype}}", "data": {{data}}}]}""", message);
    }

    [Theory]
    [InlineData("UINT8", "256", "Element 1 of the input 'x' is 256, out of the UINT8 range 0 to 255.")]
    [InlineData("UINT16", "-1", "Element 1 of the input 'x' is -1, out of the UINT16 range 0 to 65,535.")]
    [InlineData("INT8", "-129", "Element 1 of the input 'x' is -129, out of the INT8 range -128 to 127.")]
    [InlineData("INT16", "32768", "Element 1 of the input 'x' is 32768, out of the INT16 range -32,768 to 32,767.")]
    [InlineData("INT32", "2147483648", "Element 1 of the input 'x' is 2147483648, out of the INT32 range -2,147,483,648 to 2,147,483,647.")]
    [InlineData("UINT32", "4294967296", "Element 1 of the input 'x' is 4294967296, out of the UINT32 range 0 to 4,294,967,295.")]
    [InlineData("INT64", "9223372036854775808", "Element 1 of the input 'x' is 9223372036854775808, out of the INT64 range -9,223,372,036,854,775,808 to 9,223,372,036,854,775,807.")]
    [InlineData("UINT64", "-1", "Element 1 of the input 'x' is -1, out of the UINT64 range 0 to 18,446,744,073,709,551,615.")]
    [InlineData("UINT64", "18446744073709551616", "Element 1 of the input 'x' is 18446744073709551616, out of the UINT64 range 0 to 18,446,744,073,709,551,615.")]
    [InlineData("FP16", "65520", "Element 1 of the input 'x' is 65520, out of the FP16 range -65,504 to 65,504.")]
    [InlineData("FP32", "-1e39", "Element 1 of the input 'x' is -1e39, out of the FP32 range -3.4028235E+38 to 3.4028235E+38.")]
    [InlineData("FP64", "1e309", "Element 1 of the input 'x' is 1e309, out of the FP64 range -1.7976931348623157E+308 to 1.7976931348623157E+308.")]
    public void Decode_RefusesANumberOutOfTheTypesRange(string datatype, string value, string message)
    {
        AssertRefused($$"""{"inputs": [{"name": "x", "shape": [2], "datatype": "{{datatype}}", "data": [0, {{value}}]}]}""", message);
    }

    [Fact]
    public void Decode_RefusesABodyOverTheLimitAsTooLarge()
    {
        var result = RequestDecoder.Decode(new ReadOnlySequence<byte>(new byte[101]), new ServingLimits { MaxRequestBytes = 100 });

        Assert.Equal(new Error(ErrorCode.TooLarge, "The request body is over the limit of 100 bytes."), result.Error);
    }

    [Fact]
    public void Decode_RefusesATensorOverTheElementLimitBeforeReadingIt()
    {
        var result = RequestDecoder.Decode(Body("""{"inputs": [{"name": "x", "shape": [4096, 4097], "datatype": "FP32", "data": []}]}"""), Limits);

        Assert.Equal(Error.InvalidInput("The input 'x' has 16,781,312 elements, over the limit of 16,777,216 per tensor."), result.Error);
    }

    [Fact]
    public void Decode_RefusesAShapeThatOverflowsWithoutAllocating()
    {
        var result = RequestDecoder.Decode(Body("""{"inputs": [{"name": "x", "shape": [9223372036854775807, 2], "datatype": "FP32", "data": []}]}"""), Limits);

        Assert.Equal(Error.InvalidInput("The input 'x' has 9,223,372,036,854,775,807 elements, over the limit of 16,777,216 per tensor."), result.Error);
    }

    [Fact]
    public void Decode_CountsAShapeLargerThanTheBodyCouldHoldWithoutAllocatingIt()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();

        var result = RequestDecoder.Decode(Body("""{"inputs": [{"name": "x", "shape": [8000000], "datatype": "FP64", "data": [1, 2]}]}"""), Limits);

        Assert.Equal(Error.InvalidInput("The input 'x' has 2 elements, but its shape [8000000] needs 8,000,000."), result.Error);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000, "the 64 MB buffer was allocated");
    }

    [Fact]
    public void Decode_RefusesInputsOverTheByteLimitCountingText()
    {
        var limits = new ServingLimits { MaxInputBytes = 10 };

        var result = RequestDecoder.Decode(Body("""{"inputs": [{"name": "x", "shape": [2], "datatype": "BYTES", "data": ["hello", "world!"]}]}"""), limits);

        Assert.Equal(Error.InvalidInput("The inputs take 11 bytes, over the limit of 10 per request."), result.Error);
    }

    [Fact]
    public void Decode_RefusesMoreInputsThanTheLimitAndCountsThemAll()
    {
        var input = """{"name": "x", "shape": [1], "datatype": "BOOL", "data": [true]}""";

        var result = RequestDecoder.Decode(Body($$"""{"inputs": [{{string.Join(",", Enumerable.Repeat(input, 5))}}]}"""), new ServingLimits { MaxInputs = 2 });

        Assert.Equal(Error.InvalidInput("The request has 5 inputs, over the limit of 2."), result.Error);
    }

    [Theory]
    [InlineData("""{"parameters": {"p": [1]}, "inputs": []}""", "The parameter 'p' of the request is an array; a parameter is a boolean, a number or a string.")]
    [InlineData("""{"parameters": {"p": null}, "inputs": []}""", "The parameter 'p' of the request is null; a parameter is a boolean, a number or a string.")]
    [InlineData("""{"parameters": [], "inputs": []}""", "The parameters of the request must be an object, not an array.")]
    [InlineData("""{"inputs": [{"name": "x", "shape": [0], "datatype": "FP32", "data": [], "parameters": {"q": {}}}]}""", "The parameter 'q' of inputs[0] is an object; a parameter is a boolean, a number or a string.")]
    public void Decode_RefusesAParameterThatIsNotABooleanNumberOrString(string body, string message)
    {
        AssertRefused(body, message);
    }

    [Fact]
    public void Decode_RefusesTextThatIsNotUtf8()
    {
        var body = Encoding.UTF8.GetBytes("""{"inputs": [{"name": "x", "shape": [1], "datatype": "BYTES", "data": ["a?b"]}]}""");
        body[Array.IndexOf(body, (byte)'?')] = 0xFF;

        var result = RequestDecoder.Decode(new ReadOnlySequence<byte>(body), Limits);

        Assert.Equal(Error.InvalidInput("The request body is not valid JSON: Element 0 of the input 'x' has text that is not valid UTF-8."), result.Error);
    }

    private static InferenceRequest Decode(string body)
    {
        var result = RequestDecoder.Decode(Body(body), Limits);
        Assert.True(result.IsSuccess, result.ToString());
        return result.Value.Request;
    }

    private static void AssertRefused(string body, string message)
    {
        var result = RequestDecoder.Decode(Body(body), Limits);

        Assert.False(result.IsSuccess, "decoded: " + result);
        Assert.Equal(Error.InvalidInput(message), result.Error);
    }

    private static ReadOnlySequence<byte> Body(string json) => new(Encoding.UTF8.GetBytes(json));
}
