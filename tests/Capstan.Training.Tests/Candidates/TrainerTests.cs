using Capstan.Testing.Files;
using Capstan.Training.Data;
using Capstan.Training.Pipelines;
using Capstan.Training.Tests.Support;

namespace Capstan.Training.Tests.Candidates;

/// <summary>Every trainer on every task it trains: it learns something, and the same data, spec and seed give byte-identical files.</summary>
public sealed class TrainerTests
{
    private static readonly PipelineRunner Runner = Weather.Runner();

    public static TheoryData<string, string, string, double> Trainers() => new()
    {
        { "binary", "fasttree", "auc", 0.8 },
        { "binary", "lightgbm", "auc", 0.8 },
        { "binary", "sdca", "auc", 0.8 },
        { "binary", "lbfgs_logistic", "auc", 0.8 },
        { "multiclass", "lightgbm", "micro_accuracy", 0.6 },
        { "multiclass", "sdca", "micro_accuracy", 0.6 },
        { "multiclass", "lbfgs_maxent", "micro_accuracy", 0.6 },
        { "regression", "fasttree", "r2", 0.6 },
        { "regression", "lightgbm", "r2", 0.6 },
        { "regression", "sdca", "r2", 0.6 },
    };

    [Theory]
    [MemberData(nameof(Trainers))]
    public async Task Train_LearnsAndIsReproducibleToTheByte(string task, string trainer, string metric, double floor)
    {
        using var output = new TempDirectory();
        var spec = Weather.Spec(Yaml(task, trainer));

        var first = Weather.Succeeded(await Runner.RunAsync(spec, null, output.Combine("first"), null, TestContext.Current.CancellationToken));
        var second = Weather.Succeeded(await Runner.RunAsync(spec, null, output.Combine("second"), null, TestContext.Current.CancellationToken));

        Assert.True(first.Best.Holdout[metric] > floor, $"{trainer} {task}: {metric} {first.Best.Holdout[metric]:0.###}");
        Assert.Equal(first.MlNet.Sha256, second.MlNet.Sha256);
        Assert.NotNull(first.Onnx);
        Assert.Equal(first.Onnx.Sha256, second.Onnx!.Sha256);
        Assert.Equal(first.Trials, second.Trials, (a, b) => a.Holdout.SequenceEqual(b.Holdout) && a.Parameters.SequenceEqual(b.Parameters));
    }

    /// <summary>A spec for <paramref name="task"/>: binary predicts rain, multiclass the weather, regression the day's highest temperature.</summary>
    internal static string Yaml(string task, string trainer, string parameters = "") => $$"""
        name: weather-{{trainer}}
        model: weather
        source: {csv: '{{Weather.CsvPath}}'}
        columns:
          features:
            precipitation: numeric
            temp_min: numeric
            wind: numeric
            {{(task == "regression" ? "" : "temp_max: numeric")}}
          label: {{task switch { "binary" => "{name: weather, positive: rain}", "multiclass" => "weather", _ => "temp_max" }}}
          time: date
        task: {{task}}
        candidates:
          - trainer: {{trainer}}
            {{(parameters.Length > 0 ? $"parameters: {parameters}" : "")}}
        search: {trials: 2, seed: 3}
        evaluation: {holdout: random, fraction: 0.25}
        export: {onnx: true}
        """;
}
