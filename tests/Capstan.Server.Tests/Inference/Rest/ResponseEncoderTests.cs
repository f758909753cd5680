using System.Buffers;
using System.Text;
using System.Text.Json;
using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Server.Inference.Rest;
using Capstan.Serving.DataPlane;

namespace Capstan.Server.Tests.Inference.Rest;

public sealed class ResponseEncoderTests
{
    [Fact]
    public void WriteInferenceResponse_WritesEveryFieldAndFlatData()
    {
        var response = new InferenceResponse("breast-cancer", "3", "42",
            [
                Tensor.From("Probability", TensorDataType.Fp32, [2, 1], [0.25f, 0.9f]),
                Tensor.From("PredictedLabel", TensorDataType.Bool, [2], new byte[] { 0, 1 }),
            ],
            new Dictionary<string, InferenceParameter> { ["cached"] = false, ["rows"] = 2L, ["ms"] = 1.5, ["node"] = "a" });

        Assert.Equal(
            """{"model_name":"breast-cancer","model_version":"3","id":"42","parameters":{"cached":false,"rows":2,"ms":1.5,"node":"a"},"outputs":[""" +
            """{"name":"Probability","datatype":"FP32","shape":[2,1],"data":[0.25,0.9]},""" +
            """{"name":"PredictedLabel","datatype":"BOOL","shape":[2],"data":[false,true]}]}""",
            Write(output => ResponseEncoder.WriteInferenceResponse(output, response, BinaryOutputs.None)));
    }

    [Fact]
    public void WriteInferenceResponse_LeavesOutTheIdAndParametersWhenThereAreNone()
    {
        var response = new InferenceResponse("m", "1", null, [Tensor.From("y", TensorDataType.Int64, [1], [-7L])]);

        Assert.Equal(
            """{"model_name":"m","model_version":"1","outputs":[{"name":"y","datatype":"INT64","shape":[1],"data":[-7]}]}""",
            Write(output => ResponseEncoder.WriteInferenceResponse(output, response, BinaryOutputs.None)));
    }

    [Fact]
    public void WriteInferenceResponse_WritesNonFiniteNumbersAsTheirNames()
    {
        var response = new InferenceResponse("m", "1", null,
            [
                Tensor.From("f", TensorDataType.Fp32, [3], [float.NaN, float.PositiveInfinity, float.NegativeInfinity]),
                Tensor.From("d", TensorDataType.Fp64, [1], [double.NegativeInfinity]),
                Tensor.From("h", TensorDataType.Fp16, [1], [Half.PositiveInfinity]),
            ],
            new Dictionary<string, InferenceParameter> { ["p"] = double.NaN });

        Assert.Equal(
            """{"model_name":"m","model_version":"1","parameters":{"p":"NaN"},"outputs":[""" +
            """{"name":"f","datatype":"FP32","shape":[3],"data":["NaN","Infinity","-Infinity"]},""" +
            """{"name":"d","datatype":"FP64","shape":[1],"data":["-Infinity"]},""" +
            """{"name":"h","datatype":"FP16","shape":[1],"data":["Infinity"]}]}""",
            Write(output => ResponseEncoder.WriteInferenceResponse(output, response, BinaryOutputs.None)));
    }

    [Fact]
    public void WriteInferenceResponse_WritesFp16InItsShortestFormAndTextAsStrings()
    {
        var response = new InferenceResponse("m", "1", null,
            [
                Tensor.From("h", TensorDataType.Fp16, [3], [(Half)0.1, Half.MaxValue, (Half)(-2)]),
                Tensor.FromElements("t", [3], ["café \"ok\""u8.ToArray(), "中<>"u8.ToArray(), new byte[] { 0x61, 0xFF }]),
            ]);

        var json = Write(output => ResponseEncoder.WriteInferenceResponse(output, response, BinaryOutputs.None));

        Assert.Contains("\"data\":[0.1,65500,-2]", json);
        Assert.Contains("\"data\":[\"café \\\"ok\\\"\",\"中<>\",\"a\\uFFFD\"]", json);
    }

    [Fact]
    public void WriteInferenceResponse_WritesEveryIntegerTypeAtItsExtremes()
    {
        var response = new InferenceResponse("m", "1", null,
            [
                Tensor.From("u8", TensorDataType.UInt8, [2], new byte[] { 0, 255 }),
                Tensor.From("i8", TensorDataType.Int8, [2], new sbyte[] { -128, 127 }),
                Tensor.From("u16", TensorDataType.UInt16, [1], new ushort[] { 65535 }),
                Tensor.From("i16", TensorDataType.Int16, [1], new short[] { -32768 }),
                Tensor.From("u32", TensorDataType.UInt32, [1], new uint[] { uint.MaxValue }),
                Tensor.From("i32", TensorDataType.Int32, [1], new int[] { int.MinValue }),
                Tensor.From("u64", TensorDataType.UInt64, [1], new ulong[] { ulong.MaxValue }),
            ]);

        using var json = JsonDocument.Parse(Write(output => ResponseEncoder.WriteInferenceResponse(output, response, BinaryOutputs.None)));

        Assert.Equal(
            ["[0,255]", "[-128,127]", "[65535]", "[-32768]", "[4294967295]", "[-2147483648]", "[18446744073709551615]"],
            json.RootElement.GetProperty("outputs").EnumerateArray().Select(output => output.GetProperty("data").GetRawText()));
    }

    [Fact]
    public void WriteError_WritesTheProtocolsErrorObject()
    {
        Assert.Equal(
            """{"error":"The input 'x' is FP64, but the model takes FP32."}""",
            Write(output => ResponseEncoder.WriteError(output, Error.InvalidInput("The input 'x' is FP64, but the model takes FP32."))));
    }

    [Fact]
    public void WriteModelMetadata_WritesNameVersionsPlatformAndTensorSpecs()
    {
        var metadata = new ModelMetadata("breast-cancer", ["1", "2"], "onnxruntime_onnx",
            [new TensorSpec("Features", TensorDataType.Fp32, [-1, 30])],
            [new TensorSpec("Probability.output", TensorDataType.Fp32, [-1, 1]), new TensorSpec("PredictedLabel.output", TensorDataType.Bool, [-1, 1])]);

        Assert.Equal(
            """{"name":"breast-cancer","versions":["1","2"],"platform":"onnxruntime_onnx","inputs":[""" +
            """{"name":"Features","datatype":"FP32","shape":[-1,30]}],"outputs":[""" +
            """{"name":"Probability.output","datatype":"FP32","shape":[-1,1]},{"name":"PredictedLabel.output","datatype":"BOOL","shape":[-1,1]}]}""",
            Write(output => ResponseEncoder.WriteModelMetadata(output, metadata)));
    }

    [Fact]
    public void WriteServerMetadata_WritesNameVersionAndExtensions()
    {
        Assert.Equal(
            """{"name":"capstan","version":"0.1.0","extensions":["model_repository"]}""",
            Write(output => ResponseEncoder.WriteServerMetadata(output, "capstan", "0.1.0", ["model_repository"])));
    }

    private static string Write(Action<IBufferWriter<byte>> write)
    {
        var output = new ArrayBufferWriter<byte>();
        write(output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
