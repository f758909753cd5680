using System.Text.Json;
using System.Text.Json.Nodes;

namespace Capstan.Server.Security;

/// <summary>The CLI's credentials file: one API key per server address, readable by its owner alone (mode 0600 on Unix; on Windows the user profile's permissions apply).</summary>
/// <remarks>
/// JSON: <c>{"servers": {"http://127.0.0.1:8080": {"apiKey": "cap_..."}}}</c>, keyed by scheme, host and port. It lives at
/// <c>$CAPSTAN_CREDENTIALS</c>, else <c>$XDG_CONFIG_HOME/capstan/credentials.json</c>, else
/// <c>~/.config/capstan/credentials.json</c>. Writes go to a private temporary file renamed into place, so a reader
/// never sees half a file and the key is never readable by others, not even for a moment. Not safe for concurrent
/// writers of one file.
/// </remarks>
public static class CredentialsFile
{
    /// <summary>The environment variable that names the file.</summary>
    public const string EnvironmentVariable = "CAPSTAN_CREDENTIALS";

    /// <summary>The file's path when nothing names another.</summary>
    public static string DefaultPath()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } named)
            return named;
        var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(config, "capstan", "credentials.json");
    }

    /// <summary>The key stored for <paramref name="server"/> in <paramref name="path"/>, or null when there is none or the file is unreadable.</summary>
    public static string? Read(string path, Uri server)
    {
        try
        {
            return Load(path)?["servers"]?[Key(server)]?["apiKey"]?.GetValue<string>();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Stores <paramref name="apiKey"/> for each of <paramref name="servers"/> in <paramref name="path"/>, keeping the other entries.</summary>
    /// <returns>Where an unreadable file was moved to before a fresh one was written, or null when the file was readable or absent.</returns>
    public static string? Write(string path, IEnumerable<Uri> servers, string apiKey)
    {
        string? setAside = null;
        JsonObject? existing;
        try
        {
            existing = Load(path);
        }
        catch (JsonException)
        {
            setAside = $"{path}.unreadable-{DateTime.UtcNow:yyyyMMddHHmmss}";
            File.Move(path, setAside);
            existing = null;
        }
        var root = existing ?? new JsonObject();
        if (root["servers"] is not JsonObject entries)
            root["servers"] = entries = new JsonObject();
        foreach (var server in servers)
            entries[Key(server)] = new JsonObject { ["apiKey"] = apiKey };
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, options))
            {
                file.Write(JsonSerializer.SerializeToUtf8Bytes(root, new JsonSerializerOptions { WriteIndented = true }));
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
        return setAside;
    }

    /// <summary>The entry name of <paramref name="server"/>: scheme, host and port, lowercase.</summary>
    public static string Key(Uri server) => $"{server.Scheme}://{server.Authority}".ToLowerInvariant();

    private static JsonObject? Load(string path) =>
        File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new JsonException($"{path} does not hold a JSON object.") : null;
}
