using Capstan.Core.Naming;
using Capstan.Core.Performance;
using Capstan.Monitoring.Signals;

namespace Capstan.Monitoring.Performance;

/// <summary>The realized performance signals alert rules can watch, each one figure of a model's report over the rule's window, all versions together.</summary>
/// <remarks>
/// The signals are <c>accuracy</c>, <c>precision</c>, <c>recall</c>, <c>f1</c>, <c>auc</c> and <c>log_loss</c> for
/// classifiers, and <c>mae</c>, <c>rmse</c> and <c>r2</c> for regression; a signal the model's task does not have, or
/// that no joined prediction defines yet, reads as null. Each read computes the report afresh. Thread-safe.
/// </remarks>
/// <param name="calculator">Computes the reports.</param>
public sealed class PerformanceSignals(PerformanceCalculator calculator) : ISignalSource
{
    /// <summary>The share of predictions whose class was right.</summary>
    public const string Accuracy = "accuracy";

    /// <summary>Precision of the positive class (binary) or its mean over classes (multiclass).</summary>
    public const string Precision = "precision";

    /// <summary>Recall of the positive class (binary) or its mean over classes (multiclass).</summary>
    public const string Recall = "recall";

    /// <summary>F1 of the positive class (binary) or its mean over classes (multiclass).</summary>
    public const string F1 = "f1";

    /// <summary>The area under the ROC curve (one-vs-rest mean for multiclass).</summary>
    public const string Auc = "auc";

    /// <summary>The mean negative log-likelihood of the true classes (lower is better).</summary>
    public const string LogLoss = "log_loss";

    /// <summary>The mean absolute error of a regression (lower is better).</summary>
    public const string Mae = "mae";

    /// <summary>The root mean squared error of a regression (lower is better).</summary>
    public const string Rmse = "rmse";

    /// <summary>The coefficient of determination of a regression.</summary>
    public const string R2 = "r2";

    private static readonly Dictionary<string, Func<PerformanceFigures, double?>> Figures = new(StringComparer.Ordinal)
    {
        [Accuracy] = f => f.Accuracy,
        [Precision] = f => f.Precision,
        [Recall] = f => f.Recall,
        [F1] = f => f.F1,
        [Auc] = f => f.Auc,
        [LogLoss] = f => f.LogLoss,
        [Mae] = f => f.Mae,
        [Rmse] = f => f.Rmse,
        [R2] = f => f.R2,
    };

    /// <summary>Every signal name, in the order above.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Figures.Keys];

    /// <summary>Reads the figure a signal names from <paramref name="figures"/>; throws for a name that is not a performance signal.</summary>
    public static double? Read(PerformanceFigures figures, string signal) =>
        Figures.TryGetValue(signal, out var figure) ? figure(figures) : throw new ArgumentException($"'{signal}' is not a performance signal.", nameof(signal));

    /// <inheritdoc />
    public bool Provides(string signal) => Figures.ContainsKey(signal);

    /// <inheritdoc />
    public async Task<double?> ReadAsync(string model, string signal, TimeSpan window, CancellationToken cancellationToken)
    {
        if (!Provides(signal))
            throw new ArgumentException($"'{signal}' is not a performance signal.", nameof(signal));
        if (!ModelName.Parse(model).TryGetValue(out var name, out _) || window <= TimeSpan.Zero || window > PerformanceQuery.MaxWindow)
            return null;
        var report = await calculator.ComputeAsync(name, new PerformanceQuery(window, window), cancellationToken);
        return report.TryGetValue(out var value, out _) ? Read(value.Overall, signal) : null;
    }
}
