namespace Capstan.Training.Datasets;

/// <summary>A data set divided into the rows a model trains on and the held-out rows it is evaluated on.</summary>
/// <param name="Train">The rows to train on.</param>
/// <param name="Holdout">The rows kept back for evaluation.</param>
public sealed record DataSplit(IReadOnlyList<LabeledSample> Train, IReadOnlyList<LabeledSample> Holdout);
