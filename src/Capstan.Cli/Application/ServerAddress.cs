using Capstan.Core.Errors;

namespace Capstan.Cli.Application;

/// <summary>Decides which server a command talks to: <c>--server</c>, then <c>CAPSTAN_URL</c>, then the local default.</summary>
internal static class ServerAddress
{
    /// <summary>The environment variable that names the server when <c>--server</c> is not given.</summary>
    public const string EnvironmentVariable = "CAPSTAN_URL";

    /// <summary>The server used when neither the flag nor the environment names one.</summary>
    public const string Default = "http://127.0.0.1:8080";

    /// <summary>Picks and checks the server address.</summary>
    /// <param name="flag">The value of <c>--server</c>, or null when it was not given.</param>
    /// <param name="environment">The value of <c>CAPSTAN_URL</c>, or null when it is not set.</param>
    public static Result<Uri> Resolve(string? flag, string? environment)
    {
        var text = flag ?? (string.IsNullOrWhiteSpace(environment) ? Default : environment.Trim());
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0
            ? uri
            : Error.InvalidInput($"The server address '{text}' is not an absolute http:// or https:// URL.");
    }
}
