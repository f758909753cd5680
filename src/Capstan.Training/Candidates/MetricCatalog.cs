using Capstan.Training.Pipelines;

namespace Capstan.Training.Candidates;

/// <summary>The metrics each task is evaluated with, by the names a spec uses, and which way each is better.</summary>
/// <remarks>
/// Binary: <c>accuracy</c>, <c>auc</c> (area under the ROC curve), <c>f1</c>, <c>log_loss</c>, <c>precision</c> and
/// <c>recall</c> of the positive class. Multiclass: <c>macro_accuracy</c> (the mean of per-class accuracies),
/// <c>micro_accuracy</c> and <c>log_loss</c>. Regression: <c>mae</c>, <c>rmse</c> and <c>r2</c>. All are computed by
/// ML.NET's evaluators; lower is better for log loss, MAE and RMSE, higher for the rest.
/// </remarks>
public static class MetricCatalog
{
    private static readonly string[] Binary = ["accuracy", "auc", "f1", "log_loss", "precision", "recall"];
    private static readonly string[] Multiclass = ["log_loss", "macro_accuracy", "micro_accuracy"];
    private static readonly string[] Regression = ["mae", "r2", "rmse"];

    /// <summary>The metrics of <paramref name="task"/>, in alphabetical order.</summary>
    public static IReadOnlyList<string> For(TrainingTask task) => task switch
    {
        TrainingTask.Binary => Binary,
        TrainingTask.Multiclass => Multiclass,
        _ => Regression,
    };

    /// <summary>The metric a gate compares when its spec names none: AUC, macro accuracy or RMSE.</summary>
    public static string DefaultFor(TrainingTask task) => task switch
    {
        TrainingTask.Binary => "auc",
        TrainingTask.Multiclass => "macro_accuracy",
        _ => "rmse",
    };

    /// <summary>Whether a larger value of <paramref name="metric"/> is better.</summary>
    public static bool GreaterIsBetter(string metric) => metric is not ("log_loss" or "mae" or "rmse");
}
