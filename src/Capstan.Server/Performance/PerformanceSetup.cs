using Capstan.Monitoring.Performance;
using Capstan.Monitoring.Signals;
using Capstan.Registry.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Capstan.Server.Performance;

/// <summary>Registers realized performance: its options, the calculator the API uses, the schedule that publishes its gauges, and its signals for alert rules.</summary>
public static class PerformanceSetup
{
    /// <summary>Adds realized performance, bound from the configuration section <c>PerformanceOptions</c> and validated at start; needs the store and the inference log reader.</summary>
    public static IServiceCollection AddCapstanPerformance(this IServiceCollection services)
    {
        services.AddOptions<PerformanceOptions>().BindConfiguration(PerformanceOptions.SectionName).Validate(options =>
        {
            options.Validate();
            return true;
        }).ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<PerformanceOptions>>().Value);
        services.AddSingleton<PerformanceCalculator>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<PerformanceMonitor>(sp, (IDeploymentStore)sp.GetRequiredService<IRegistryStore>()));
        services.AddHostedService(sp => sp.GetRequiredService<PerformanceMonitor>());
        services.AddSingleton<PerformanceSignals>();
        services.AddSingleton<ISignalSource>(sp => sp.GetRequiredService<PerformanceSignals>());
        return services;
    }
}
