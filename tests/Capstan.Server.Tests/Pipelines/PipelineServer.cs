using System.Net;
using System.Text;
using Capstan.Core.Pipelines;
using Capstan.Server.Tests.Support;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.Pipelines;

/// <summary>A real server on loopback whose training folder holds the shipped Seattle weather data split in time, with helpers to apply specs and follow runs.</summary>
public static class PipelineServer
{
    /// <summary>The shipped CSV: date, precipitation, temp_max, temp_min, wind, weather (2012 to 2015).</summary>
    public static string WeatherCsv { get; } = Path.Combine(RepositoryRoot(), "data", "seattle-weather.csv");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Starts a server with fast run polling and the weather split into <c>early.csv</c> (before 2014) and <c>recent.csv</c> (2014 on) in its training folder.</summary>
    public static async Task<RunningServer> StartAsync(IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["TrainingOptions:PollInterval"] = "00:00:00.100",
            ["TrainingOptions:RunLease"] = "00:01:00",
            ["TrainingOptions:TriggerInterval"] = "00:00:00.200",
            ["TrainingOptions:LatencyRows"] = "200",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
            settings[key] = value;
        var server = await RunningServer.StartAsync(settings: settings);
        var training = Path.Combine(server.DataDirectory, "training");
        Directory.CreateDirectory(training);
        var lines = File.ReadAllLines(WeatherCsv);
        File.WriteAllLines(Path.Combine(training, "early.csv"), [lines[0], .. lines.Skip(1).Where(l => string.CompareOrdinal(l, "2014-01-01") < 0)]);
        File.WriteAllLines(Path.Combine(training, "recent.csv"), [lines[0], .. lines.Skip(1).Where(l => string.CompareOrdinal(l, "2014-01-01") >= 0)]);
        return server;
    }

    /// <summary>A spec for the model <c>seattle-weather</c> reading <paramref name="csv"/> in the training folder; <paramref name="extra"/> is appended as top-level YAML.</summary>
    public static string Spec(string name, string csv, string gate = "gate: {metric: macro_accuracy}", string extra = "") => $$"""
        name: {{name}}
        model: seattle-weather
        source: {csv: {{csv}}}
        columns:
          features:
            precipitation: numeric
            temp_max: numeric
            temp_min: numeric
            wind: numeric
          label: weather
          time: date
        task: multiclass
        candidates:
          - trainer: lightgbm
            parameters:
              number_of_iterations: {min: 20, max: 60}
              learning_rate: {min: 0.05, max: 0.3, scale: log}
        search: {trials: 2, seed: 7}
        evaluation: {holdout: time, fraction: 0.2}
        {{gate}}
        {{extra}}
        """;

    /// <summary>Applies <paramref name="spec"/> as pipeline <paramref name="name"/>, from git commit <paramref name="commit"/> when given, failing the test unless the server accepts it.</summary>
    public static async Task<PipelineApplied> ApplyAsync(this RunningServer server, string name, string spec, string? commit = null)
    {
        var query = commit is null ? "" : $"?commit={commit}";
        using var response = await server.Http.PutAsync($"/api/v1/pipelines/{name}{query}", new StringContent(spec, Encoding.UTF8, "application/yaml"), Ct);
        return await response.ReadOkAsync<PipelineApplied>();
    }

    /// <summary>Starts a run by hand and returns it as the 202 answer gives it.</summary>
    public static async Task<PipelineRun> StartRunAsync(this RunningServer server, string name)
    {
        using var response = await server.Http.PostAsync($"/api/v1/pipelines/{name}/runs", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadAsAsync<PipelineRun>())!;
    }

    /// <summary>Polls the run until it ends and returns it.</summary>
    public static async Task<PipelineRun> WaitForRunAsync(this RunningServer server, string id, Func<PipelineRun, bool>? until = null)
    {
        until ??= run => run.Ended;
        while (true)
        {
            var run = await server.Http.GetOkAsync<PipelineRun>($"/api/v1/runs/{id}");
            if (until(run))
                return run;
            await Task.Delay(100, Ct);
        }
    }

    /// <summary>Polls until some run of <paramref name="pipeline"/> exists and ends, and returns it.</summary>
    public static async Task<PipelineRun> WaitForAnyRunAsync(this RunningServer server, string pipeline)
    {
        while (true)
        {
            var runs = await server.Http.GetOkAsync<List<PipelineRun>>($"/api/v1/runs?pipeline={pipeline}");
            if (runs.Count > 0)
                return await server.WaitForRunAsync(runs[^1].Id);
            await Task.Delay(100, Ct);
        }
    }

    private static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Capstan.slnx")))
            root = root.Parent!;
        return root.FullName;
    }
}
