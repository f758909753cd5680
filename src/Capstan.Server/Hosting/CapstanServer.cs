using Capstan.Core.Errors;
using Capstan.Core.Serialization;
using Capstan.Core.Signatures;
using Capstan.Registry.Artifacts;
using Capstan.Registry.Service;
using Capstan.Registry.Stores;
using Capstan.Runtime.Inspection;
using Capstan.Server.Alerts;
using Capstan.Server.Audit;
using Capstan.Server.Deployments;
using Capstan.Server.Feedback;
using Capstan.Server.Drift;
using Capstan.Server.Hardening;
using Capstan.Server.Health;
using Capstan.Server.Inference;
using Capstan.Server.Inference.Grpc;
using Capstan.Server.InferenceLog;
using Capstan.Server.Pipelines;
using Capstan.Server.Keys;
using Capstan.Server.Performance;
using Capstan.Server.Problems;
using Capstan.Server.Registry;
using Capstan.Server.Rollouts;
using Capstan.Server.Security;
using Capstan.Server.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Capstan.Server.Hosting;

/// <summary>Builds the Capstan server: the control plane and the data plane in one ASP.NET Core application.</summary>
public static class CapstanServer
{
    /// <summary>Checks <paramref name="options"/>, claims the data directory, opens the stores and builds the server; run it with <c>RunAsync</c>.</summary>
    /// <remarks>
    /// Start-up also removes what a crashed process left behind: staged uploads and artifacts no version uses.
    /// Disposing the application releases the data directory, the stores and their connections.
    /// </remarks>
    public static Task<Result<WebApplication>> BuildAsync(ServerOptions options, CancellationToken cancellationToken = default) =>
        BuildAsync(options, [], cancellationToken);

    /// <summary>Builds the server as <see cref="BuildAsync(ServerOptions, CancellationToken)"/> does, with <paramref name="settings"/> over the configuration read from the environment.</summary>
    /// <remarks>A setting is a configuration key and value, such as <c>RateLimitOptions:ControlPlanePermitsPerSecond</c> and <c>5</c>.</remarks>
    public static async Task<Result<WebApplication>> BuildAsync(
        ServerOptions options, IEnumerable<KeyValuePair<string, string?>> settings, CancellationToken cancellationToken = default)
    {
        if (!ServerOptionsRules.Check(options).TryGetValue(out var endpoints, out var error))
            return error;
        if (AuthRules.Check(options.Auth, endpoints) is { } authError)
            return authError;
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        if (!DataDirectoryLock.Acquire(dataDirectory).TryGetValue(out var dataLock, out error))
            return error;
        IRegistryStore store;
        try
        {
            store = await RegistryStores.OpenAsync(options.Store, dataDirectory, TimeProvider.System, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            dataLock.Dispose();
            return Error.NotReady($"The metadata store cannot be opened: {e.Message}");
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.ConfigureKestrel(kestrel => KestrelEndpoints.Listen(kestrel, endpoints));
        builder.Services.AddSingleton(endpoints);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // With this category on at any level, hosting starts an Activity and a logging scope for every request
        // (about 870 bytes); it only logs request starts and ends (Information), and tracing, when on, still gets its Activity.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Services.AddSingleton(_ => dataLock);
        builder.Services.AddSingleton(_ => store);
        builder.Services.AddSingleton<IKeyStore>(_ => store);
        builder.Services.AddSingleton<IAuditStore>(_ => store);
        builder.Services.AddCapstanSecurity(options.Auth);
        builder.Services.AddSingleton<IArtifactStore>(_ => new FileArtifactStore(Path.Combine(dataDirectory, "artifacts")));
        builder.Services.AddSingleton<IModelInspector>(_ => new ModelInspector(new InspectionOptions()));
        builder.Services.AddSingleton<RegistryService>();
        builder.Services.AddOptions<RegistryOptions>().Configure(o => o.MaxArtifactBytes = options.MaxArtifactBytes);
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<RegistryOptions>>().Value);
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.DefaultIgnoreCondition = CapstanJson.Options.DefaultIgnoreCondition;
            json.SerializerOptions.MaxDepth = CapstanJson.Options.MaxDepth;
        });
        builder.Services.AddCapstanServing(dataDirectory, options.MemoryBudgetBytes);
        builder.Services.AddCapstanInferenceLog(dataDirectory);
        builder.Services.AddCapstanAlerts();
        builder.Services.AddCapstanPipelines(dataDirectory);
        builder.Services.AddCapstanPerformance();
        builder.Services.AddCapstanDrift();
        builder.Services.AddCapstanProblemDetails();
        builder.Services.AddCapstanHardening();
        builder.Services.AddOpenApi();
        builder.Services.AddCapstanGrpc();
        builder.Services.AddCapstanInferenceCompression();
        builder.Services.AddCapstanTelemetry(builder.Configuration);

        var app = builder.Build();
        app.UseRouting();
        app.UseCapstanHardening();
        app.UseCapstanProblemDetails();
        app.UseCapstanSecurity();
        app.UseCapstanInferenceCompression();
        app.MapOpenApi().RequireAuthorization(CapstanPolicies.Read);
        app.MapHealthApi();
        app.MapModelsApi();
        app.MapVersionsApi();
        app.MapDeploymentsApi();
        app.MapRolloutsApi();
        app.MapAuditApi();
        app.MapKeysApi();
        app.MapInferenceApi();
        app.MapInferenceLogApi();
        app.MapAlertsApi();
        app.MapPipelinesApi();
        app.MapFeedbackApi();
        app.MapPerformanceApi();
        app.MapProfilesApi();
        app.MapDriftApi();
        app.MapCapstanGrpc(endpoints);
        app.MapCapstanMetrics();

        app.Services.GetRequiredService<DataDirectoryLock>();
        var artifacts = app.Services.GetRequiredService<IArtifactStore>();
        var staged = artifacts.RemoveAbandonedStaging();
        var orphans = await app.Services.GetRequiredService<RegistryService>().RemoveOrphanedArtifactsAsync(cancellationToken);
        if (staged + orphans > 0)
            app.Logger.LogInformation("Removed {Staged} abandoned uploads and {Orphans} unreferenced artifacts left by an earlier process", staged, orphans);
        foreach (var warning in AuthRules.Warnings(options.Auth, endpoints))
            app.Logger.LogWarning("{Warning}", warning);
        await FirstAdminKey.EnsureAsync(store, options.Auth, endpoints, TimeProvider.System, app.Logger, cancellationToken);
        return app;
    }
}
