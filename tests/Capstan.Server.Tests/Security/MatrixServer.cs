using Capstan.Core.Security;
using Capstan.Registry.Stores;
using Capstan.Server.Security;
using Capstan.Server.Tests.Support;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;
using Microsoft.Extensions.DependencyInjection;

namespace Capstan.Server.Tests.Security;

/// <summary>One server for the authorization matrix, with model <c>bc</c> pushed and deployed and a key for every identity.</summary>
public sealed class MatrixServer : IAsyncLifetime
{
    /// <summary>The model the requests name.</summary>
    public const string Model = "bc";

    /// <summary>The model the narrowed identity is granted instead.</summary>
    public const string OtherModel = "other";

    /// <summary>The running server.</summary>
    public RunningServer Server { get; private set; } = null!;

    /// <summary>Every identity of the matrix.</summary>
    public IReadOnlyList<Caller> Callers { get; private set; } = [];

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        Server = await RunningServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["RateLimitOptions:ControlPlanePermitsPerSecond"] = "100000",
            ["RateLimitOptions:ControlPlaneBurst"] = "100000",
        });
        await Server.Http.PushAsync(Model, TestModels.BreastCancerOnnx);
        await Server.Http.PushAsync(OtherModel, TestModels.BreastCancerOnnx);
        await Server.Http.DeployAsync($"{Model}:1");
        var keys = Server.Services.GetRequiredService<IKeyStore>();
        var now = DateTimeOffset.UtcNow;
        var revoked = await TestKeys.CreateAsync(Server, "revoked", Role.Admin);
        Assert.True((await keys.RevokeKeyAsync(ApiKeys.IdOf(revoked)!, Actor.System, CancellationToken.None)).IsSuccess);
        Callers =
        [
            new Caller("anonymous", null, null, null),
            new Caller("expired", await TestKeys.CreateAsync(Server, "expired", Role.Admin, expiresAt: now.AddHours(-1)), null, null),
            new Caller("revoked", revoked, null, null),
            new Caller("viewer", await TestKeys.CreateAsync(Server, "viewer", Role.Viewer), Role.Viewer, null),
            new Caller("predictor", await TestKeys.CreateAsync(Server, "predictor", Role.Predictor), Role.Predictor, null),
            new Caller("deployer", await TestKeys.CreateAsync(Server, "deployer", Role.Deployer), Role.Deployer, null),
            new Caller("admin", Server.AdminKey, Role.Admin, null),
            new Caller("granted-other", await TestKeys.CreateAsync(Server, "granted-other", Role.Admin, [OtherModel], now.AddHours(1)), Role.Admin, OtherModel),
        ];
    }

    /// <summary>The identity named <paramref name="name"/>.</summary>
    public Caller Caller(string name) => Callers.Single(c => c.Name == name);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
