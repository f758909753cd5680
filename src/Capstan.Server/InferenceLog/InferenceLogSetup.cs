using Capstan.Core.Serving;
using Capstan.Monitoring.InferenceLog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Capstan.Server.InferenceLog;

/// <summary>Registers the inference log: its options, the Parquet sink under <c>DATA/inference-log</c>, the background writer the data plane records into, and the reader.</summary>
public static class InferenceLogSetup
{
    /// <summary>Adds the inference log, bound from the configuration section <c>InferenceLogOptions</c> and validated at start.</summary>
    public static IServiceCollection AddCapstanInferenceLog(this IServiceCollection services, string dataDirectory)
    {
        services.AddOptions<InferenceLogOptions>().BindConfiguration(InferenceLogOptions.SectionName)
            .Configure(o => o.Directory = Path.Combine(dataDirectory, "inference-log"))
            .Validate(options =>
            {
                options.Validate();
                return true;
            }).ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<InferenceLogOptions>>().Value);
        services.AddSingleton<IInferenceLogSink>(sp => new ParquetLogSink(sp.GetRequiredService<InferenceLogOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<InferenceLogWriter>();
        services.AddSingleton<IInferenceRecorder>(sp => sp.GetRequiredService<InferenceLogWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<InferenceLogWriter>());
        services.AddSingleton<InferenceLogReader>();
        return services;
    }
}
