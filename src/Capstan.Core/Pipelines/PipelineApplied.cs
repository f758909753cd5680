namespace Capstan.Core.Pipelines;

/// <summary>The answer to applying a spec: the pipeline as stored and whether the apply changed it.</summary>
/// <param name="Pipeline">The pipeline as stored after the apply.</param>
/// <param name="Changed">False when the stored spec already had the same canonical hash, so nothing was written.</param>
public sealed record PipelineApplied(PipelineInfo Pipeline, bool Changed);
