using Capstan.Monitoring.Drift;
using Capstan.Monitoring.Profiles;
using Capstan.Monitoring.Signals;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Capstan.Server.Drift;

/// <summary>Registers reference profiles and drift: the profiler, the evaluator, the scheduled monitor with its gauges, and the drift signals for alert rules.</summary>
public static class DriftSetup
{
    /// <summary>Adds profiles and drift, bound from the configuration sections <c>ProfileOptions</c> and <c>DriftOptions</c> and checked at start.</summary>
    public static IServiceCollection AddCapstanDrift(this IServiceCollection services)
    {
        services.AddOptions<ProfileOptions>().BindConfiguration(ProfileOptions.SectionName).Validate(options =>
        {
            options.Validate();
            return true;
        }).ValidateOnStart();
        services.AddOptions<DriftOptions>().BindConfiguration(DriftOptions.SectionName).Validate(options =>
        {
            options.Validate();
            return true;
        }).ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ProfileOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<DriftOptions>>().Value);
        services.AddSingleton<ReferencePredictions>();
        services.AddSingleton<ReferenceProfiler>();
        services.AddSingleton<DriftEvaluator>();
        services.AddSingleton<DriftMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<DriftMonitor>());
        services.AddSingleton<DriftSignals>();
        services.AddSingleton<ISignalSource>(sp => sp.GetRequiredService<DriftSignals>());
        return services;
    }
}
