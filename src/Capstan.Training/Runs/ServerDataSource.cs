using Capstan.Core.Errors;
using Capstan.Training.Data;
using Capstan.Training.Pipelines;

namespace Capstan.Training.Runs;

/// <summary>The data source of pipelines run by the server: CSV and Parquet files inside one folder, SQL queries, and the model's inference log joined with its ground truth.</summary>
/// <remarks>
/// A spec is written by whoever may write pipelines, and the server reads its files with the server's rights, so a
/// file path (relative or absolute) must resolve inside <see cref="TrainingOptions.DataDirectory"/>; anything outside
/// is refused before it is opened. Safe to call concurrently.
/// </remarks>
public sealed class ServerDataSource : ITrainingDataSource
{
    private readonly string _directory;
    private readonly FileAndSqlDataSource _files;
    private readonly ITrainingDataSource _inferenceLog;

    /// <summary>Creates a source that reads files inside <paramref name="directory"/> and the inference log through <paramref name="inferenceLog"/>.</summary>
    public ServerDataSource(string directory, TrainingOptions options, ITrainingDataSource inferenceLog)
    {
        _directory = Path.GetFullPath(directory);
        _files = new FileAndSqlDataSource(_directory, options);
        _inferenceLog = inferenceLog;
    }

    /// <inheritdoc />
    public Task<Result<TrainingTable>> LoadAsync(PipelineSpec spec, CancellationToken cancellationToken)
    {
        var path = spec.Source switch
        {
            CsvSource csv => csv.Path,
            ParquetSource parquet => parquet.Path,
            _ => null,
        };
        if (path is not null && !Inside(Path.GetFullPath(path, _directory)))
            return Task.FromResult<Result<TrainingTable>>(Error.InvalidInput(
                $"source: the {spec.Source.Kind} file '{path}' is outside the training data directory {_directory}; the server reads files only from there."));
        if (spec.Source is InferenceLogSource)
            return _inferenceLog.LoadAsync(spec, cancellationToken);
        return _files.LoadAsync(spec, cancellationToken);
    }

    private bool Inside(string full) =>
        full.StartsWith(_directory.EndsWith(Path.DirectorySeparatorChar) ? _directory : _directory + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
