namespace Capstan.Training.Pipelines;

/// <summary>How far a run has got, for a progress bar: the stage, the steps done of the stage's total, and what just happened.</summary>
/// <param name="Stage">The stage the run is in.</param>
/// <param name="Done">Steps done in this stage (for training: model fits, trials times one plus the folds).</param>
/// <param name="Total">Steps this stage has.</param>
/// <param name="Message">One line on what just happened.</param>
public sealed record PipelineProgress(PipelineStage Stage, int Done, int Total, string Message);
