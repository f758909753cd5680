using System.Text.Json.Nodes;

namespace Capstan.Testing.Servers;

/// <summary>Where test servers keep the admin key of their first start: a credentials file inside their data directory, found again by a restart on a new port.</summary>
public static class TestCredentials
{
    /// <summary>The credentials file of the server whose data directory is <paramref name="dataDirectory"/>.</summary>
    public static string PathFor(string dataDirectory) => Path.Combine(dataDirectory, "credentials.json");

    /// <summary>The first key in the credentials file at <paramref name="path"/>, whatever server address it is stored under; null when there is none.</summary>
    public static string? AdminKeyIn(string path)
    {
        if (!File.Exists(path))
            return null;
        return JsonNode.Parse(File.ReadAllText(path))?["servers"] is JsonObject servers
            ? servers.Select(entry => entry.Value?["apiKey"]?.GetValue<string>()).FirstOrDefault(key => key is not null)
            : null;
    }
}
