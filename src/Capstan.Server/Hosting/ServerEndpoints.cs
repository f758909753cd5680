namespace Capstan.Server.Hosting;

/// <summary>Where the server listens: the HTTP addresses (REST, control plane, console) and the gRPC ones.</summary>
/// <param name="Http">The HTTP/1.1 addresses.</param>
/// <param name="Grpc">The HTTP/2-only addresses of the gRPC service.</param>
public sealed record ServerEndpoints(IReadOnlyList<Uri> Http, IReadOnlyList<Uri> Grpc);
