using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Runtime.Tests.Runtimes;
using Capstan.Testing.Models;
using Microsoft.ML.OnnxRuntime;

namespace Capstan.Runtime.Tests.Onnx;

public sealed class OnnxModelRuntimeTests
{
    private static readonly string[] ElementTypes =
        ["BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16", "FP32", "FP64", "BYTES"];

    [Fact]
    public void Run_GivesThePredictionsOfAPlainInferenceSessionOnTheHoldoutBatchExactly()
    {
        using var model = LoadedModels.Load(TestModels.BreastCancerOnnx);
        var outputs = OutputNames(model.Signature);
        var features = Tensors.Features(TestModels.BreastCancer.Holdout);

        var answers = Tensors.Run(model, [features], outputs);

        Tensors.AssertSame(RunPlainSession(TestModels.BreastCancerOnnx, [features], outputs), answers);
    }

    [Fact]
    public void Run_GivesThePredictionsOfAPlainInferenceSessionRowByRowExactly()
    {
        using var model = LoadedModels.Load(TestModels.BreastCancerOnnx);
        var outputs = OutputNames(model.Signature);

        foreach (var sample in TestModels.BreastCancer.Holdout)
        {
            var features = Tensors.Features([sample]);
            Tensors.AssertSame(RunPlainSession(TestModels.BreastCancerOnnx, [features], outputs), Tensors.Run(model, [features], outputs));
        }
    }

    [Fact]
    public void Run_FeedsEveryInputOfAMultiInputModel()
    {
        using var model = LoadedModels.Load(TestModels.ScalarInputsOnnx);
        var holdout = TestModels.BreastCancer.Holdout;
        var inputs = model.Signature.Inputs
            .Select((input, column) => Tensor.From(input.Name, TensorDataType.Fp32, [holdout.Count, 1], holdout.Select(sample => sample.Features[column]).ToArray()))
            .ToList();
        var outputs = OutputNames(model.Signature);

        var answers = Tensors.Run(model, inputs, outputs);

        Tensors.AssertSame(RunPlainSession(TestModels.ScalarInputsOnnx, inputs, outputs), answers);
        Assert.Contains(Tensors.Values<bool>(answers[outputs.IndexOf("PredictedLabel.output")]), label => label);
        Assert.Contains(Tensors.Values<bool>(answers[outputs.IndexOf("PredictedLabel.output")]), label => !label);
    }

    [Theory]
    [MemberData(nameof(EveryElementType))]
    public void Run_RoundTripsEveryElementTypeExactly(string type)
    {
        using var model = LoadedModels.Load(TestModels.IdentityPerTypeOnnx);
        var inputs = IdentityInputs(rows: 3);

        var answer = Assert.Single(Tensors.Run(model, inputs, [$"Y_{type}"]));

        Assert.Equal($"Y_{type}", answer.Name);
        Tensors.AssertSame(inputs.Single(input => input.Name == $"X_{type}"), answer, compareNames: false);
    }

    [Fact]
    public void Run_ReturnsOnlyTheRequestedOutputsInTheRequestedOrder()
    {
        using var model = LoadedModels.Load(TestModels.IdentityPerTypeOnnx);

        var answers = Tensors.Run(model, IdentityInputs(rows: 2), ["Y_INT8", "Y_BYTES", "Y_BOOL"]);

        Assert.Equal(["Y_INT8", "Y_BYTES", "Y_BOOL"], answers.Select(answer => answer.Name));
        Assert.Equal([TensorDataType.Int8, TensorDataType.Bytes, TensorDataType.Bool], answers.Select(answer => answer.DataType));
    }

    [Fact]
    public void Run_AnswersAnEmptyBatchWithEmptyOutputs()
    {
        using var model = LoadedModels.Load(TestModels.IdentityPerTypeOnnx);

        var answers = Tensors.Run(model, IdentityInputs(rows: 0), ["Y_FP32", "Y_BYTES"]);

        Assert.All(answers, answer => Assert.Equal([0, 2], answer.Shape));
    }

