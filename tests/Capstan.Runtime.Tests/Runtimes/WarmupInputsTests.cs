using Capstan.Core.Signatures;
using Capstan.Runtime.Runtimes;
using Capstan.Testing.Models;

namespace Capstan.Runtime.Tests.Runtimes;

public sealed class WarmupInputsTests
{
    [Theory]
    [MemberData(nameof(EveryTestModel))]
    public void For_GivesARequestEveryTestModelAnswersWithOneRowOfEachOutput(string name)
    {
        using var model = LoadedModels.Load(PathOf(name));
        var outputs = model.Signature.Outputs.Select(output => output.Name).ToList();

        var answers = Tensors.Run(model, WarmupInputs.For(model.Signature), outputs);

        Assert.Equal(outputs, answers.Select(answer => answer.Name));
        Assert.All(answers, answer => Assert.Equal(1, answer.Shape[0]));
    }

    [Fact]
    public void For_BuildsOneRowOfZerosForTheRequiredInputsOnly()
    {
        var signature = LoadedModels.RecordedSignature(TestModels.BreastCancerMlNet);

        var input = Assert.Single(WarmupInputs.For(signature));

        Assert.Equal("Features", input.Name);
        Assert.Equal(TensorDataType.Fp32, input.DataType);
        Assert.Equal([1, 30], input.Shape);
        Assert.All(input.Span<float>().ToArray(), value => Assert.Equal(0f, value));
    }

    [Fact]
    public void For_KeepsFixedDimensionsAndGivesEmptyStringsForBytes()
    {
        var signature = new ModelSignature(
            [new TensorSpec("text", TensorDataType.Bytes, [-1, 3]), new TensorSpec("image", TensorDataType.UInt8, [2, -1, 4])],
            [new TensorSpec("y", TensorDataType.Fp32, [-1])],
            ["text", "image"]);

        var inputs = WarmupInputs.For(signature);

        Assert.Equal([1, 3], inputs[0].Shape);
        Assert.All(inputs[0].Elements!, element => Assert.True(element.IsEmpty));
        Assert.Equal([2, 1, 4], inputs[1].Shape);
        Assert.Equal(new byte[8], inputs[1].Data.ToArray());
    }

    public static TheoryData<string> EveryTestModel() => new(
        nameof(TestModels.BreastCancerOnnx), nameof(TestModels.ScalarInputsOnnx), nameof(TestModels.IdentityPerTypeOnnx),
        nameof(TestModels.SequenceOutputOnnx), nameof(TestModels.BreastCancerMlNet), nameof(TestModels.MixedInputsMlNet),
        nameof(TestModels.EveryColumnTypeMlNet));

    private static string PathOf(string name) => (string)typeof(TestModels).GetProperty(name)!.GetValue(null)!;
}
