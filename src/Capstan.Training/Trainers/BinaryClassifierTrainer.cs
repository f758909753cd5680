using Capstan.Training.Datasets;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Capstan.Training.Trainers;

/// <summary>Trains a seeded ML.NET FastTree binary classifier, evaluates it on a holdout and saves it as an ML.NET zip and as ONNX.</summary>
/// <remarks>
/// The model reads a <c>Features</c> vector of the data set's feature count (FP32) and a boolean <c>Label</c>; it adds
/// <c>PredictedLabel</c>, <c>Score</c> and the calibrated <c>Probability</c> of the positive class. The ML.NET zip keeps the
/// training schema, label included; the ONNX file takes <c>Features</c> alone. Safe to call concurrently.
/// </remarks>
public sealed class BinaryClassifierTrainer
{
    /// <summary>The file name of the saved ML.NET model inside the output directory.</summary>
    public const string MlNetFileName = "model.zip";

    /// <summary>The file name of the ONNX conversion inside the output directory.</summary>
    public const string OnnxFileName = "model.onnx";

    private readonly TrainingParameters _parameters;

    /// <summary>Creates a trainer with <paramref name="parameters"/>, which it validates.</summary>
    public BinaryClassifierTrainer(TrainingParameters parameters)
    {
        parameters.Validate();
        _parameters = parameters;
    }

    /// <summary>Trains on <paramref name="dataset"/> and writes both model files into <paramref name="outputDirectory"/>, which it creates.</summary>
    public TrainedModel Train(LabeledDataset dataset, string outputDirectory)
    {
        var split = dataset.Split(_parameters.HoldoutFraction, _parameters.Seed);
        var ml = new MLContext(_parameters.Seed);
        var schema = SchemaFor(dataset.FeatureCount, withLabel: true);
        var train = ml.Data.LoadFromEnumerable(split.Train, schema);
        var model = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = nameof(LabeledSample.Label),
            FeatureColumnName = nameof(LabeledSample.Features),
            NumberOfTrees = _parameters.NumberOfTrees,
            NumberOfLeaves = _parameters.NumberOfLeaves,
            MinimumExampleCountPerLeaf = _parameters.MinimumExampleCountPerLeaf,
            LearningRate = _parameters.LearningRate,
        }).Fit(train);

        var scored = model.Transform(ml.Data.LoadFromEnumerable(split.Holdout, schema));
        var evaluation = ml.BinaryClassification.Evaluate(scored, nameof(LabeledSample.Label));
        var metrics = new ClassifierMetrics(
            evaluation.Accuracy, evaluation.AreaUnderRocCurve, evaluation.F1Score,
            evaluation.PositivePrecision, evaluation.PositiveRecall, evaluation.LogLoss, split.Holdout.Count);

        Directory.CreateDirectory(outputDirectory);
        var mlNetPath = Path.Combine(outputDirectory, MlNetFileName);
        var onnxPath = Path.Combine(outputDirectory, OnnxFileName);
        ml.Model.Save(model, train.Schema, mlNetPath);
        var featuresOnly = ml.Data.LoadFromEnumerable(split.Train, SchemaFor(dataset.FeatureCount, withLabel: false));
        using (var onnx = File.Create(onnxPath))
            ml.Model.ConvertToOnnx(model, featuresOnly, onnx);

        var card = ModelCardText.Write(dataset, split, _parameters, metrics);
        return new TrainedModel(mlNetPath, onnxPath, _parameters, metrics, card, split.Holdout);
    }

    private static SchemaDefinition SchemaFor(int featureCount, bool withLabel)
    {
        var schema = SchemaDefinition.Create(typeof(LabeledSample));
        schema[nameof(LabeledSample.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        if (!withLabel)
            schema.RemoveAll(column => column.MemberName == nameof(LabeledSample.Label));
        return schema;
    }
}
