namespace Capstan.Training.Pipelines;

/// <summary>How a candidate is evaluated: which rows are held out and whether the rest is cross-validated.</summary>
/// <param name="Holdout">How the holdout rows are chosen.</param>
/// <param name="Fraction">The share of rows held out, above 0 and at most 0.5.</param>
/// <param name="Folds">The folds of a k-fold cross-validation on the training rows, 2 to 20, or 0 for none.</param>
public sealed record EvaluationSpec(HoldoutKind Holdout, double Fraction, int Folds);
