using System.Runtime.CompilerServices;
using Parquet;

namespace Capstan.Monitoring.InferenceLog;

/// <summary>Reads a model's inference log back from its published Parquet files.</summary>
/// <remarks>
/// Reads only files that have rolled (<c>.parquet</c>), so a file being written is never half read; requests in an open
/// file appear once it rolls. A file that retention deletes after it was listed is skipped. Thread-safe.
/// </remarks>
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
            if (OpenOrNull(path) is not { } stream)
                continue;
            await foreach (var record in ReadFileAsync(stream, cancellationToken))
            {
                if (record.Time < since || record.Time >= until)
                    continue;
                yield return record;
                if (--left == 0)
                    yield break;
            }
        }
    }

    /// <summary>Opens a listed file, or null when it is gone since.</summary>
    private static FileStream? OpenOrNull(string path)
    {
        try
        {
            return File.OpenRead(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private static async IAsyncEnumerable<LoggedRecord> ReadFileAsync(FileStream file, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = file;
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
