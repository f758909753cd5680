namespace Capstan.Training.Pipelines;

/// <summary>How the holdout rows are chosen.</summary>
public enum HoldoutKind
{
    /// <summary>A seeded random sample of the rows.</summary>
    Random,

    /// <summary>The latest rows by the time column, so the holdout is the recent past the model will face next.</summary>
    Time,
}
