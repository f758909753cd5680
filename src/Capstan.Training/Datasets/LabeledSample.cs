namespace Capstan.Training.Datasets;

/// <summary>One row of a binary classification data set: its numeric features and whether it belongs to the positive class.</summary>
/// <remarks>
/// The array is shared, not copied, so that ML.NET can read it directly; nothing in Capstan writes to it. Record
/// equality compares the array by reference, so two samples read separately from the same line are not equal.
/// </remarks>
/// <param name="Features">The feature values, as many as the data set's <see cref="LabeledDataset.FeatureCount"/>.</param>
/// <param name="Label">Whether the row belongs to the positive class.</param>
public sealed record LabeledSample(float[] Features, bool Label);
