using System.Globalization;
using System.Text;
using Capstan.Training.Datasets;

namespace Capstan.Training.Trainers;

/// <summary>Writes the Markdown model card of a trained binary classifier.</summary>
internal static class ModelCardText
{
    public static string Write(LabeledDataset dataset, DataSplit split, TrainingParameters parameters, ClassifierMetrics metrics)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# {dataset.Name} classifier");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"A FastTree binary classifier (ML.NET) that predicts whether a sample is {dataset.PositiveClass} (the positive class) or {dataset.NegativeClass}.");
        text.AppendLine("It is a demonstration model, not a medical device.");
        text.AppendLine();
        text.AppendLine("## Data");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Source: {dataset.Name}, {dataset.Source}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Licence: {dataset.Licence}.");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- Rows: {dataset.Samples.Count} with {dataset.FeatureCount} numeric features; {split.Train.Count} for training, {split.Holdout.Count} held out (seed {parameters.Seed}).");
        text.AppendLine();
        text.AppendLine("## Training");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"FastTree with {parameters.NumberOfTrees} trees of at most {parameters.NumberOfLeaves} leaves, at least {parameters.MinimumExampleCountPerLeaf} rows per leaf, learning rate {parameters.LearningRate}.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"## Holdout metrics ({dataset.PositiveClass} is positive)");
        text.AppendLine("| metric | value |");
        text.AppendLine("| --- | --- |");
        AppendMetric(text, "Accuracy", metrics.Accuracy);
        AppendMetric(text, "AUC", metrics.AreaUnderRocCurve);
        AppendMetric(text, "F1", metrics.F1Score);
        AppendMetric(text, "Precision", metrics.Precision);
        AppendMetric(text, "Recall", metrics.Recall);
        AppendMetric(text, "Log loss", metrics.LogLoss);
        return text.ToString();
    }

    private static void AppendMetric(StringBuilder text, string name, double value) =>
        text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value:0.000} |");
}
