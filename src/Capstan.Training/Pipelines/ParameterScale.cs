namespace Capstan.Training.Pipelines;

/// <summary>How a search draws a hyperparameter's value.</summary>
public enum ParameterScale
{
    /// <summary>Uniformly between the bounds.</summary>
    Uniform,

    /// <summary>Uniformly in the logarithm between the bounds, for values that span orders of magnitude.</summary>
    Log,

    /// <summary>One of a listed set of values, each as likely.</summary>
    Choice,
}
