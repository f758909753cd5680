using Capstan.Core.Errors;
using Capstan.Training.Pipelines;

namespace Capstan.Training.Data;

/// <summary>Reads the rows a pipeline's <see cref="PipelineSpec.Source"/> names into a <see cref="TrainingTable"/>.</summary>
/// <remarks>
/// <see cref="FileAndSqlDataSource"/> reads CSV, Parquet and SQL sources; a host that has the inference log and its
/// ground truth adds <see cref="InferenceLogSource"/> by wrapping it. Implementations are safe to call concurrently.
/// </remarks>
public interface ITrainingDataSource
{
    /// <summary>Reads the source of <paramref name="spec"/>: a missing file is <see cref="ErrorCode.NotFound"/>, too many rows <see cref="ErrorCode.TooLarge"/>, an unreachable database <see cref="ErrorCode.NotReady"/>, and bad values <see cref="ErrorCode.InvalidInput"/>.</summary>
    Task<Result<TrainingTable>> LoadAsync(PipelineSpec spec, CancellationToken cancellationToken);
}
