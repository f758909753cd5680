using System.Buffers;
using System.Text;
using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Server.Inference.Rest;
using Capstan.Serving.Validation;
using Capstan.Testing.Models;

namespace Capstan.Server.Tests.Inference.Rest;

public sealed class TabularCodecTests
{
    private static readonly ServingLimits Limits = new();
    private static readonly float[] Row = [.. Enumerable.Range(0, 30).Select(i => i * 0.5f)];

    [Fact]
    public void Decode_MapsBreastCancerInstancesOntoTheFeaturesVector()
    {
        var request = Decode(Instances(2, row => $$"""{"Features": [{{Numbers(Row.Select(v => v + row))}}]}"""), TestSignatures.BreastCancerOnnx);

        var features = Assert.Single(request.Inputs);
        Assert.Equal(("Features", TensorDataType.Fp32), (features.Name, features.DataType));
        Assert.Equal([2L, 30L], features.Shape);
        Assert.Equal(Row.Concat(Row.Select(v => v + 1)), features.Span<float>().ToArray());
        Assert.True(new InputValidator(Limits).Validate(request, TestSignatures.BreastCancerOnnx).IsSuccess);
    }

    [Fact]
    public void Decode_MapsEveryKindOfColumnOfTheMixedModelInSignatureOrder()
    {
        var body = """
            {"instances": [
              {"Readings": [1, 2, 3, 4], "Comment": "calm \"day\"", "Flag": true, "Amount": 2.5, "Count": 7, "Category": 3, "Extras": [0.5, 1]},
              {"Readings": [5, 6, 7, 8], "Comment": "odd", "Flag": false, "Amount": -1, "Count": -2, "Category": 1, "Extras": [2, 3]}
            ]}
            """;

        var request = Decode(body, TestSignatures.MixedInputs);

        Assert.Equal(["Comment", "Flag", "Amount", "Count", "Category", "Readings", "Extras"], request.Inputs.Select(input => input.Name));
        Assert.Equal(["calm \"day\"", "odd"], request.Inputs[0].Elements!.Select(e => Encoding.UTF8.GetString(e.Span)));
        Assert.Equal([1, 0], request.Inputs[1].Data.ToArray());
        Assert.Equal([2.5f, -1f], request.Inputs[2].Span<float>().ToArray());
        Assert.Equal([7, -2], request.Inputs[3].Span<int>().ToArray());
        Assert.Equal([3u, 1u], request.Inputs[4].Span<uint>().ToArray());
        Assert.Equal([2L, 4L], request.Inputs[5].Shape);
        Assert.Equal([1f, 2, 3, 4, 5, 6, 7, 8], request.Inputs[5].Span<float>().ToArray());
        Assert.Equal([2L, 2L], request.Inputs[6].Shape);
        Assert.True(new InputValidator(Limits).Validate(request, TestSignatures.MixedInputs).IsSuccess);
    }

    [Fact]
    public void Decode_MapsScalarColumnsOfAnOnnxModelAsColumnVectorsFromValuesOrOneElementArrays()
    {
        var body = """
            {"instances": [
              {"MeanRadius": 12.5, "MeanTexture": 20, "MeanPerimeter": 80, "MeanArea": 500},
              {"MeanRadius": [13.5], "MeanTexture": [21], "MeanPerimeter": [81], "MeanArea": [501]}
            ]}
            """;

        var request = Decode(body, TestSignatures.ScalarInputsOnnx);

        Assert.All(request.Inputs, input => Assert.Equal([2L, 1L], input.Shape));
        Assert.Equal([12.5f, 13.5f], request.Inputs[0].Span<float>().ToArray());
    }

    [Fact]
    public void Decode_LetsAnOptionalColumnBeLeftOutOfEveryInstance()
    {
        var request = Decode(Instances(1, _ => $$"""{"Features": [{{Numbers(Row)}}]}"""), TestSignatures.BreastCancerMlNet);

        Assert.Equal(["Features"], request.Inputs.Select(input => input.Name));
    }

    [Fact]
    public void Decode_RefusesInstancesWithoutARequiredColumnAndNamesThem()
    {
        AssertRefused("""{"instances": [{"Comment": "a", "Amount": 1, "Category": 1, "Readings": [1, 2, 3, 4]}]}""", TestSignatures.MixedInputs,
            "The request has no inputs 'Flag', 'Count', which the model requires.");
    }

