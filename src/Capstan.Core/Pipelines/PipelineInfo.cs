namespace Capstan.Core.Pipelines;

/// <summary>A continuous-training pipeline as applied: its spec text, the spec's canonical hash and its revision.</summary>
/// <param name="Name">The pipeline's name, unique in the registry.</param>
/// <param name="Model">The registry model the pipeline trains.</param>
/// <param name="Spec">The spec text (YAML or JSON) exactly as applied.</param>
/// <param name="SpecHash">The SHA-256 of the spec's canonical form, as <c>sha256:&lt;hex&gt;</c>.</param>
/// <param name="Revision">1 when created, one more with each change.</param>
/// <param name="UpdatedAt">When the spec was last applied with a change.</param>
/// <param name="UpdatedBy">Who applied it.</param>
/// <param name="CodeCommit">The git commit of the spec's working tree when it was applied, recorded as the code commit in the lineage of the models it trains; null when unknown.</param>
public sealed record PipelineInfo(string Name, string Model, string Spec, string SpecHash, long Revision, DateTimeOffset UpdatedAt, string UpdatedBy, string? CodeCommit = null);
