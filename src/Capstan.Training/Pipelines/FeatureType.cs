namespace Capstan.Training.Pipelines;

/// <summary>How a feature column is read and featurized.</summary>
public enum FeatureType
{
    /// <summary>A number (FP32); missing values are replaced by the training mean.</summary>
    Numeric,

    /// <summary>A category from a small set (text); one-hot encoded.</summary>
    Categorical,

    /// <summary>Free text; featurized into word and character n-grams.</summary>
    Text,

    /// <summary>True or false (also 1/0, yes/no); used as 1 or 0.</summary>
    Boolean,
}
