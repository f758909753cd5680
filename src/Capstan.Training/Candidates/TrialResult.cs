using Capstan.Training.Pipelines;

namespace Capstan.Training.Candidates;

/// <summary>One trial of the search: the trainer, the parameters drawn, the holdout metrics and, with cross-validation, the spread over the folds.</summary>
/// <param name="Candidate">The candidate's index in the spec.</param>
/// <param name="Trial">The trial's number within its candidate, from 0.</param>
/// <param name="Trainer">The trainer.</param>
/// <param name="Parameters">The hyperparameters drawn, by spec name; those the spec leaves out keep ML.NET's defaults and are not listed.</param>
/// <param name="Holdout">The metrics on the holdout rows, by name.</param>
/// <param name="CrossValidation">The metrics over the folds, by name; empty without cross-validation.</param>
public sealed record TrialResult(
    int Candidate,
    int Trial,
    TrainerKind Trainer,
    IReadOnlyDictionary<string, double> Parameters,
    IReadOnlyDictionary<string, double> Holdout,
    IReadOnlyDictionary<string, MetricSpread> CrossValidation);
