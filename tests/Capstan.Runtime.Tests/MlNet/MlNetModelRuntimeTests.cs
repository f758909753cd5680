using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Runtime.Tests.Runtimes;
using Capstan.Testing.Models;
using Capstan.Training.Datasets;
using Microsoft.ML;

namespace Capstan.Runtime.Tests.MlNet;

public sealed class MlNetModelRuntimeTests
{
    private static readonly string[] BreastCancerOutputs = ["PredictedLabel", "Score", "Probability"];

    [Fact]
    public void Run_GivesThePredictionsOfAPredictionEngineOnTheHoldoutBatchExactly()
    {
        using var model = LoadedModels.Load(TestModels.BreastCancerMlNet);
        var holdout = TestModels.BreastCancer.Holdout;

        var answers = Tensors.Run(model, [Tensors.Features(holdout)], BreastCancerOutputs);

        var expected = PredictBreastCancer(holdout);
        Assert.Equal([holdout.Count], answers[0].Shape);
        Assert.Equal(expected.Select(prediction => prediction.PredictedLabel), Tensors.Values<bool>(answers[0]));
        Assert.Equal(expected.Select(prediction => prediction.Score), Tensors.Values<float>(answers[1]));
        Assert.Equal(expected.Select(prediction => prediction.Probability), Tensors.Values<float>(answers[2]));
    }

    [Fact]
    public void Run_GivesThePredictionsOfAPredictionEngineRowByRowExactly()
    {
        using var model = LoadedModels.Load(TestModels.BreastCancerMlNet);
        var holdout = TestModels.BreastCancer.Holdout;
        var expected = PredictBreastCancer(holdout);

        for (var row = 0; row < holdout.Count; row++)
        {
            var answers = Tensors.Run(model, [Tensors.Features([holdout[row]])], BreastCancerOutputs);

            Assert.Equal([expected[row].PredictedLabel], Tensors.Values<bool>(answers[0]));
            Assert.Equal([expected[row].Score], Tensors.Values<float>(answers[1]));
            Assert.Equal([expected[row].Probability], Tensors.Values<float>(answers[2]));
        }
    }

    [Fact]
    public void Run_NeedsNoLabelAndIgnoresOneThatIsSent()
    {
        using var model = LoadedModels.Load(TestModels.BreastCancerMlNet);
        var holdout = TestModels.BreastCancer.Holdout;
        var features = Tensors.Features(holdout);
        var wrongLabels = Tensors.Bools("Label", [holdout.Count], holdout.Select(sample => !sample.Label));

        Assert.Equal(["Features"], model.Signature.RequiredInputs);
        Tensors.AssertSame(Tensors.Run(model, [features], BreastCancerOutputs), Tensors.Run(model, [wrongLabels, features], BreastCancerOutputs));
    }

    [Fact]
    public void Run_GivesTheMixedInputPredictionsOfAPredictionEngine()
    {
        using var model = LoadedModels.Load(TestModels.MixedInputsMlNet);
        var rows = MixedInputRows(40);
        var inputs = MixedInputs(rows);

        var answers = Tensors.Run(model, inputs, ["Score", "Probability", "PredictedLabel", "CommentFeatures", "CategoryVector", "FlagValue"]);

        var ml = new MLContext();
        var engine = ml.Model.CreatePredictionEngine<MixedInputRow, MixedPrediction>(ml.Model.Load(TestModels.MixedInputsMlNet, out _));
        var expected = rows.Select(engine.Predict).ToList();
        Assert.Equal(expected.Select(prediction => prediction.Score), Tensors.Values<float>(answers[0]));
        Assert.Equal(expected.Select(prediction => prediction.Probability), Tensors.Values<float>(answers[1]));
        Assert.Equal(expected.Select(prediction => prediction.PredictedLabel), Tensors.Values<bool>(answers[2]));
        Assert.Equal([rows.Count, expected[0].CommentFeatures.Length], answers[3].Shape);
        Assert.Equal(expected.SelectMany(prediction => prediction.CommentFeatures), Tensors.Values<float>(answers[3]));
        Assert.Equal([rows.Count, 5], answers[4].Shape);
        Assert.Equal(expected.SelectMany(prediction => prediction.CategoryVector), Tensors.Values<float>(answers[4]));
        Assert.Equal(expected.Select(prediction => prediction.FlagValue), Tensors.Values<float>(answers[5]));
        Assert.Contains(expected, prediction => prediction.PredictedLabel);
        Assert.Contains(expected, prediction => !prediction.PredictedLabel);
    }

