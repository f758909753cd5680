namespace Capstan.Core.Pipelines;

/// <summary>How far a running run has got: its stage, the steps done of the stage's total, and what just happened.</summary>
/// <param name="Stage">The stage, such as <c>loading</c>, <c>training</c> or <c>registering</c>.</param>
/// <param name="Done">Steps done in the stage.</param>
/// <param name="Total">Steps the stage has.</param>
/// <param name="Message">One line on what just happened.</param>
public sealed record RunProgress(string Stage, int Done, int Total, string Message);
