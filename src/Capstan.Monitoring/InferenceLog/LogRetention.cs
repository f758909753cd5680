namespace Capstan.Monitoring.InferenceLog;

/// <summary>Deletes the published inference log files that <see cref="InferenceLogOptions.Retention"/> and <see cref="InferenceLogOptions.MaxBytesPerModel"/> no longer keep.</summary>
/// <remarks>
/// Per model folder, a file goes when its latest request is older than the retention; then, while the folder's files
/// add up to more than the byte limit, the file with the oldest latest request goes. Files being written and files
/// whose names are not the log's are left alone. A file a reader already opened can still be read to its end.
/// </remarks>
internal static class LogRetention
{
    /// <summary>Applies both limits to every model folder, as of <paramref name="now"/>; does nothing when neither is set.</summary>
    public static void Apply(InferenceLogOptions options, DateTimeOffset now)
    {
        if (options.Retention is null && options.MaxBytesPerModel is null || !Directory.Exists(options.Directory))
            return;
        foreach (var folder in Directory.EnumerateDirectories(options.Directory))
            ApplyToModel(folder, options, now);
    }

    private static void ApplyToModel(string folder, InferenceLogOptions options, DateTimeOffset now)
    {
        var files = new List<(DateTimeOffset Last, FileInfo File)>();
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*" + LogFileNames.Published))
        {
            if (LogFileNames.TryParse(file.Name, out _, out var last))
                files.Add((last, file));
        }
        files.Sort((a, b) => a.Last.CompareTo(b.Last));
        var kept = files.Sum(f => f.File.Length);
        foreach (var (last, file) in files)
        {
            var expired = options.Retention is { } retention && last < now - retention;
            if (!expired && (options.MaxBytesPerModel is not { } maxBytes || kept <= maxBytes))
                break;
            kept -= file.Length;
            file.Delete();
        }
    }
}
