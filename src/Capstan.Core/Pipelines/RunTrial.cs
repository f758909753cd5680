namespace Capstan.Core.Pipelines;

/// <summary>One trial of a run's search: the candidate, its trainer and parameters, its holdout metrics and its metrics per fold.</summary>
/// <param name="Candidate">The candidate's index in the spec.</param>
/// <param name="Trial">The trial's number within its candidate, from 0.</param>
/// <param name="Trainer">The trainer's name in the spec.</param>
/// <param name="Parameters">The hyperparameters drawn, by spec name.</param>
/// <param name="Holdout">The metrics on the holdout rows.</param>
/// <param name="Folds">The metrics over the cross-validation folds; empty without cross-validation.</param>
public sealed record RunTrial(
    int Candidate,
    int Trial,
    string Trainer,
    IReadOnlyDictionary<string, double> Parameters,
    IReadOnlyDictionary<string, double> Holdout,
    IReadOnlyDictionary<string, RunMetricSpread> Folds);
