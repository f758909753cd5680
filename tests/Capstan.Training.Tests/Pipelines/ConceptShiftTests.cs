using Capstan.Testing.Files;
using Capstan.Training.Data;
using Capstan.Training.Pipelines;
using Capstan.Training.Tests.Support;

namespace Capstan.Training.Tests.Pipelines;

/// <summary>The shipped Seattle weather data shifts over time; a model of the recent years beats one of the early years on recent held-out days.</summary>
public sealed class ConceptShiftTests
{
    [Theory]
    [InlineData("multiclass", "weather", "macro_accuracy")]
    [InlineData("binary", "{name: weather, positive: rain}", "accuracy")]
    [InlineData("binary", "{name: weather, positive: fog}", "auc")]
    public async Task RecentModel_BeatsTheEarlyModel_OnRecentHeldOutDays(string task, string label, string metric)
    {
        using var directory = new TempDirectory();
        var database = directory.Combine("weather.db");
        Weather.WriteSqlite(database);
        var runner = new PipelineRunner(new FileAndSqlDataSource(directory.Path, new TrainingOptions()), new TrainingOptions());
        string Source(string where) => $"source: {{sql: {{provider: sqlite, connection: 'Data Source={database}', query: \"SELECT * FROM weather WHERE {where}\"}}}}";
        var early = Weather.Spec(Weather.Yaml(task, label, source: Source("date < '2014-01-01'"), gate: $"gate: {{metric: {metric}}}"));
        var recent = Weather.Spec(Weather.Yaml(task, label, source: Source("date >= '2014-01-01'"), gate: $"gate: {{metric: {metric}, min_absolute_change: 0.02}}"));

        var champion = await runner.RunAsync(early, null, directory.Combine("early"), null, TestContext.Current.CancellationToken);
        Assert.True(champion.IsSuccess, champion.IsSuccess ? "" : champion.Error.Message);
        var challenger = await runner.RunAsync(recent, champion.Value.MlNet.Path, directory.Combine("recent"), null, TestContext.Current.CancellationToken);

        Assert.True(challenger.IsSuccess, challenger.IsSuccess ? "" : challenger.Error.Message);
        var run = challenger.Value;
        Assert.NotNull(run.Champion);
        Assert.True(run.Best.Holdout[metric] > run.Champion[metric] + 0.02,
            $"recent {metric} {run.Best.Holdout[metric]:0.###} against early {run.Champion[metric]:0.###}");
        Assert.True(run.Gate.Passed, run.Gate.Reason);
        Assert.Contains("min_absolute_change", run.Gate.Reason);
        Assert.Equal(146, run.HoldoutRows);
    }
}
