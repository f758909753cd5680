using System.Text.Json.Serialization;

namespace Capstan.Core.Performance;

/// <summary>What a model predicts, which decides the figures its realized performance is measured by.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PerformanceTask>))]
public enum PerformanceTask
{
    /// <summary>One of two classes: accuracy, precision, recall and F1 of the positive class, ROC AUC and log loss.</summary>
    [JsonStringEnumMemberName("binary")] Binary,

    /// <summary>One of several classes: accuracy, macro-averaged precision, recall and F1, one-vs-rest macro ROC AUC and log loss.</summary>
    [JsonStringEnumMemberName("multiclass")] Multiclass,

    /// <summary>A number: mean absolute error, root mean squared error and R².</summary>
    [JsonStringEnumMemberName("regression")] Regression,
}