    [Fact]
    public void Run_RoundTripsEveryColumnTypeExactly()
    {
        using var model = LoadedModels.Load(TestModels.EveryColumnTypeMlNet);
        var inputs = EveryColumnTypeInputs(rows: 3);

        var answers = Tensors.Run(model, inputs, inputs.Select(input => input.Name + "Copy").ToList());

        Assert.Equal(inputs.Count, answers.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            Assert.Equal(inputs[i].Name + "Copy", answers[i].Name);
            Tensors.AssertSame(inputs[i], answers[i], compareNames: false);
        }
    }

    [Fact]
    public void Run_ReturnsOnlyTheRequestedOutputsInTheRequestedOrder()
    {
        using var model = LoadedModels.Load(TestModels.BreastCancerMlNet);

        var answers = Tensors.Run(model, [Tensors.Features(TestModels.BreastCancer.Holdout.Take(3))], ["Probability", "PredictedLabel"]);

        Assert.Equal(["Probability", "PredictedLabel"], answers.Select(answer => answer.Name));
        Assert.Equal([TensorDataType.Fp32, TensorDataType.Bool], answers.Select(answer => answer.DataType));
    }

    [Fact]
    public void Run_AnswersAnEmptyBatchWithEmptyOutputs()
    {
        using var model = LoadedModels.Load(TestModels.MixedInputsMlNet);

        var answers = Tensors.Run(model, MixedInputs([]), ["Score", "CommentFeatures"]);

        Assert.Equal([0], answers[0].Shape);
        Assert.Equal([0, model.Signature.Outputs.Single(output => output.Name == "CommentFeatures").Shape[1]], answers[1].Shape);
    }

    [Fact]
    public async Task Run_GivesTheSameAnswersFromManyThreadsAtOnce()
    {
        using var model = LoadedModels.Load(TestModels.MixedInputsMlNet);
        var inputs = MixedInputs(MixedInputRows(16));
        string[] outputs = ["Score", "CommentFeatures", "PredictedLabel"];

        await Tensors.AssertSameFromManyThreadsAsync(model, inputs, outputs, Tensors.Run(model, inputs, outputs));
    }

    [Fact]
    public void Run_GivesEveryCallItsOwnRowsAnswersThroughManyCallsOfChangingBatchSizes()
    {
        // Guards the reused scorers: a mapped row caches what it computed for a position, so a call that reused the
        // last call's positions would get the last call's answers back.
        using var model = LoadedModels.Load(TestModels.BreastCancerMlNet);
        var holdout = TestModels.BreastCancer.Holdout;
        var expected = PredictBreastCancer(holdout);
        var random = new Random(41);

        for (var call = 0; call < 300; call++)
        {
            var rows = new[] { 0, 1, 1, 2, 32 }[random.Next(5)];
            var start = random.Next(holdout.Count - rows);
            var answers = Tensors.Run(model, [Tensors.Features(holdout.Skip(start).Take(rows))], BreastCancerOutputs);

            var wanted = expected.Skip(start).Take(rows).ToList();
            Assert.Equal(wanted.Select(prediction => prediction.PredictedLabel), Tensors.Values<bool>(answers[0]));
            Assert.Equal(wanted.Select(prediction => prediction.Score), Tensors.Values<float>(answers[1]));
            Assert.Equal(wanted.Select(prediction => prediction.Probability), Tensors.Values<float>(answers[2]));
        }
    }

    [Fact]
    public async Task Run_GivesEveryThreadItsOwnAnswersWhileTheyShareScorers()
    {
        using var model = LoadedModels.Load(TestModels.MixedInputsMlNet);
        string[] outputs = ["Score", "CommentFeatures", "PredictedLabel", "CategoryVector"];
        var batches = Enumerable.Range(0, 8).Select(thread => MixedInputs(MixedInputRows(1 + thread * 3, seed: thread))).ToList();
        using var reference = LoadedModels.Load(TestModels.MixedInputsMlNet);
        var expected = batches.Select(inputs => Tensors.Run(reference, inputs, outputs)).ToList();

        var answers = await Task.WhenAll(batches.Select((inputs, thread) => Task.Run(() =>
            Enumerable.Range(0, 40).Select(_ => model.Run(inputs, outputs)).ToList())));

        for (var thread = 0; thread < answers.Length; thread++)
        {
            foreach (var answer in answers[thread])
            {
                Assert.True(answer.IsSuccess, answer.ToString());
                Tensors.AssertSame(expected[thread], answer.Value);
            }
        }
    }