    [Fact]
    public void Decode_RefusesAColumnTheModelDoesNotDeclare()
    {
        AssertRefused($$"""{"instances": [{"Features": [{{Numbers(Row)}}], "Colour": "red"}]}""", TestSignatures.BreastCancerMlNet,
            "The model has no input 'Colour'; its inputs are 'Features', 'Label'.");
    }

    [Theory]
    [InlineData("""{"Label": true}""", "Instance 1 has the column 'Label', which instance 0 does not have; every instance needs the same columns.")]
    [InlineData("""{}""", "Instance 1 has no column 'Features', which instance 0 has; every instance needs the same columns.")]
    [InlineData("""{"Features": [FEATURES], "Features": [FEATURES]}""", "Instance 1 has the column 'Features' more than once.")]
    public void Decode_RefusesInstancesWhoseColumnsDiffer(string second, string message)
    {
        var features = $"[{Numbers(Row)}]";

        AssertRefused($$"""{"instances": [{"Features": {{features}}}, {{second.Replace("[FEATURES]", features)}}]}""", TestSignatures.BreastCancerMlNet, message);
    }

    [Theory]
    [InlineData("""{"Features": [1, 2]}""", "Instance 0 has 2 values for the column 'Features', but the column takes 30 per row.")]
    [InlineData("""{"Features": 1}""", "The column 'Features' of instance 0 must be an array, not 1.")]
    [InlineData("""{"Features": [1, 2, "3"]}""", "Element 2 of the column 'Features' of instance 0 is a string, but FP32 data takes numbers.")]
    [InlineData("""{"Features": [1, [2]]}""", "Element 1 of the column 'Features' of instance 0 is an array, but FP32 data takes numbers.")]
    public void Decode_RefusesAVectorColumnThatIsNotAnArrayOfTheDeclaredLength(string instance, string message)
    {
        AssertRefused($$"""{"instances": [{{instance}}]}""", TestSignatures.BreastCancerOnnx, message);
    }

    [Theory]
    [InlineData("Amount", "[1]", "The column 'Amount' of instance 0 must be a single value, not an array.")]
    [InlineData("Amount", "\"1\"", "The column 'Amount' of instance 0 is a string, but FP32 data takes numbers.")]
    [InlineData("Count", "1.5", "The column 'Count' of instance 0 is 1.5, but INT32 data takes integers.")]
    [InlineData("Category", "-1", "The column 'Category' of instance 0 is -1, out of the UINT32 range 0 to 4,294,967,295.")]
    [InlineData("Flag", "1", "The column 'Flag' of instance 0 is 1, but BOOL data takes true or false.")]
    [InlineData("Comment", "7", "The column 'Comment' of instance 0 is 7, but BYTES data takes strings.")]
    public void Decode_RefusesAValueThatDoesNotFitItsColumn(string column, string value, string message)
    {
        var columns = new Dictionary<string, string>
        {
            ["Comment"] = "\"a\"", ["Flag"] = "true", ["Amount"] = "1", ["Count"] = "1", ["Category"] = "1", ["Readings"] = "[1, 2, 3, 4]",
        };
        columns[column] = value;

        AssertRefused($$"""{"instances": [{{{string.Join(", ", columns.Select(c => $"\"{c.Key}\": {c.Value}"))}}}]}""", TestSignatures.MixedInputs, message);
    }

    [Fact]
    public void Decode_RefusesVariableVectorsOfDifferentLengthsAcrossInstances()
    {
        const string mixed = "\"Comment\": \"a\", \"Flag\": true, \"Amount\": 1, \"Count\": 1, \"Category\": 1, \"Readings\": [1, 2, 3, 4]";

        AssertRefused($$"""{"instances": [{{{mixed}}, "Extras": [1, 2]}, {{{mixed}}, "Extras": [1, 2, 3]}]}""", TestSignatures.MixedInputs,
            "Instance 1 has 3 values for the column 'Extras', but the column takes 2 per row.");
    }

    [Fact]
    public void Decode_RefusesAnInputThatIsNotAColumn()
    {
        var signature = new ModelSignature([new TensorSpec("image", TensorDataType.UInt8, [-1, 28, 28])], [], ["image"]);

        AssertRefused("""{"instances": [{"image": [[1]]}]}""", signature,
            "The input 'image' has the shape [-1,28,28], which is not a column of values or vectors; send it with the V2 protocol.");
    }

