using Capstan.Core.Errors;

namespace Capstan.Server.Hosting;

/// <summary>The checks <see cref="ServerOptions"/> must pass before a server starts.</summary>
public static class ServerOptionsRules
{
    /// <summary>Checks the options and returns the listening addresses.</summary>
    public static Result<string[]> Check(ServerOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
            return Error.InvalidInput("The data directory is empty.");
        if (options.MaxArtifactBytes <= 0)
            return Error.InvalidInput($"The artifact size limit must be positive, not {options.MaxArtifactBytes}.");
        var urls = options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (urls.Length == 0)
            return Error.InvalidInput("No address to listen on was given.");
        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                return Error.InvalidInput($"'{url}' is not an http:// or https:// address to listen on.");
        }
        return urls;
    }
}
