namespace Capstan.Monitoring.Profiles;

/// <summary>How a feature's values are compared: as numbers on a line or as unordered categories.</summary>
public enum FeatureKind
{
    /// <summary>Real numbers; missing values are NaN.</summary>
    Numeric,

    /// <summary>Labels; missing values are null.</summary>
    Categorical,
}
