namespace Capstan.Training.Pipelines;

/// <summary>A continuous-training pipeline as its spec file declares it, every default filled in and every field checked.</summary>
/// <remarks>
/// <see cref="PipelineSpecReader"/> is the only way to make one from text; the same spec written in YAML or JSON reads
/// to equal values and the same <see cref="Hash"/>. The record is immutable and safe to share between threads.
/// </remarks>
/// <param name="Name">The pipeline's name, as <c>capstan pipeline run NAME</c> will use it.</param>
/// <param name="Model">The registry model whose versions the pipeline trains and whose champion it challenges.</param>
/// <param name="Source">Where the training rows come from.</param>
/// <param name="Columns">Which columns are features, label, weight and time.</param>
/// <param name="Task">What the model predicts.</param>
/// <param name="Candidates">The trainers to try, each with its hyperparameter ranges, in the order of the file.</param>
/// <param name="Search">How many trials each candidate gets and the seed that draws them.</param>
/// <param name="Evaluation">How rows are held out and whether to cross-validate.</param>
/// <param name="Checks">The data checks that must pass before any training starts.</param>
/// <param name="Gate">What a candidate must achieve to replace the champion.</param>
/// <param name="Export">Which extra model formats to write.</param>
/// <param name="Rollout">How a passing candidate is rolled out.</param>
/// <param name="Triggers">What starts a run besides a person.</param>
public sealed record PipelineSpec(
    string Name,
    string Model,
    DataSourceSpec Source,
    ColumnsSpec Columns,
    TrainingTask Task,
    IReadOnlyList<CandidateSpec> Candidates,
    SearchSpec Search,
    EvaluationSpec Evaluation,
    ChecksSpec Checks,
    GateSpec Gate,
    ExportSpec Export,
    RolloutSpec Rollout,
    TriggerSpec Triggers)
{
    /// <summary>The SHA-256 of the spec's canonical JSON form, as <c>sha256:&lt;hex&gt;</c>.</summary>
    /// <remarks>Two files that say the same thing (YAML or JSON, any key order, defaults written out or left implicit) have the same hash.</remarks>
    public string Hash => "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(CanonicalSpecJson.Write(this)));

    /// <summary>The canonical JSON form: fixed key order, snake_case keys, every default written out, no white space.</summary>
    public string ToCanonicalJson() => System.Text.Encoding.UTF8.GetString(CanonicalSpecJson.Write(this));
}