    [Fact]
    public void Run_KeepsEachSetOfOutputsInItsOrderWhenTheSetsInterleave()
    {
        using var model = LoadedModels.Load(TestModels.BreastCancerMlNet);
        var holdout = TestModels.BreastCancer.Holdout;
        var expected = PredictBreastCancer(holdout);
        string[][] sets = [["Score"], ["Probability", "PredictedLabel"], ["PredictedLabel", "Score", "Probability"], ["Probability"]];

        for (var row = 0; row < holdout.Count; row++)
        {
            var outputs = sets[row % sets.Length];
            var answers = Tensors.Run(model, [Tensors.Features([holdout[row]])], outputs);

            Assert.Equal(outputs, answers.Select(answer => answer.Name));
            for (var i = 0; i < outputs.Length; i++)
            {
                object value = outputs[i] == "PredictedLabel" ? Tensors.Values<bool>(answers[i]).Single() : Tensors.Values<float>(answers[i]).Single();
                object wanted = outputs[i] switch
                {
                    "PredictedLabel" => expected[row].PredictedLabel,
                    "Score" => expected[row].Score,
                    _ => expected[row].Probability,
                };
                Assert.Equal(wanted, value);
            }
        }
    }

    [Fact]
    public void Run_ReadsAVariableSizeVectorOfANewWidthOnEveryCall()
    {
        using var model = LoadedModels.Load(TestModels.EveryColumnTypeMlNet);

        foreach (var width in new[] { 3, 5, 1, 3, 0 })
        {
            var inputs = EveryColumnTypeInputs(rows: 2, variableWidth: width);

            var answer = Assert.Single(Tensors.Run(model, inputs, ["Fp32VariableCopy"]));

            Tensors.AssertSame(inputs.Single(input => input.Name == "Fp32Variable"), answer, compareNames: false);
        }
    }

    [Fact]
    public void Run_ThrowsForAMissingRequiredInputAndServesTheNextCall()
    {
        using var model = LoadedModels.Load(TestModels.BreastCancerMlNet);
        var features = Tensors.Features(TestModels.BreastCancer.Holdout.Take(2));
        var expected = Tensors.Run(model, [features], BreastCancerOutputs);

        Assert.Throws<ArgumentException>(() => model.Run([Tensors.Bools("Label", [2], [true, false])], BreastCancerOutputs));

        Tensors.AssertSame(expected, Tensors.Run(model, [features], BreastCancerOutputs));
    }

    [Fact]
    public void Load_KeepsTheRecordedSignatureAndMeasuresTheMemoryItAllocated()
    {
        using var model = LoadedModels.Load(TestModels.BreastCancerMlNet);

        Assert.Equal(LoadedModels.RecordedSignature(TestModels.BreastCancerMlNet), model.Signature);
        Assert.InRange(model.MemoryBytes, new FileInfo(TestModels.BreastCancerMlNet).Length, 64L << 20);
        Assert.Equal(ModelFormat.MlNet, LoadedModels.MlNet.Format);
    }

    [Theory]
    [MemberData(nameof(CorruptFiles))]
    public void Load_RefusesAFileThatIsNotAnMlNetModelAndSaysWhy(string path)
    {
        var message = LoadedModels.Refusal(LoadedModels.MlNet, path, LoadedModels.RecordedSignature(TestModels.BreastCancerMlNet));

        Assert.StartsWith("The zip is not an ML.NET model: ", message);
    }

    [Fact]
    public void Load_RefusesAModelWhoseRequiredInputsDifferFromTheRecordedSignature()
    {
        var recorded = LoadedModels.RecordedSignature(TestModels.BreastCancerMlNet);

        var message = LoadedModels.Refusal(LoadedModels.MlNet, TestModels.BreastCancerMlNet, recorded with { RequiredInputs = ["Features", "Label"] });

        Assert.Equal(
            "The model does not match the signature the registry recorded: the model requires the inputs [Features] but the registry records [Features, Label].",
            message);
    }

    [Fact]
    public void Load_RefusesAModelWhoseOutputShapeDiffersFromTheRecordedSignature()
    {
        var recorded = LoadedModels.RecordedSignature(TestModels.BreastCancerMlNet);
        var wrong = recorded with { Outputs = [.. recorded.Outputs.Where(output => output.Name != "Score"), new TensorSpec("Score", TensorDataType.Fp32, [-1, 2])] };

        var message = LoadedModels.Refusal(LoadedModels.MlNet, TestModels.BreastCancerMlNet, wrong);

        Assert.Equal(
            "The model does not match the signature the registry recorded: the output 'Score' is FP32 [-1] in the model but FP32 [-1,2] in the registry.",
            message);
    }

    [Fact]
    public void Load_RefusesAModelSavedWithoutItsInputSchema()
    {
        var message = LoadedModels.Refusal(LoadedModels.MlNet, TestModels.WithoutInputSchemaMlNet, LoadedModels.RecordedSignature(TestModels.BreastCancerMlNet));

        Assert.StartsWith("The ML.NET model was saved without its input schema", message);
    }

