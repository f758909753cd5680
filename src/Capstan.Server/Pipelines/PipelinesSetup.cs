using Capstan.Monitoring.Alerts;
using Capstan.Monitoring.InferenceLog;
using Capstan.Registry.Stores;
using Capstan.Training;
using Capstan.Training.Data;
using Capstan.Training.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Capstan.Server.Pipelines;

/// <summary>Registers continuous training: its options, the pipeline service, the run queue, the data source, and the schedule, labels and alert triggers.</summary>
public static class PipelinesSetup
{
    /// <summary>Adds continuous training, bound from the configuration section <c>TrainingOptions</c> and validated at start; files are read from <c>DATA/training</c> unless <see cref="TrainingOptions.DataDirectory"/> says otherwise, and runs write under <c>DATA/training-runs</c>.</summary>
    public static IServiceCollection AddCapstanPipelines(this IServiceCollection services, string dataDirectory)
    {
        services.AddOptions<TrainingOptions>().BindConfiguration(TrainingOptions.SectionName)
            .PostConfigure(o =>
            {
                o.DataDirectory ??= Path.Combine(dataDirectory, "training");
                o.ScratchDirectory ??= Path.Combine(dataDirectory, "training-runs");
            })
            .Validate(options =>
            {
                options.Validate();
                return true;
            }).ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<TrainingOptions>>().Value);
        services.AddSingleton<IPipelineStore>(sp => sp.GetRequiredService<IRegistryStore>());
        services.TryAddSingleton<IFeedbackStore>(sp => sp.GetRequiredService<IRegistryStore>());
        services.AddSingleton<ITrainingDataSource>(sp =>
        {
            var options = sp.GetRequiredService<TrainingOptions>();
            var inferenceLog = new InferenceLogDataSource(
                sp.GetRequiredService<InferenceLogReader>(), sp.GetRequiredService<IFeedbackStore>(), options, sp.GetRequiredService<TimeProvider>());
            return new ServerDataSource(options.DataDirectory!, options, inferenceLog);
        });
        services.AddSingleton<RunExecutor>();
        services.AddSingleton<PipelineRunQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<PipelineRunQueue>());
        services.AddSingleton<PipelineService>();
        services.AddSingleton<IAlertListener, AlertTrigger>();
        services.AddSingleton<PipelineTriggers>();
        services.AddHostedService(sp => sp.GetRequiredService<PipelineTriggers>());
        return services;
    }
}
