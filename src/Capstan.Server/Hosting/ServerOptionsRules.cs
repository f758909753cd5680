using System.Net;
using Capstan.Core.Errors;

namespace Capstan.Server.Hosting;

/// <summary>The checks <see cref="ServerOptions"/> must pass before a server starts.</summary>
public static class ServerOptionsRules
{
    /// <summary>Checks the options and returns the addresses to listen on.</summary>
    /// <remarks>
    /// Addresses are <c>http://HOST:PORT</c> where HOST is an IP address, <c>localhost</c>, or <c>*</c> for every
    /// interface; port 0 picks a free port. Without explicit gRPC addresses, gRPC listens on the first HTTP address's
    /// port + 1 (port 0 stays 0).
    /// </remarks>
    public static Result<ServerEndpoints> Check(ServerOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
            return Error.InvalidInput("The data directory is empty.");
        if (options.MaxArtifactBytes <= 0)
            return Error.InvalidInput($"The artifact size limit must be positive, not {options.MaxArtifactBytes}.");
        if (options.MemoryBudgetBytes < 0)
            return Error.InvalidInput($"The memory budget cannot be negative ({options.MemoryBudgetBytes} bytes).");
        if (!ParseAll(options.Urls, "HTTP").TryGetValue(out var http, out var error))
            return error;
        var grpcUrls = options.GrpcUrls ?? new UriBuilder(http[0]) { Port = http[0].Port == 0 ? 0 : http[0].Port + 1 }.Uri.ToString();
        if (!ParseAll(grpcUrls, "gRPC").TryGetValue(out var grpc, out error))
            return error;
        var clash = http.Where(h => h.Port != 0).Select(h => h.Port).Intersect(grpc.Select(g => g.Port)).ToList();
        if (clash.Count > 0)
            return Error.InvalidInput($"HTTP and gRPC cannot share port {clash[0]}.");
        return new ServerEndpoints(http, grpc);
    }

    private static Result<IReadOnlyList<Uri>> ParseAll(string urls, string what)
    {
        var parts = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
            return Error.InvalidInput($"No {what} address to listen on was given.");
        var parsed = new List<Uri>(parts.Length);
        foreach (var part in parts)
        {
            if (!Uri.TryCreate(part.Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                || uri.Scheme != "http" || uri.AbsolutePath != "/"
                || !(uri.IsLoopback || IPAddress.TryParse(uri.Host.Trim('[', ']'), out _)))
                return Error.InvalidInput($"'{part}' is not an {what} address to listen on; expected http://IP:PORT, http://localhost:PORT or http://*:PORT.");
            parsed.Add(uri);
        }
        return parsed;
    }
}
