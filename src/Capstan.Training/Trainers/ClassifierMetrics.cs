namespace Capstan.Training.Trainers;

/// <summary>How a binary classifier scored on its holdout rows; precision and recall are for the positive class.</summary>
/// <param name="Accuracy">The share of holdout rows classified correctly.</param>
/// <param name="AreaUnderRocCurve">The area under the ROC curve of the score.</param>
/// <param name="F1Score">The harmonic mean of precision and recall.</param>
/// <param name="Precision">The share of rows predicted positive that are positive.</param>
/// <param name="Recall">The share of positive rows predicted positive.</param>
/// <param name="LogLoss">The mean negative log-likelihood of the calibrated probabilities (lower is better).</param>
/// <param name="HoldoutCount">How many rows the metrics were computed on.</param>
public sealed record ClassifierMetrics(
    double Accuracy,
    double AreaUnderRocCurve,
    double F1Score,
    double Precision,
    double Recall,
    double LogLoss,
    int HoldoutCount);
