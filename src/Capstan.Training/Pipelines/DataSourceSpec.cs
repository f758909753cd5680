namespace Capstan.Training.Pipelines;

/// <summary>Where a pipeline's training rows come from: one of <see cref="CsvSource"/>, <see cref="ParquetSource"/>, <see cref="SqlSource"/> or <see cref="InferenceLogSource"/>.</summary>
public abstract record DataSourceSpec
{
    private protected DataSourceSpec()
    {
    }

    /// <summary>The source's kind as the spec file names it (<c>csv</c>, <c>parquet</c>, <c>sql</c>, <c>inference_log</c>).</summary>
    public abstract string Kind { get; }
}
