using Microsoft.ML;

namespace Capstan.Training.Candidates;

/// <summary>What a search found: every trial in the order run and the best one, with its fitted model.</summary>
/// <remarks>Holds the fitted ML.NET model in memory; the runner saves it.</remarks>
public sealed class SearchOutcome
{
    internal SearchOutcome(IReadOnlyList<TrialResult> trials, TrialResult best, ITransformer model)
    {
        Trials = trials;
        Best = best;
        Model = model;
    }

    /// <summary>Every trial, candidate by candidate, in the order run: the search trace.</summary>
    public IReadOnlyList<TrialResult> Trials { get; }

    /// <summary>The trial with the best holdout value of the gate's metric (the first of equals).</summary>
    public TrialResult Best { get; }

    /// <summary>The best trial's model, as saved and served.</summary>
    internal ITransformer Model { get; }
}
