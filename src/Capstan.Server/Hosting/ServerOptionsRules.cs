using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Capstan.Core.Errors;

namespace Capstan.Server.Hosting;

/// <summary>The checks <see cref="ServerOptions"/> must pass before a server starts.</summary>
public static class ServerOptionsRules
{
    /// <summary>Checks the options, loads the TLS certificate if one is configured, and returns the addresses to listen on.</summary>
    /// <remarks>
    /// Addresses are <c>http://HOST:PORT</c> or, with a certificate, <c>https://HOST:PORT</c>, where HOST is an IP address, <c>localhost</c>, or <c>*</c> for every
    /// interface; port 0 picks a free port. Without explicit gRPC addresses, gRPC listens on the first HTTP address's
    /// port + 1 (port 0 stays 0) with its scheme. A certificate with no <c>https://</c> address to use it is refused,
    /// as it would leave the server in plain HTTP while its operator believes it encrypted.
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
        if (!LoadCertificate(options).TryGetValue(out var certificate, out error))
            return error;
        var tls = http.Concat(grpc).Where(ServerEndpoints.IsTls).ToList();
        if (certificate is null && tls.Count > 0)
            return Error.InvalidInput($"'{tls[0]}' is an https:// address, which needs a certificate: give --tls-cert and --tls-key (PEM files).");
        if (certificate is not null && tls.Count == 0)
            return Error.InvalidInput("A TLS certificate is given, but no address is https://; list https:// addresses with --urls (and --grpc-urls).");
        var clash = http.Where(h => h.Port != 0).Select(h => h.Port).Intersect(grpc.Select(g => g.Port)).ToList();
        if (clash.Count > 0)
            return Error.InvalidInput($"HTTP and gRPC cannot share port {clash[0]}.");
        return new ServerEndpoints(http, grpc, certificate);
    }

    private static Result<X509Certificate2?> LoadCertificate(ServerOptions options)
    {
        if (!options.HasTls)
            return string.IsNullOrWhiteSpace(options.TlsKeyPath)
                ? Result<X509Certificate2?>.Success(null)
                : Error.InvalidInput("A TLS key is given without its certificate; give --tls-cert too.");
        if (string.IsNullOrWhiteSpace(options.TlsKeyPath))
            return Error.InvalidInput("A TLS certificate is given without its private key; give --tls-key too.");
        foreach (var path in (string[])[options.TlsCertificatePath!, options.TlsKeyPath])
        {
            if (!File.Exists(path))
                return Error.InvalidInput($"The TLS file '{path}' does not exist.");
        }
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(options.TlsCertificatePath!, options.TlsKeyPath);
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (CryptographicException e)
        {
            return Error.InvalidInput($"The TLS certificate '{options.TlsCertificatePath}' and key '{options.TlsKeyPath}' cannot be loaded as PEM: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            return Error.InvalidInput($"The TLS files cannot be read: {e.Message}");
        }
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
                || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/"
                || !(uri.IsLoopback || IPAddress.TryParse(uri.Host.Trim('[', ']'), out _)))
                return Error.InvalidInput($"'{part}' is not an {what} address to listen on; expected http://IP:PORT, http://localhost:PORT or http://*:PORT (https:// with a certificate).");
            parsed.Add(uri);
        }
        return parsed;
    }
}
