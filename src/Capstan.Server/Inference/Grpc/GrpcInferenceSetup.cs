using Capstan.Server.Hardening;
using Capstan.Server.Hosting;
using Capstan.Serving.Validation;
using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Capstan.Server.Inference.Grpc;

/// <summary>Registers and maps the Open Inference Protocol's gRPC service.</summary>
public static class GrpcInferenceSetup
{
    /// <summary>Adds gRPC and the inference service, which refuses a request message over <see cref="ServingLimits.MaxRequestBytes"/> and sends none over <see cref="HttpLimitsOptions.MaxGrpcSendMessageBytes"/>; the data plane and its limits are registered by <see cref="ServingSetup.AddCapstanServing"/>.</summary>
    /// <remarks>
    /// A message over the limit ends the call with ResourceExhausted before it is read, the status of TooLarge; an
    /// unexpected exception ends it with Internal (<see cref="UnexpectedErrors"/>). The service is a singleton, so no call
    /// pays for building one.
    /// </remarks>
    public static IServiceCollection AddCapstanGrpc(this IServiceCollection services)
    {
        services.AddGrpc();
        services.AddSingleton<GrpcInferenceService>();
        services.AddSingleton<UnexpectedErrors>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IServiceMethodProvider<GrpcInferenceService>, GrpcInferenceMethods>());
        services.AddOptions<GrpcServiceOptions<GrpcInferenceService>>()
            .Configure<ServingLimits, IOptions<HttpLimitsOptions>>((grpc, limits, http) =>
            {
                grpc.MaxReceiveMessageSize = (int)Math.Min(limits.MaxRequestBytes, int.MaxValue);
                grpc.MaxSendMessageSize = http.Value.MaxGrpcSendMessageBytes;
            });
        return services;
    }

    /// <summary>Maps the inference service on the gRPC addresses of <paramref name="endpoints"/> only.</summary>
    /// <remarks>
    /// The service answers requests whose host (the HTTP/2 <c>:authority</c>) names a gRPC port, which every client that
    /// dials that port sends; a proxy in front must keep the port. A gRPC address with port 0 is only known once the server
    /// listens, so with one the service is mapped on every host; the HTTP ports speak HTTP/1.1 alone, which gRPC cannot use.
    /// Like the REST inference routes, its calls are measured by the serving instruments, not <c>http.server.request.duration</c>.
    /// </remarks>
    public static IEndpointRouteBuilder MapCapstanGrpc(this IEndpointRouteBuilder app, ServerEndpoints endpoints)
    {
        var service = app.MapGrpcService<GrpcInferenceService>().DisableHttpMetrics();
        var hosts = new List<string>(endpoints.Grpc.Count);
        foreach (var address in endpoints.Grpc)
        {
            if (address.Port == 0)
                return app;
            hosts.Add($"*:{address.Port}");
        }
        service.RequireHost([.. hosts]);
        return app;
    }
}
