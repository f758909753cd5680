using System.Runtime.InteropServices;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Runtime.Tests.Runtimes;
using Capstan.Testing.Models;

namespace Capstan.Runtime.Tests.Onnx;

/// <summary>Outputs that ONNX Runtime writes straight into Capstan's buffer, against outputs it allocates and Capstan copies.</summary>
/// <remarks>
/// A request whose outputs all have a shape that follows from the batch size is written in place, into one buffer
/// that every output tensor slices; one that names a BYTES output too is copied, output by output. So the same
/// output asked for beside a fixed-size one and beside a BYTES one takes each path once.
/// </remarks>
public sealed class OnnxInPlaceOutputTests
{
    private static readonly string[] FixedSizeTypes =
        ["BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16", "FP32", "FP64"];

    [Theory]
    [MemberData(nameof(FixedSizeTypesAndBatchSizes))]
    public void Run_WritesEachFixedSizeTypeInPlaceAsTheSameBytesAsTheCopiedPath(string type, int rows)
    {
        using var model = LoadedModels.Load(TestModels.IdentityPerTypeOnnx);
        var inputs = OnnxModelRuntimeTests.IdentityInputs(rows);
        var partner = type == "FP32" ? "Y_INT8" : "Y_FP32";

        var inPlace = Tensors.Run(model, inputs, [$"Y_{type}", partner]);
        var copied = Tensors.Run(model, inputs, [$"Y_{type}", "Y_BYTES"]);

        Tensors.AssertSame(copied[0], inPlace[0]);
        Tensors.AssertSame(inputs.Single(input => input.Name == $"X_{type}"), inPlace[0], compareNames: false);
        Assert.Equal([rows, 2], inPlace[0].Shape);
        if (rows > 0)
            Assert.Same(ArrayOf(inPlace[0]), ArrayOf(inPlace[1]));
        Assert.NotSame(ArrayOf(copied[0]), ArrayOf(copied[1]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(32)]
    public void Run_WritesEveryOutputOfTheBreastCancerModelIntoOneAlignedBuffer(int rows)
    {
        using var model = LoadedModels.Load(TestModels.BreastCancerOnnx);
        var outputs = model.Signature.Outputs.Select(output => output.Name).ToList();
        var features = Tensors.Features(TestModels.BreastCancer.Holdout.Take(rows));

        var answers = Tensors.Run(model, [features], outputs);

        Assert.All(answers, answer => Assert.Same(ArrayOf(answers[0]), ArrayOf(answer)));
        Assert.All(answers, answer => Assert.Equal(0, Offset(answer) % 8));
        Tensors.AssertSame(features, answers[outputs.IndexOf("Features.output")], compareNames: false);
    }

    [Fact]
    public void Run_CopiesAnOutputThatIsReallyLargerThanDeclaredAndKeepsCopyingIt()
    {
        using var model = LoadedModels.Load(TestModels.MisdeclaredShapesOnnx);
        var x = Tensor.From("X", TensorDataType.Fp32, [3, 2], [1f, 2f, 3f, 4f, 5f, 6f]);

        for (var call = 0; call < 3; call++)
        {
            var answers = Tensors.Run(model, [x], ["Y", "Tiled"]);

            Tensors.AssertSame(x, answers[0], compareNames: false);
            Assert.Equal([6, 2], answers[1].Shape);
            Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f, 1f, 2f, 3f, 4f, 5f, 6f], Tensors.Values<float>(answers[1]));
            Assert.NotSame(ArrayOf(answers[0]), ArrayOf(answers[1]));
        }
    }

    [Fact]
    public void Run_StillWritesInPlaceTheOutputsThatProvedTheirDeclaredShape()
    {
        using var model = LoadedModels.Load(TestModels.MisdeclaredShapesOnnx);
        var x = Tensor.From("X", TensorDataType.Fp32, [1, 2], [1f, 2f]);

        Tensors.Run(model, [x], ["Y", "Tiled"]);
        var answers = Tensors.Run(model, [x], ["Y", "Negated"]);

        Tensors.AssertSame(x, answers[0], compareNames: false);
        Assert.Equal([-1f, -2f], Tensors.Values<float>(answers[1]));
        Assert.Same(ArrayOf(answers[0]), ArrayOf(answers[1]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Run_CopiesEveryOutputWhenOneHasAFixedFirstDimension(int rows)
    {
        using var model = LoadedModels.Load(TestModels.MisdeclaredShapesOnnx);
        var x = Tensor.From("X", TensorDataType.Fp32, [rows, 2], Enumerable.Range(0, rows * 2).Select(i => (float)i).ToArray());

        for (var call = 0; call < 2; call++)
        {
            var answers = Tensors.Run(model, [x], ["Constant", "Y"]);

            Assert.Equal([1, 2], answers[0].Shape);
            Assert.Equal([1f, 2f], Tensors.Values<float>(answers[0]));
            Tensors.AssertSame(x, answers[1], compareNames: false);
            Assert.NotSame(ArrayOf(answers[0]), ArrayOf(answers[1]));
        }
    }

    [Fact]
    public async Task Run_GivesTheSameAnswersFromManyThreadsWhileLearningWhichOutputsToCopy()
    {
        using var model = LoadedModels.Load(TestModels.MisdeclaredShapesOnnx);
        var x = Tensor.From("X", TensorDataType.Fp32, [4, 2], [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f]);
        string[] outputs = ["Tiled", "Y", "Negated", "Constant"];
        using var reference = LoadedModels.Load(TestModels.MisdeclaredShapesOnnx);

        await Tensors.AssertSameFromManyThreadsAsync(model, [x], outputs, Tensors.Run(reference, [x], outputs));
    }

    public static TheoryData<string, int> FixedSizeTypesAndBatchSizes()
    {
        var data = new TheoryData<string, int>();
        foreach (var type in FixedSizeTypes)
        {
            foreach (var rows in new[] { 0, 1, 32 })
                data.Add(type, rows);
        }
        return data;
    }

    private static byte[] ArrayOf(Tensor tensor) =>
        MemoryMarshal.TryGetArray(tensor.Data, out var segment) ? segment.Array! : throw new InvalidOperationException("Not an array.");

    private static int Offset(Tensor tensor) =>
        MemoryMarshal.TryGetArray(tensor.Data, out var segment) ? segment.Offset : throw new InvalidOperationException("Not an array.");
}
