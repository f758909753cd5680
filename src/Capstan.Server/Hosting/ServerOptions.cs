using Capstan.Server.Security;

namespace Capstan.Server.Hosting;

/// <summary>How a Capstan server process runs: where it listens, where it keeps its data, and its limits.</summary>
/// <remarks>Bound from the configuration section <c>ServerOptions</c>; the CLI fills it from <c>capstan serve</c>'s flags.</remarks>
public sealed class ServerOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = nameof(ServerOptions);

    /// <summary>The HTTP addresses to listen on, separated by ';'; an <c>https://</c> address needs <see cref="TlsCertificatePath"/>.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:8080";

    /// <summary>The addresses the Open Inference Protocol's gRPC service listens on (HTTP/2, over TLS for an <c>https://</c> address), separated by ';'; null for the first HTTP address's scheme and port + 1.</summary>
    public string? GrpcUrls { get; set; }

    /// <summary>The directory that holds everything: the SQLite database, the artifacts and temporary uploads.</summary>
    public string DataDirectory { get; set; } = ".capstan";

    /// <summary>The metadata store: null for SQLite in the data directory, or a PostgreSQL connection string (<c>Host=...;Database=...</c>).</summary>
    public string? Store { get; set; }

    /// <summary>The largest artifact accepted, in bytes (default 2 GiB).</summary>
    public long MaxArtifactBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>The PEM file of the certificate (and any intermediates) the <c>https://</c> addresses present, or null for no TLS.</summary>
    public string? TlsCertificatePath { get; set; }

    /// <summary>The PEM file of the certificate's private key, required with <see cref="TlsCertificatePath"/>.</summary>
    public string? TlsKeyPath { get; set; }

    /// <summary>Whether a TLS certificate is configured.</summary>
    public bool HasTls => !string.IsNullOrWhiteSpace(TlsCertificatePath);

    /// <summary>The memory the loaded models may hold together, in bytes; 0 for half of the memory available to the process.</summary>
    public long MemoryBudgetBytes { get; set; }

    /// <summary>How callers authenticate, and the explicit opt-outs of authentication and of TLS off loopback.</summary>
    public AuthOptions Auth { get; set; } = new();
}
