namespace Capstan.Monitoring.Performance;

/// <summary>One logged prediction joined with its label, in the terms of its task; a part the prediction lacks is marked absent.</summary>
/// <param name="TruthClass">Binary: the true class, 0 or 1. Multiclass: the true class index, or -1 when the label is a class name.</param>
/// <param name="TruthName">Multiclass: the true class as text (the index's digits, or the name).</param>
/// <param name="PredictedClass">Binary: the predicted class, 0 or 1, or -1 when absent.</param>
/// <param name="PredictedName">Multiclass: the predicted class as text, or null when absent or not comparable with the label.</param>
/// <param name="Score">Binary: the positive class's score, or NaN when absent. Regression: the predicted value.</param>
/// <param name="Probabilities">Multiclass: the score of every class, or null when absent.</param>
/// <param name="Target">Regression: the true value.</param>
internal readonly record struct Sample(int TruthClass, string? TruthName, int PredictedClass, string? PredictedName, double Score, double[]? Probabilities, double Target);