    [Theory]
    [InlineData("""{"inputs": []}""", "The request has no 'instances'.")]
    [InlineData("""{"instances": []}""", "The request's 'instances' is empty; send one object of column values per row.")]
    [InlineData("""{"instances": [[1, 2]]}""", "instances[0] must be an object of column values, not an array.")]
    [InlineData("""{"instances": {}}""", "The request's 'instances' must be an array, not an object.")]
    [InlineData("""{"instances": [{"Features": }]}""", "The request body is not valid JSON at line 1, byte 29: '}' is an invalid start of a value.")]
    public void Decode_RefusesABodyThatIsNotAListOfInstances(string body, string message)
    {
        AssertRefused(body, TestSignatures.BreastCancerOnnx, message);
    }

    [Fact]
    public void Decode_RefusesAColumnOverTheElementLimit()
    {
        var limits = new ServingLimits { MaxTensorElements = 59 };

        var result = TabularCodec.Decode(Body(Instances(2, _ => $$"""{"Features": [{{Numbers(Row)}}]}""")), TestSignatures.BreastCancerOnnx, limits);

        Assert.Equal(Error.InvalidInput("The input 'Features' has 60 elements, over the limit of 59 per tensor."), result.Error);
    }

    [Fact]
    public void WritePredictions_WritesOneObjectPerRowWithScalarsAsValuesAndVectorsAsArrays()
    {
        Tensor[] outputs =
        [
            Tensor.From("PredictedLabel", TensorDataType.Bool, [2], new byte[] { 1, 0 }),
            Tensor.From("Probability.output", TensorDataType.Fp32, [2, 1], [0.75f, 0.25f]),
            Tensor.From("Scores", TensorDataType.Fp64, [2, 3], [1.0, 2, 3, 4, 5, 6]),
            Tensor.From("Grid", TensorDataType.Int32, [2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]),
            Tensor.FromElements("Label", [2], ["yes"u8.ToArray(), "no"u8.ToArray()]),
        ];
        var output = new ArrayBufferWriter<byte>();

        var rows = TabularCodec.WritePredictions(output, outputs);

        Assert.Equal(2, rows.Value);
        Assert.Equal(
            """{"predictions":[""" +
            """{"PredictedLabel":true,"Probability.output":0.75,"Scores":[1,2,3],"Grid":[[1,2],[3,4]],"Label":"yes"},""" +
            """{"PredictedLabel":false,"Probability.output":0.25,"Scores":[4,5,6],"Grid":[[5,6],[7,8]],"Label":"no"}]}""",
            Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void WritePredictions_RefusesOutputsWithoutARowPerInstanceAndWritesNothing()
    {
        Tensor[] outputs = [Tensor.From("a", TensorDataType.Fp32, [2], [1f, 2f]), Tensor.From("b", TensorDataType.Fp32, [3], [1f, 2f, 3f])];
        var output = new ArrayBufferWriter<byte>();

        var rows = TabularCodec.WritePredictions(output, outputs);

        Assert.Equal(new Error(ErrorCode.Internal, "The output 'b' has the shape [3], which has no row for each of the 2 instances."), rows.Error);
        Assert.Equal(0, output.WrittenCount);
    }

    private static InferenceRequest Decode(string body, ModelSignature signature)
    {
        var result = TabularCodec.Decode(Body(body), signature, Limits);
        Assert.True(result.IsSuccess, result.ToString());
        return result.Value;
    }

    private static void AssertRefused(string body, ModelSignature signature, string message)
    {
        var result = TabularCodec.Decode(Body(body), signature, Limits);

        Assert.False(result.IsSuccess, "decoded: " + result);
        Assert.Equal(Error.InvalidInput(message), result.Error);
    }

    private static string Instances(int rows, Func<int, string> row) =>
        $$"""{"instances": [{{string.Join(", ", Enumerable.Range(0, rows).Select(row))}}]}""";

    private static string Numbers(IEnumerable<float> values) => string.Join(", ", values.Select(v => v.ToString("R")));

    private static ReadOnlySequence<byte> Body(string json) => new(Encoding.UTF8.GetBytes(json));
}
