using System.Runtime.CompilerServices;
using Parquet;

namespace Capstan.Monitoring.InferenceLog;

/// <summary>Reads a model's inference log back from its published Parquet files.</summary>
/// <remarks>Reads only files that have rolled (<c>.parquet</c>), so a file being written is never half read; requests in an open file appear once it rolls. Thread-safe.</remarks>
/// <param name="options">Where the files are.</param>
public sealed class InferenceLogReader(InferenceLogOptions options)
{
    /// <summary>Reads the requests logged for <paramref name="model"/> from <paramref name="since"/> up to (not including) <paramref name="until"/>, oldest file first, at most <paramref name="limit"/>.</summary>
    public async IAsyncEnumerable<LoggedRecord> ReadAsync(
        string model, DateTimeOffset since, DateTimeOffset until, int limit, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(options.Directory, model);
        if (limit <= 0 || !Directory.Exists(folder))
            yield break;
        var files = new List<(DateTimeOffset First, string Path)>();
        foreach (var path in Directory.EnumerateFiles(folder, "*" + LogFileNames.Published))
        {
            if (LogFileNames.TryParse(Path.GetFileName(path), out var first, out var last) && first < until && last >= since)
                files.Add((first, path));
        }
        files.Sort((a, b) => a.First.CompareTo(b.First));
        var left = limit;
        foreach (var (_, path) in files)
        {
            await foreach (var record in ReadFileAsync(path, cancellationToken))
            {
                if (record.Time < since || record.Time >= until)
                    continue;
                yield return record;
                if (--left == 0)
                    yield break;
            }
        }
    }

    private static async IAsyncEnumerable<LoggedRecord> ReadFileAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken);
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            var c = await LogColumns.ReadAsync(reader, g, cancellationToken);
            for (var i = 0; i < c.Times.Length; i++)
            {
                yield return new LoggedRecord(
                    new DateTimeOffset(DateTime.SpecifyKind(c.Times[i], DateTimeKind.Utc)), c.RequestIds[i], c.Models[i], c.Versions[i], c.Variants[i],
                    c.LatenciesMs[i], c.Inputs[i], c.Outputs[i]);
            }
        }
    }
}
