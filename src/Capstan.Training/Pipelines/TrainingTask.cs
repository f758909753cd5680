namespace Capstan.Training.Pipelines;

/// <summary>What a pipeline's model predicts.</summary>
public enum TrainingTask
{
    /// <summary>One of two classes, with a calibrated probability of the positive one.</summary>
    Binary,

    /// <summary>One of several classes.</summary>
    Multiclass,

    /// <summary>A number.</summary>
    Regression,
}
