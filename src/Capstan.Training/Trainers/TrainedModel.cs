using Capstan.Training.Datasets;

namespace Capstan.Training.Trainers;

/// <summary>What a training run produced: the saved model files, how they were trained and how well they score.</summary>
/// <param name="MlNetPath">The ML.NET model zip, saved with its training schema (label included).</param>
/// <param name="OnnxPath">The same model converted to ONNX, with a single input <c>Features</c> of shape [N, feature count].</param>
/// <param name="Parameters">The parameters the model was trained with.</param>
/// <param name="Metrics">The scores on the holdout rows.</param>
/// <param name="ModelCard">A short Markdown description of the model, its data, licence and metrics.</param>
/// <param name="Holdout">The rows the model never saw, on which <paramref name="Metrics"/> were computed.</param>
public sealed record TrainedModel(
    string MlNetPath,
    string OnnxPath,
    TrainingParameters Parameters,
    ClassifierMetrics Metrics,
    string ModelCard,
    IReadOnlyList<LabeledSample> Holdout);
