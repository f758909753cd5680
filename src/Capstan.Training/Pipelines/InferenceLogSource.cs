namespace Capstan.Training.Pipelines;

/// <summary>The model's own inference log over a recent window, joined with the ground truth reported for it.</summary>
/// <remarks>
/// The pipeline's features are read from the logged inputs by name and the label from the ground truth of the same
/// request id; rows without ground truth are left out. This slice only declares the source: the resolver that reads
/// it is given to <see cref="PipelineRunner"/> by the host that has the log and the ground truth.
/// </remarks>
/// <param name="Window">How far back from the run's start to read, at least one minute.</param>
public sealed record InferenceLogSource(TimeSpan Window) : DataSourceSpec
{
    /// <inheritdoc />
    public override string Kind => "inference_log";
}
