namespace Capstan.Training.Pipelines;

/// <summary>The random search's budget and seed.</summary>
/// <param name="Trials">How many parameter draws each candidate gets, 1 to <see cref="MaxTrials"/>.</param>
/// <param name="Seed">Seeds the draws, the holdout shuffle, the folds and ML.NET, so the same data and spec give the same model.</param>
public sealed record SearchSpec(int Trials, int Seed)
{
    /// <summary>The most trials one candidate may have.</summary>
    public const int MaxTrials = 1000;
}
