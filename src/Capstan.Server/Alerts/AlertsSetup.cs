using Capstan.Monitoring.Alerts;
using Capstan.Monitoring.Signals;
using Capstan.Registry.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Capstan.Server.Alerts;

/// <summary>Registers alerting: its options, the rule service, the evaluator, the webhook notifier, the <c>capstan.alert</c> gauge and the serving signal source.</summary>
public static class AlertsSetup
{
    /// <summary>Adds alerting, bound from the configuration section <c>AlertOptions</c> and validated at start.</summary>
    /// <remarks>The webhook notifier is registered as an <see cref="IAlertListener"/>; other parts add their own listeners and signal sources the same way.</remarks>
    public static IServiceCollection AddCapstanAlerts(this IServiceCollection services)
    {
        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.SectionName).Validate(options =>
        {
            options.Validate();
            return true;
        }).ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AlertOptions>>().Value);
        services.AddSingleton<IAlertStore>(sp => sp.GetRequiredService<IRegistryStore>());
        services.AddSingleton<ISignalSource, ServingSignalSource>();
        services.AddSingleton<AlertService>();
        services.AddSingleton<AlertMetrics>();
        services.AddSingleton<WebhookNotifier>();
        services.AddSingleton<IAlertListener>(sp => sp.GetRequiredService<WebhookNotifier>());
        services.AddHostedService(sp => sp.GetRequiredService<WebhookNotifier>());
        services.AddSingleton<AlertEvaluator>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertEvaluator>());
        return services;
    }
}