    [Fact]
    public async Task Run_GivesEachRowItsOwnPredictionsWhenManyThreadsRunSingleRowsAtOnce()
    {
        using var model = LoadedModels.Load(TestModels.BreastCancerOnnx);
        var outputs = OutputNames(model.Signature);
        var rows = TestModels.BreastCancer.Holdout.Take(16).Select(sample => Tensors.Features([sample])).ToList();
        var expected = rows.Select(row => RunPlainSession(TestModels.BreastCancerOnnx, [row], outputs)).ToList();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(thread => Task.Run(() =>
        {
            for (var call = 0; call < 200; call++)
            {
                var row = (thread * 7 + call) % rows.Count;
                Tensors.AssertSame(expected[row], Tensors.Run(model, [rows[row]], outputs));
            }
        }, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Run_GivesTheSameAnswersFromManyThreadsAtOnce()
    {
        using var model = LoadedModels.Load(TestModels.BreastCancerOnnx);
        var outputs = OutputNames(model.Signature);
        var inputs = new[] { Tensors.Features(TestModels.BreastCancer.Holdout.Take(32)) };

        await Tensors.AssertSameFromManyThreadsAsync(model, inputs, outputs, Tensors.Run(model, inputs, outputs));
    }

    [Fact]
    public void Load_KeepsTheRecordedSignatureAndEstimatesMemoryFromTheFileSize()
    {
        using var model = LoadedModels.Load(TestModels.BreastCancerOnnx);

        Assert.Equal(LoadedModels.RecordedSignature(TestModels.BreastCancerOnnx), model.Signature);
        Assert.Equal(new FileInfo(TestModels.BreastCancerOnnx).Length, model.MemoryBytes);
        Assert.Equal(ModelFormat.Onnx, LoadedModels.Onnx.Format);
    }

    [Fact]
    public void Load_RefusesATruncatedFileAndSaysWhy()
    {
        var message = LoadedModels.Refusal(LoadedModels.Onnx, TestModels.TruncatedOnnx, LoadedModels.RecordedSignature(TestModels.BreastCancerOnnx));

        Assert.Equal("The file is not a valid ONNX model: Protobuf parsing failed.", message);
    }

    [Fact]
    public void Load_RefusesRandomBytesWithoutNamingTheServerPath()
    {
        var message = LoadedModels.Refusal(LoadedModels.Onnx, TestModels.RandomBytes, LoadedModels.RecordedSignature(TestModels.BreastCancerOnnx));

        Assert.StartsWith("The file is not a valid ONNX model: ", message);
        Assert.DoesNotContain(Path.GetDirectoryName(TestModels.RandomBytes)!, message);
    }

    [Fact]
    public void Load_RefusesAModelWhoseInputTypeDiffersFromTheRecordedSignature()
    {
        var recorded = LoadedModels.RecordedSignature(TestModels.BreastCancerOnnx);
        var wrong = recorded with { Inputs = [new TensorSpec("Features", TensorDataType.Fp64, [-1, 30])] };

        var message = LoadedModels.Refusal(LoadedModels.Onnx, TestModels.BreastCancerOnnx, wrong);

        Assert.Equal(
            "The model does not match the signature the registry recorded: the input 'Features' is FP32 [-1,30] in the model but FP64 [-1,30] in the registry.",
            message);
    }

    [Fact]
    public void Load_WithSomeOfTheRecordedOutputs_ServesThoseWithTheWholeModelsPredictionsAndNoLongerComputesTheOthers()
    {
        var recorded = LoadedModels.RecordedSignature(TestModels.BreastCancerOnnx);
        var served = recorded with { Outputs = recorded.Outputs.Where(o => o.Name is "Probability.output" or "PredictedLabel.output").ToList() };
        var features = Tensors.Features(TestModels.BreastCancer.Holdout);

        using var model = LoadedModels.Load(TestModels.BreastCancerOnnx, served);

        Assert.Equal(served.Outputs, model.Signature.Outputs);
        Tensors.AssertSame(RunPlainSession(TestModels.BreastCancerOnnx, [features], OutputNames(served)), Tensors.Run(model, [features], OutputNames(served)));
        Assert.Contains("Score.output", model.Run([features], ["Score.output"]).Error.Message);
    }

    [Theory]
    [InlineData(true, -2f)]
    [InlineData(false, 2f)]
    public void Load_WithSomeOutputs_KeepsWholeAGraphWhoseSubgraphsReadOuterValues(bool condition, float expected)
    {
        var recorded = LoadedModels.RecordedSignature(TestModels.SubgraphReadingOuterValuesOnnx);
        var served = recorded with { Outputs = recorded.Outputs.Where(o => o.Name == "Y").ToList() };

        using var model = LoadedModels.Load(TestModels.SubgraphReadingOuterValuesOnnx, served);
        var answers = Tensors.Run(model, [Tensor.From("X", TensorDataType.Fp32, [1], [2f]), Tensors.Bools("Condition", [1], [condition])], ["Y"]);

        Assert.Equal([expected], Tensors.Values<float>(answers[0]));
    }

    [Fact]
    public void Load_RefusesAnotherModelsSignatureByName()
    {
        var message = LoadedModels.Refusal(LoadedModels.Onnx, TestModels.BreastCancerOnnx, LoadedModels.RecordedSignature(TestModels.ScalarInputsOnnx));

        Assert.Equal(
            "The model does not match the signature the registry recorded: the registry records the input 'MeanRadius', which the model does not have.",
            message);
    }

    [Theory]
    [MemberData(nameof(ExternalDataModels))]
    public void Load_RefusesExternalDataBesideTheModelOrOutsideItsFolder_PrunedOrNot(string path, string[] outputs)
    {
        var signature = new ModelSignature(
            [new TensorSpec("X", TensorDataType.Fp32, [1])], outputs.Select(name => new TensorSpec(name, TensorDataType.Fp32, [1])).ToList(), ["X"]);

        var message = LoadedModels.Refusal(LoadedModels.Onnx, path, signature);

        Assert.Equal(
            "The file is not a valid ONNX model: it keeps tensor data in external files, which Capstan does not accept; save the model with its data inside the file.",
            message);
    }

    [Fact]
    public void Load_ThrowsWhenTheArtifactIsMissing() =>
        Assert.Throws<FileNotFoundException>(() =>
            LoadedModels.Onnx.Load(Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid()}.onnx"), LoadedModels.RecordedSignature(TestModels.BreastCancerOnnx)));

    public static TheoryData<string> EveryElementType() => new(ElementTypes);

    public static TheoryData<string, string[]> ExternalDataModels() => new()
    {
        { TestModels.ExternalDataOnnx, ["Y", "Copy"] },
        { TestModels.ExternalDataOnnx, ["Y"] },
        { TestModels.ExternalDataOutsideOnnx, ["Y", "Copy"] },
        { TestModels.ExternalDataOutsideOnnx, ["Y"] },
    };

    private static List<string> OutputNames(ModelSignature signature) => signature.Outputs.Select(output => output.Name).ToList();

    /// <summary>One input per element type for the identity model, of shape [rows, 2], with seeded random elements.</summary>
    internal static List<Tensor> IdentityInputs(int rows)
    {
        var random = new Random(17);
        var inputs = new List<Tensor>();
        foreach (var name in ElementTypes)
        {
            Assert.True(TensorDataTypes.TryParse(name, out var type));
            long[] shape = [rows, 2];
            if (type == TensorDataType.Bytes)
            {
                byte[][] samples = [[], "plain"u8.ToArray(), "é 日本 🙂"u8.ToArray(), [0xff, 0xfe, 0x00, 0x41], [0x00], "tail"u8.ToArray()];
                inputs.Add(Tensor.FromElements($"X_{name}", shape, Enumerable.Range(0, rows * 2).Select(i => (ReadOnlyMemory<byte>)samples[i % samples.Length]).ToArray()));
                continue;
            }
            var data = new byte[rows * 2 * type.ElementSize()];
            random.NextBytes(data);
            if (type == TensorDataType.Bool)
                data = data.Select(value => (byte)(value & 1)).ToArray();
            inputs.Add(Tensor.FromBuffer($"X_{name}", type, shape, data));
        }
        return inputs;
    }

    /// <summary>Runs the model at <paramref name="path"/> in an InferenceSession with ONNX Runtime's default options but one thread.</summary>
    /// <remarks>
    /// With more threads ONNX Runtime splits a tree ensemble's sum across them, so a batch's scores can differ from a
    /// one-thread run in the last bit; one thread is what the runtime uses by default on small machines.
    /// </remarks>
    private static List<Tensor> RunPlainSession(string path, IReadOnlyList<Tensor> inputs, IReadOnlyList<string> outputs)
    {
        var signature = LoadedModels.RecordedSignature(path);
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(path, options);
        var values = inputs.Select(input => OrtValue.CreateTensorValueFromMemory(input.Span<float>().ToArray(), input.Shape.ToArray())).ToList();
        try
        {
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, inputs.Select(input => input.Name).ToList(), values, outputs);
            return results.Select((result, i) =>
            {
                var type = signature.Outputs.Single(output => output.Name == outputs[i]).DataType;
                return Tensor.FromBuffer(outputs[i], type, result.GetTensorTypeAndShape().Shape, result.GetTensorMutableRawData().ToArray());
            }).ToList();
        }
        finally
        {
            values.ForEach(value => value.Dispose());
        }
    }
}
