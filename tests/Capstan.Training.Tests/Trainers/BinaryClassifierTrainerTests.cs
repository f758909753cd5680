using Capstan.Testing.Models;
using Capstan.Training.Datasets;
using Capstan.Training.Trainers;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;

namespace Capstan.Training.Tests.Trainers;

public sealed class BinaryClassifierTrainerTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("capstan-training-tests-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void Train_ScoresAucAbove095OnTheHoldout()
    {
        var metrics = TestModels.BreastCancer.Metrics;

        Assert.Equal(114, metrics.HoldoutCount);
        Assert.InRange(metrics.AreaUnderRocCurve, 0.95, 1.0);
        Assert.InRange(metrics.Accuracy, 0.9, 1.0);
        Assert.InRange(metrics.F1Score, 0.85, 1.0);
        Assert.InRange(metrics.Precision, 0.85, 1.0);
        Assert.InRange(metrics.Recall, 0.85, 1.0);
        Assert.InRange(metrics.LogLoss, 0.0, 0.5);
    }

    [Fact]
    public void Train_SavesOnnxAndMlNetModelsThatAgreeOnTheHoldoutProbabilities()
    {
        var model = TestModels.BreastCancer;

        var onnx = ScoreWithOnnxRuntime(model.OnnxPath, model.Holdout);
        var mlNet = ScoreWithMlNet(model.MlNetPath, model.Holdout);

        Assert.Equal(model.Holdout.Count, onnx.Length);
        Assert.Equal(mlNet.Length, onnx.Length);
        for (var i = 0; i < onnx.Length; i++)
            Assert.Equal(mlNet[i], onnx[i], tolerance: 1e-4);
        Assert.Contains(onnx, p => p > 0.9f);
        Assert.Contains(onnx, p => p < 0.1f);
    }

    [Fact]
    public void Train_ConvertsToOnnxWithASingleFeaturesInputOfThirtyFloats()
    {
        using var session = new InferenceSession(TestModels.BreastCancerOnnx);

        var input = Assert.Single(session.InputMetadata);
        Assert.Equal("Features", input.Key);
        Assert.Equal(typeof(float), input.Value.ElementType);
        Assert.Equal([-1, 30], input.Value.Dimensions);
    }

    [Fact]
    public void Train_GivesTheSameModelForTheSameParameters()
    {
        var again = new BinaryClassifierTrainer(new TrainingParameters()).Train(BreastCancerDataset.Load(), _directory.FullName);

        Assert.Equal(TestModels.BreastCancer.Metrics, again.Metrics);
        Assert.Equal(TestModels.BreastCancer.Holdout.SelectMany(s => s.Features), again.Holdout.SelectMany(s => s.Features));
        Assert.Equal(ScoreWithOnnxRuntime(TestModels.BreastCancerOnnx, again.Holdout), ScoreWithOnnxRuntime(again.OnnxPath, again.Holdout));
    }

    [Fact]
    public void Train_ReturnsItsParametersAndWritesBothFilesIntoTheOutputDirectory()
    {
        var parameters = new TrainingParameters(Seed: 3, NumberOfTrees: 20);
        var output = Path.Combine(_directory.FullName, "nested", "model");

        var model = new BinaryClassifierTrainer(parameters).Train(BreastCancerDataset.Load(), output);

        Assert.Equal(parameters, model.Parameters);
        Assert.Equal(Path.Combine(output, BinaryClassifierTrainer.MlNetFileName), model.MlNetPath);
        Assert.Equal(Path.Combine(output, BinaryClassifierTrainer.OnnxFileName), model.OnnxPath);
        Assert.True(File.Exists(model.MlNetPath));
        Assert.True(File.Exists(model.OnnxPath));
    }

    [Fact]
    public void Train_WritesAModelCardWithTheSourceLicenceAndMetrics()
    {
        var card = TestModels.BreastCancer.ModelCard;

        Assert.StartsWith("# Breast Cancer Wisconsin (Diagnostic) classifier", card);
        Assert.Contains("CC BY 4.0", card);
        Assert.Contains("UCI", card);
        Assert.Contains("malignant (the positive class)", card);
        Assert.Contains($"| AUC | {TestModels.BreastCancer.Metrics.AreaUnderRocCurve:0.000} |", card);
        Assert.Contains("| Log loss |", card);
    }

    [Theory]
    [InlineData(0.0, 100, 20)]
    [InlineData(0.2, 0, 20)]
    [InlineData(0.2, 100, 1)]
    public void Constructor_RefusesOutOfRangeParameters(double holdoutFraction, int trees, int leaves) =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new BinaryClassifierTrainer(new TrainingParameters(HoldoutFraction: holdoutFraction, NumberOfTrees: trees, NumberOfLeaves: leaves)));

    private static float[] ScoreWithOnnxRuntime(string path, IReadOnlyList<LabeledSample> samples)
    {
        var features = samples.SelectMany(sample => sample.Features).ToArray();
        using var session = new InferenceSession(path);
        using var input = OrtValue.CreateTensorValueFromMemory(features, [samples.Count, samples[0].Features.Length]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["Features"], [input], ["Probability.output"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static float[] ScoreWithMlNet(string path, IReadOnlyList<LabeledSample> samples)
    {
        var ml = new MLContext();
        var model = ml.Model.Load(path, out _);
        var schema = SchemaDefinition.Create(typeof(LabeledSample));
        schema[nameof(LabeledSample.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, samples[0].Features.Length);
        var scored = model.Transform(ml.Data.LoadFromEnumerable(samples, schema));
        return scored.GetColumn<float>("Probability").ToArray();
    }
}
