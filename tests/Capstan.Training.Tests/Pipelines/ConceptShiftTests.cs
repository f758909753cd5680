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
        var runner = Weather.Runner(directory.Path);
        string Source(string where) => Weather.SqliteSource(database, where);
        var early = Weather.Spec(Weather.Yaml(task, label, source: Source("date < '2014-01-01'"), gate: $"gate: {{metric: {metric}}}"));
        var recent = Weather.Spec(Weather.Yaml(task, label, source: Source("date >= '2014-01-01'"), gate: $"gate: {{metric: {metric}, min_absolute_change: 0.02}}"));

        var champion = Weather.Succeeded(await runner.RunAsync(early, null, directory.Combine("early"), null, TestContext.Current.CancellationToken));

        var run = Weather.Succeeded(await runner.RunAsync(recent, champion.MlNet.Path, directory.Combine("recent"), null, TestContext.Current.CancellationToken));

        Assert.NotNull(run.Champion);
        Assert.True(run.Best.Holdout[metric] > run.Champion[metric] + 0.02,
            $"recent {metric} {run.Best.Holdout[metric]:0.###} against early {run.Champion[metric]:0.###}");
        Assert.True(run.Gate.Passed, run.Gate.Reason);
        Assert.Contains("min_absolute_change", run.Gate.Reason);
        Assert.Equal(146, run.HoldoutRows);
    }

    [Fact]
    public async Task EarlyModel_FailsTheGateAgainstARecentChampion_OnDaysNeitherSaw_AndSaysWhy()
    {
        using var directory = new TempDirectory();
        var database = directory.Combine("weather.db");
        Weather.WriteSqlite(database);
        var runner = Weather.Runner(directory.Path);
        string Source(string where) => Weather.SqliteSource(database, where);
        var gate = "gate: {metric: macro_accuracy, min_absolute_change: 0.01}";
        var champion = Weather.Spec(Weather.Yaml(source: Source("date >= '2014-01-01' AND date < '2015-03-15'"), gate: gate));
        var recent = (await runner.RunAsync(champion, null, directory.Combine("recent"), null, TestContext.Current.CancellationToken)).Value;
        var early = Weather.Spec(Weather.Yaml(source: Source("date < '2014-01-01' OR date >= '2015-03-15'"), gate: gate,
            evaluation: "evaluation: {holdout: time, fraction: 0.2855}"));

        var run = (await runner.RunAsync(early, recent.MlNet.Path, directory.Combine("early"), null, TestContext.Current.CancellationToken)).Value;

        Assert.Equal((1023, 731, 292), (run.Rows, run.TrainRows, run.HoldoutRows));
        Assert.True(run.Champion!["macro_accuracy"] > run.Best.Holdout["macro_accuracy"]);
        Assert.False(run.Gate.Passed);
        Assert.Matches(@"^min_absolute_change: macro_accuracy [0-9.]+ against the champion's [0-9.]+: a change of -?[0-9.]+ falls short of the higher margin of 0.01 \(needs [0-9.]+\)\.$", run.Gate.Reason);
    }
}
