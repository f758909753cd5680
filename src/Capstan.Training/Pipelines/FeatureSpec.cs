namespace Capstan.Training.Pipelines;

/// <summary>One feature column and how the model reads it.</summary>
/// <param name="Name">The column's name in the source.</param>
/// <param name="Type">Its type, which decides the featurization.</param>
public sealed record FeatureSpec(string Name, FeatureType Type);
