using Capstan.Training.Data;
using Capstan.Training.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML.Transforms;

namespace Capstan.Training.Candidates;

/// <summary>Builds and fits one candidate's ML.NET pipeline: featurization, the trainer with its drawn parameters, and the class names back for multiclass.</summary>
/// <remarks>
/// Numeric and boolean features have missing values replaced by the training mean; categorical features are one-hot
/// encoded; text features are featurized into n-grams; all are concatenated into <c>Features</c>, min-max normalized
/// for the linear trainers (SDCA, L-BFGS). A multiclass label is mapped to classes in ordinal order. Every trainer
/// runs on one thread with the given seed, so the same data, parameters and seed give the same model.
/// </remarks>
internal static class ModelPipeline
{
    public const string FeaturesColumn = "Features";

    /// <summary>Fits the pipeline on <paramref name="train"/> and returns the model as it is saved and served: it reads the features alone, never the label.</summary>
    /// <remarks>A multiclass label is turned into classes outside the model, so serving needs no label; the classes travel as the <c>Score</c> column's slot names and come back as text in <c>PredictedLabel</c>.</remarks>
    public static ITransformer Fit(MLContext ml, TrainingTable table, TrainerKind trainer, IReadOnlyDictionary<string, double> parameters, int seed, IDataView train)
    {
        var data = table.Task == TrainingTask.Multiclass
            ? ml.Transforms.Conversion.MapValueToKey(table.Columns.Label.Name, keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Fit(train).Transform(train)
            : train;
        var model = Featurize(ml, table, IsLinear(trainer)).Append(Trainer(ml, table, trainer, parameters, seed)).Fit(data);
        return table.Task == TrainingTask.Multiclass
            ? model.Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel").Fit(model.Transform(data)))
            : model;
    }

    private static bool IsLinear(TrainerKind trainer) => trainer is TrainerKind.Sdca or TrainerKind.LbfgsLogistic or TrainerKind.LbfgsMaxent;

    private static IEstimator<ITransformer> Featurize(MLContext ml, TrainingTable table, bool normalize)
    {
        IEstimator<ITransformer> pipeline = new EstimatorChain<ITransformer>();
        var parts = new List<string>();
        var numeric = table.Features.Where(f => f.Numbers is not null).Select(f => new InputOutputColumnPair("__n_" + f.Spec.Name, f.Spec.Name)).ToArray();
        if (numeric.Length > 0)
        {
            pipeline = pipeline.Append(ml.Transforms.ReplaceMissingValues(numeric, MissingValueReplacingEstimator.ReplacementMode.Mean));
            parts.AddRange(numeric.Select(p => p.OutputColumnName));
        }
        foreach (var feature in table.Features.Where(f => f.Spec.Type == FeatureType.Categorical))
        {
            pipeline = pipeline.Append(ml.Transforms.Categorical.OneHotEncoding("__c_" + feature.Spec.Name, feature.Spec.Name));
            parts.Add("__c_" + feature.Spec.Name);
        }
        foreach (var feature in table.Features.Where(f => f.Spec.Type == FeatureType.Text))
        {
            pipeline = pipeline.Append(ml.Transforms.Text.FeaturizeText("__t_" + feature.Spec.Name, feature.Spec.Name));
            parts.Add("__t_" + feature.Spec.Name);
        }
        pipeline = pipeline.Append(ml.Transforms.Concatenate(FeaturesColumn, [.. parts]));
        if (normalize)
            pipeline = pipeline.Append(ml.Transforms.NormalizeMinMax(FeaturesColumn));
        return pipeline;
    }

    private static IEstimator<ITransformer> Trainer(MLContext ml, TrainingTable table, TrainerKind trainer, IReadOnlyDictionary<string, double> p, int seed)
    {
        var label = table.Columns.Label.Name;
        var weight = table.Columns.Weight;
        int? Int(string name) => p.TryGetValue(name, out var v) ? (int)v : null;
        float? Float(string name) => p.TryGetValue(name, out var v) ? (float)v : null;
        var (trees, iterations, leaves, minLeaf, rate) = (Int("number_of_trees"), Int("number_of_iterations"), Int("number_of_leaves"), Int("minimum_example_count_per_leaf"), p.GetValueOrDefault("learning_rate"));
        var (l1, l2, maxIterations, tolerance, history) = (Float("l1_regularization"), Float("l2_regularization"), Int("maximum_number_of_iterations"), Float("optimization_tolerance"), Int("history_size"));

        T Tree<T>(T o) where T : BoostedTreeOptions
        {
            (o.LabelColumnName, o.FeatureColumnName, o.ExampleWeightColumnName, o.NumberOfThreads, o.Seed) = (label, FeaturesColumn, weight, 1, seed);
            o.NumberOfTrees = trees ?? o.NumberOfTrees;
            o.NumberOfLeaves = leaves ?? o.NumberOfLeaves;
            o.MinimumExampleCountPerLeaf = minLeaf ?? o.MinimumExampleCountPerLeaf;
            o.LearningRate = rate > 0 ? rate : o.LearningRate;
            return o;
        }

        switch (trainer, table.Task)
        {
            case (TrainerKind.FastTree, TrainingTask.Binary):
                return ml.BinaryClassification.Trainers.FastTree(Tree(new FastTreeBinaryTrainer.Options()));
            case (TrainerKind.FastTree, _):
                return ml.Regression.Trainers.FastTree(Tree(new FastTreeRegressionTrainer.Options()));
            case (TrainerKind.LightGbm, TrainingTask.Binary):
            {
                var o = new LightGbmBinaryTrainer.Options { LabelColumnName = label, FeatureColumnName = FeaturesColumn, ExampleWeightColumnName = weight, NumberOfThreads = 1, Seed = seed, Silent = true };
                (o.NumberOfIterations, o.NumberOfLeaves, o.MinimumExampleCountPerLeaf, o.LearningRate) = (iterations ?? o.NumberOfIterations, leaves ?? o.NumberOfLeaves, minLeaf ?? o.MinimumExampleCountPerLeaf, rate > 0 ? rate : o.LearningRate);
                return ml.BinaryClassification.Trainers.LightGbm(o);
            }
            case (TrainerKind.LightGbm, TrainingTask.Multiclass):
            {
                var o = new LightGbmMulticlassTrainer.Options { LabelColumnName = label, FeatureColumnName = FeaturesColumn, ExampleWeightColumnName = weight, NumberOfThreads = 1, Seed = seed, Silent = true };
                (o.NumberOfIterations, o.NumberOfLeaves, o.MinimumExampleCountPerLeaf, o.LearningRate) = (iterations ?? o.NumberOfIterations, leaves ?? o.NumberOfLeaves, minLeaf ?? o.MinimumExampleCountPerLeaf, rate > 0 ? rate : o.LearningRate);
                return ml.MulticlassClassification.Trainers.LightGbm(o);
            }
            case (TrainerKind.LightGbm, _):
            {
                var o = new LightGbmRegressionTrainer.Options { LabelColumnName = label, FeatureColumnName = FeaturesColumn, ExampleWeightColumnName = weight, NumberOfThreads = 1, Seed = seed, Silent = true };
                (o.NumberOfIterations, o.NumberOfLeaves, o.MinimumExampleCountPerLeaf, o.LearningRate) = (iterations ?? o.NumberOfIterations, leaves ?? o.NumberOfLeaves, minLeaf ?? o.MinimumExampleCountPerLeaf, rate > 0 ? rate : o.LearningRate);
                return ml.Regression.Trainers.LightGbm(o);
            }
            case (TrainerKind.Sdca, TrainingTask.Binary):
                return ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
                {
                    LabelColumnName = label, FeatureColumnName = FeaturesColumn, ExampleWeightColumnName = weight, NumberOfThreads = 1,
                    L1Regularization = l1, L2Regularization = l2, MaximumNumberOfIterations = maxIterations,
                });
            case (TrainerKind.Sdca, TrainingTask.Multiclass):
                return ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
                {
                    LabelColumnName = label, FeatureColumnName = FeaturesColumn, ExampleWeightColumnName = weight, NumberOfThreads = 1,
                    L1Regularization = l1, L2Regularization = l2, MaximumNumberOfIterations = maxIterations,
                });
            case (TrainerKind.Sdca, _):
                return ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
                {
                    LabelColumnName = label, FeatureColumnName = FeaturesColumn, ExampleWeightColumnName = weight, NumberOfThreads = 1,
                    L1Regularization = l1, L2Regularization = l2, MaximumNumberOfIterations = maxIterations,
                });
            case (TrainerKind.LbfgsLogistic, _):
            {
                var o = new LbfgsLogisticRegressionBinaryTrainer.Options { LabelColumnName = label, FeatureColumnName = FeaturesColumn, ExampleWeightColumnName = weight, NumberOfThreads = 1 };
                (o.L1Regularization, o.L2Regularization, o.OptimizationTolerance, o.HistorySize) = (l1 ?? o.L1Regularization, l2 ?? o.L2Regularization, tolerance ?? o.OptimizationTolerance, history ?? o.HistorySize);
                return ml.BinaryClassification.Trainers.LbfgsLogisticRegression(o);
            }
            default:
            {
                var o = new LbfgsMaximumEntropyMulticlassTrainer.Options { LabelColumnName = label, FeatureColumnName = FeaturesColumn, ExampleWeightColumnName = weight, NumberOfThreads = 1 };
                (o.L1Regularization, o.L2Regularization, o.OptimizationTolerance, o.HistorySize) = (l1 ?? o.L1Regularization, l2 ?? o.L2Regularization, tolerance ?? o.OptimizationTolerance, history ?? o.HistorySize);
                return ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(o);
            }
        }
    }
}
