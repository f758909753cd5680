using System.Net;
using System.Text;
using Capstan.Server.Inference.Grpc.Protocol;
using Capstan.Server.Security;
using Capstan.Server.Tests.Support;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Capstan.Server.Tests.Security;

/// <summary>Every endpoint, REST and gRPC, called by every kind of caller: anonymous, expired, revoked, each role, and a key granted another model.</summary>
public sealed class AuthorizationMatrixTests(MatrixServer matrix) : IClassFixture<MatrixServer>, IDisposable
{
    private readonly HttpClient _http = new();

    [Fact]
    public void Matrix_CoversEveryMappedEndpoint()
    {
        var covered = MatrixRoutes.All.Select(r => $"{r.Method} {r.Pattern}").ToHashSet();
        var mapped = MappedEndpoints()
            .Where(e => !e.RoutePattern.RawText!.StartsWith("/inference.", StringComparison.Ordinal) && !e.RoutePattern.RawText.Contains("{unimplemented", StringComparison.Ordinal))
            .SelectMany(e => Methods(e).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet();

        Assert.Empty(mapped.Except(covered));
        Assert.Empty(covered.Except(mapped));
    }

    [Fact]
    public void EveryEndpoint_StatesItsRequirement()
    {
        var silent = MappedEndpoints()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null && e.Metadata.GetOrderedMetadata<IAuthorizeData>().Count == 0)
            .Select(e => e.RoutePattern.RawText)
            .ToList();

        Assert.All(silent, pattern => Assert.Contains("unimplemented", pattern, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task RestMatrix_AllowsExactlyWhatEachCallerMayDo()
    {
        var unexpected = new List<string>();
        foreach (var route in MatrixRoutes.All)
            foreach (var caller in matrix.Callers)
            {
                using var response = await SendAsync(route, caller);
                var status = (int)response.StatusCode;
                var allowed = Allowed(caller, route);
                if (allowed && status is 401 or 403)
                    unexpected.Add($"{caller} was refused {route}: {status} {await response.Content.ReadAsStringAsync()}");
                if (!allowed && status != DeniedStatus(caller))
                    unexpected.Add($"{caller} got {status} from {route}, expected {DeniedStatus(caller)}");
            }

        Assert.Empty(unexpected);
    }

    [Fact]
    public async Task GrpcMatrix_AllowsExactlyWhatEachCallerMayDo()
    {
        var calls = new (string Name, Permission Needs, Func<GRPCInferenceService.GRPCInferenceServiceClient, Task> Call)[]
        {
            ("ServerLive", Permission.None, async c => await c.ServerLiveAsync(new ServerLiveRequest())),
            ("ServerReady", Permission.None, async c => await c.ServerReadyAsync(new ServerReadyRequest())),
            ("ServerMetadata", Permission.Read | Permission.Infer, async c => await c.ServerMetadataAsync(new ServerMetadataRequest())),
            ("ModelMetadata", Permission.Read | Permission.Infer, async c => await c.ModelMetadataAsync(new ModelMetadataRequest { Name = MatrixServer.Model })),
            ("ModelReady", Permission.Read | Permission.Infer, async c => await c.ModelReadyAsync(new ModelReadyRequest { Name = MatrixServer.Model })),
            ("ModelInfer", Permission.Infer, async c => await c.ModelInferAsync(new ModelInferRequest { ModelName = MatrixServer.Model })),
        };
        var unexpected = new List<string>();
        foreach (var caller in matrix.Callers)
        {
            using var channel = GrpcChannels.WithKey(matrix.Server.GrpcAddress, caller.Key);
            var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
            foreach (var (name, needs, call) in calls)
            {
                var route = new Route("POST", name, name, needs, name.StartsWith("Model", StringComparison.Ordinal) ? MatrixServer.Model : null);
                var status = await StatusOfAsync(() => call(client));
                var allowed = Allowed(caller, route);
                var expectedDenial = DeniedStatus(caller) == 401 ? StatusCode.Unauthenticated : StatusCode.PermissionDenied;
                if (allowed && status is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
                    unexpected.Add($"{caller} was refused {name}: {status}");
                if (!allowed && status != expectedDenial)
                    unexpected.Add($"{caller} got {status} from {name}, expected {expectedDenial}");
            }
        }

        Assert.Empty(unexpected);
    }

    [Fact]
    public async Task DeniedRequests_AnswerInTheirFrontEndsErrorShapeAndSayWhy()
    {
        using var anonymous = await SendAsync(Find("GET", $"/api/v1/models/{MatrixServer.Model}"), matrix.Caller("anonymous"));
        using var revoked = await SendAsync(Find("POST", $"/v2/models/{MatrixServer.Model}/infer"), matrix.Caller("revoked"));
        using var forbidden = await SendAsync(Find("POST", $"/v2/models/{MatrixServer.Model}/infer"), matrix.Caller("viewer"));

        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType!.MediaType);
        Assert.Contains("API key", await anonymous.Content.ReadAsStringAsync());
        Assert.Contains("was revoked", await revoked.Content.ReadAsStringAsync());
        Assert.StartsWith("{\"error\":", await forbidden.Content.ReadAsStringAsync());
        Assert.Contains("role does not allow", await forbidden.Content.ReadAsStringAsync());
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static bool Allowed(Caller caller, Route route)
    {
        if (route.Needs == Permission.None)
            return true;
        if (caller.Role is not { } role || (RolePermissions.Of(role) & route.Needs) == Permission.None)
            return false;
        if (caller.GrantedModel is { } granted)
            return !route.AdminUnnarrowed && (route.Model is null || route.Model == granted);
        return true;
    }

    private static Route Find(string method, string path) => MatrixRoutes.All.Single(r => r.Method == method && r.Path == path);

    private static int DeniedStatus(Caller caller) => caller.Role is null ? 401 : 403;

    private async Task<HttpResponseMessage> SendAsync(Route route, Caller caller)
    {
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), new Uri(matrix.Server.BaseAddress, route.Path));
        if (caller.Key is not null)
            request.Headers.Add("x-api-key", caller.Key);
        if (route.Body is not null)
            request.Content = new StringContent(route.Body, Encoding.UTF8, "application/json");
        return await _http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<StatusCode> StatusOfAsync(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    private IEnumerable<RouteEndpoint> MappedEndpoints() =>
        matrix.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

    private static IEnumerable<string> Methods(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"];
}
