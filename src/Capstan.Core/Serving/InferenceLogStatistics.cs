namespace Capstan.Core.Serving;

/// <summary>What the inference log has done since the server started.</summary>
/// <param name="Enabled">Whether the log is on.</param>
/// <param name="Sampled">Requests chosen by the sampling rate.</param>
/// <param name="Dropped">Sampled requests dropped because the writer fell behind and the queue was full.</param>
/// <param name="Written">Requests written to files.</param>
/// <param name="Failed">Requests lost because writing their file failed.</param>
/// <param name="Queued">Requests waiting to be written now.</param>
public sealed record InferenceLogStatistics(bool Enabled, long Sampled, long Dropped, long Written, long Failed, int Queued);