    public static TheoryData<string> CorruptFiles() => new(
        TestModels.RandomBytes, TestModels.NotAModelZip, TestModels.ZipWithEntries("Model.key"), CutShort(TestModels.BreastCancerMlNet));

    private static string CutShort(string source)
    {
        var path = TestModels.CopyAs(source, "cut.zip");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        return path;
    }

    private static List<BinaryPrediction> PredictBreastCancer(IReadOnlyList<LabeledSample> samples)
    {
        var engine = BreastCancerEngine.Create();
        return samples.Select(engine.Predict).ToList();
    }

    private static List<MixedInputRow> MixedInputRows(int count, int seed = 5)
    {
        var random = new Random(seed);
        string[] words = ["calm", "steady", "noisy", "broken", "fine", "odd", "unseen"];
        return Enumerable.Range(0, count).Select(_ => new MixedInputRow
        {
            Comment = $"{words[random.Next(words.Length)]} {words[random.Next(words.Length)]}",
            Flag = random.Next(2) == 1,
            Amount = random.NextSingle() * 10,
            Count = random.Next(100),
            Category = (uint)random.Next(0, 5),
            Readings = [random.NextSingle(), random.NextSingle(), random.NextSingle(), random.NextSingle()],
        }).ToList();
    }

    /// <summary>The tensors of <paramref name="rows"/>; a key is sent as ML.NET stores it, the 0-based field plus one.</summary>
    private static Tensor[] MixedInputs(List<MixedInputRow> rows) =>
    [
        Tensors.Texts("Comment", [rows.Count], rows.Select(row => row.Comment)),
        Tensors.Bools("Flag", [rows.Count], rows.Select(row => row.Flag)),
        Tensor.From("Amount", TensorDataType.Fp32, [rows.Count], rows.Select(row => row.Amount).ToArray()),
        Tensor.From("Count", TensorDataType.Int32, [rows.Count], rows.Select(row => row.Count).ToArray()),
        Tensor.From("Category", TensorDataType.UInt32, [rows.Count], rows.Select(row => row.Category + 1).ToArray()),
        Tensor.From("Readings", TensorDataType.Fp32, [rows.Count, 4], rows.SelectMany(row => row.Readings).ToArray()),
    ];

    /// <summary>One tensor per input of the every-column-type model, with seeded random values each type can hold.</summary>
    private static List<Tensor> EveryColumnTypeInputs(int rows, int variableWidth = 3)
    {
        var random = new Random(23);
        string[] texts = ["", "plain", "é 日本 🙂", "tab\there", "row"];
        var inputs = new List<Tensor>();
        foreach (var spec in LoadedModels.RecordedSignature(TestModels.EveryColumnTypeMlNet).Inputs)
        {
            var width = spec.Shape.Count == 1 ? 1 : spec.Shape[1] < 0 ? variableWidth : spec.Shape[1];
            long[] shape = spec.Shape.Count == 1 ? [rows] : [rows, width];
            var count = (int)(rows * width);
            if (spec.DataType == TensorDataType.Bytes)
            {
                inputs.Add(Tensors.Texts(spec.Name, shape, Enumerable.Range(0, count).Select(i => texts[random.Next(texts.Length)])));
                continue;
            }
            var data = new byte[count * spec.DataType.ElementSize()];
            random.NextBytes(data);
            if (spec.DataType == TensorDataType.Bool)
                data = data.Select(value => (byte)(value & 1)).ToArray();
            if (spec.Name.StartsWith("Key", StringComparison.Ordinal))
                data = Tensor.From("key", TensorDataType.UInt32, [count], Enumerable.Range(0, count).Select(_ => (uint)random.Next(0, 11)).ToArray()).Data.ToArray();
            if (spec.DataType is TensorDataType.Fp32 or TensorDataType.Fp64)
                data = spec.DataType == TensorDataType.Fp32
                    ? Tensor.From("f", TensorDataType.Fp32, [count], Enumerable.Range(0, count).Select(_ => (random.NextSingle() - 0.5f) * 1e6f).ToArray()).Data.ToArray()
                    : Tensor.From("d", TensorDataType.Fp64, [count], Enumerable.Range(0, count).Select(_ => (random.NextDouble() - 0.5) * 1e12).ToArray()).Data.ToArray();
            inputs.Add(Tensor.FromBuffer(spec.Name, spec.DataType, shape, data));
        }
        return inputs;
    }

    private sealed class MixedPrediction
    {
        public bool PredictedLabel { get; set; }
        public float Score { get; set; }
        public float Probability { get; set; }
        public float FlagValue { get; set; }
        public float[] CommentFeatures { get; set; } = [];
        public float[] CategoryVector { get; set; } = [];
    }
}
