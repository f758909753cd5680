using System.Security.Cryptography.X509Certificates;

namespace Capstan.Server.Hosting;

/// <summary>Where the server listens: the HTTP addresses (REST, control plane, console) and the gRPC ones, with the certificate of the <c>https://</c> ones.</summary>
/// <param name="Http">The HTTP addresses: HTTP/1.1, and also HTTP/2 over TLS.</param>
/// <param name="Grpc">The HTTP/2-only addresses of the gRPC service.</param>
/// <param name="Certificate">The certificate the <c>https://</c> addresses present, or null when none is configured.</param>
public sealed record ServerEndpoints(IReadOnlyList<Uri> Http, IReadOnlyList<Uri> Grpc, X509Certificate2? Certificate = null)
{
    /// <summary>The addresses, HTTP and gRPC, that serve without TLS.</summary>
    public IEnumerable<Uri> Plaintext => Http.Concat(Grpc).Where(address => !ServerEndpoints.IsTls(address));

    /// <summary>Whether <paramref name="address"/> serves over TLS.</summary>
    public static bool IsTls(Uri address) => address.Scheme == Uri.UriSchemeHttps;
}
