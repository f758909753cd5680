namespace Capstan.Training.Trainers;

/// <summary>The settings of a binary classifier training run: the seed, the holdout split and the FastTree hyperparameters.</summary>
/// <param name="Seed">Seeds both the holdout split and ML.NET, so the same parameters always give the same model.</param>
/// <param name="HoldoutFraction">The share of the rows kept back for evaluation, between 0 and 1 exclusive.</param>
/// <param name="NumberOfTrees">How many boosted trees to grow.</param>
/// <param name="NumberOfLeaves">The most leaves one tree may have.</param>
/// <param name="MinimumExampleCountPerLeaf">The fewest training rows a leaf may hold.</param>
/// <param name="LearningRate">The shrinkage applied to each new tree.</param>
public sealed record TrainingParameters(
    int Seed = 7,
    double HoldoutFraction = 0.2,
    int NumberOfTrees = 100,
    int NumberOfLeaves = 20,
    int MinimumExampleCountPerLeaf = 10,
    double LearningRate = 0.2)
{
    /// <summary>Throws when a parameter is out of range, which is a bug in the caller.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(HoldoutFraction, nameof(HoldoutFraction));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(HoldoutFraction, 1.0, nameof(HoldoutFraction));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(NumberOfTrees, nameof(NumberOfTrees));
        ArgumentOutOfRangeException.ThrowIfLessThan(NumberOfLeaves, 2, nameof(NumberOfLeaves));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MinimumExampleCountPerLeaf, nameof(MinimumExampleCountPerLeaf));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LearningRate, nameof(LearningRate));
    }
}
