using Capstan.Registry.Service;
using Capstan.Runtime.MlNet;
using Capstan.Server.Rollouts;
using Capstan.Runtime.Onnx;
using Capstan.Runtime.Runtimes;
using Capstan.Serving.DataPlane;
using Capstan.Serving.Deployments;
using Capstan.Serving.Lifecycle;
using Capstan.Serving.Routing;
using Capstan.Serving.Telemetry;
using Capstan.Serving.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Capstan.Server.Hosting;

/// <summary>Registers the data plane: the runtimes, the reconciler that loads deployments, the rollout controller, and what the front ends call.</summary>
public static class ServingSetup
{
    /// <summary>Adds serving, with loaded artifacts copied under <paramref name="dataDirectory"/>/serving and the given memory budget.</summary>
    /// <remarks>Limits and runtime settings bind from the configuration sections named after their options classes, such as the environment variable <c>ServingLimits__MaxTensorElements</c>.</remarks>
    public static IServiceCollection AddCapstanServing(this IServiceCollection services, string dataDirectory, long memoryBudgetBytes)
    {
        services.AddOptions<ServingLimits>().BindConfiguration(ServingLimits.SectionName).Validate(limits =>
        {
            limits.Validate();
            return true;
        }).ValidateOnStart();
        services.AddOptions<ServingOptions>().BindConfiguration(ServingOptions.SectionName).Configure(o =>
        {
            o.WorkDirectory = Path.Combine(dataDirectory, "serving");
            o.MemoryBudgetBytes = memoryBudgetBytes;
        });
        services.AddOptions<OnnxRuntimeOptions>().BindConfiguration(OnnxRuntimeOptions.SectionName);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ServingLimits>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ServingOptions>>().Value);
        services.AddSingleton<IModelRuntime>(sp => new OnnxModelRuntime(sp.GetRequiredService<IOptions<OnnxRuntimeOptions>>().Value));
        services.AddSingleton<IModelRuntime, MlNetModelRuntime>();
        services.AddSingleton<ChangeSignal>();
        services.AddSingleton<DeploymentService>();
        services.AddSingleton<ServingTable>();
        services.AddSingleton<InputValidator>();
        services.AddSingleton<ServingMetrics>();
        services.AddSingleton(sp => new RoutingRandom(sp.GetRequiredService<ServingOptions>().RoutingSeed ?? Random.Shared.NextInt64()));
        services.AddSingleton(sp => new ShadowCopies(
            sp.GetRequiredService<InputValidator>(), sp.GetRequiredService<ServingOptions>().ShadowQueueSize,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ShadowCopies>>()));
        services.AddSingleton<IDataPlane, ServingDataPlane>();
        services.AddSingleton<ServingStatus>();
        services.AddSingleton(sp => new ArtifactCopies(sp.GetRequiredService<Capstan.Registry.Artifacts.IArtifactStore>(), sp.GetRequiredService<ServingOptions>().WorkDirectory));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ModelReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<ModelReconciler>());
        services.AddSingleton<RolloutService>();
        services.AddSingleton<IRolloutTraffic, ServedTraffic>();
        services.AddSingleton<RolloutController>();
        services.AddHostedService(sp => sp.GetRequiredService<RolloutController>());
        return services;
    }
}
