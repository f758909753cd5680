namespace Capstan.Core.Performance;

/// <summary>How predictions fared against their ground truth over some time: the counts behind the figures, and the figures of the model's task.</summary>
/// <remarks>A figure is null when its task does not have it or when the joined predictions cannot define it (ROC AUC with only one class, log loss without probabilities, R² with fewer than two rows).</remarks>
/// <param name="Joined">Logged predictions that had a label and were scored.</param>
/// <param name="Unmatched">Logged predictions with no label posted for their request id (yet).</param>
/// <param name="Skipped">Logged predictions that had a label but could not be scored: the label does not fit the task, or the logged outputs lack the predicted value (redacted, absent, or a request of several rows).</param>
/// <param name="Accuracy">The share of joined predictions whose class was right.</param>
/// <param name="Precision">Of the predictions of the positive class, the share that were right (binary); the mean of that over classes (multiclass).</param>
/// <param name="Recall">Of the rows of the positive class, the share predicted so (binary); the mean of that over classes (multiclass).</param>
/// <param name="F1">The harmonic mean of precision and recall (binary); the mean of each class's F1 (multiclass).</param>
/// <param name="Auc">The area under the ROC curve of the score (binary); the mean one-vs-rest area over classes (multiclass).</param>
/// <param name="LogLoss">The mean negative log-likelihood of the true class under the predicted probabilities, clipped to [1e-15, 1 - 1e-15].</param>
/// <param name="Mae">The mean absolute error (regression).</param>
/// <param name="Rmse">The root of the mean squared error (regression).</param>
/// <param name="R2">The coefficient of determination (regression).</param>
public sealed record PerformanceFigures(
    long Joined,
    long Unmatched,
    long Skipped,
    double? Accuracy = null,
    double? Precision = null,
    double? Recall = null,
    double? F1 = null,
    double? Auc = null,
    double? LogLoss = null,
    double? Mae = null,
    double? Rmse = null,
    double? R2 = null);
