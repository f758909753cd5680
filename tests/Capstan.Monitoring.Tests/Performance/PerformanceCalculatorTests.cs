using System.Diagnostics.Metrics;
using Capstan.Core.Errors;
using Capstan.Core.Feedback;
using Capstan.Core.Naming;
using Capstan.Core.Performance;
using Capstan.Core.Registry;
using Capstan.Core.Security;
using Capstan.Core.Serving;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Monitoring.InferenceLog;
using Capstan.Monitoring.Performance;
using Capstan.Registry.Stores;
using Capstan.Testing.Files;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Capstan.Monitoring.Tests.Performance;

/// <summary>Realized performance over a real Parquet inference log and a real store: the join by request id, versions, buckets, counts and the figures.</summary>
public sealed class PerformanceCalculatorTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 3, 14, 15, 0, 0, TimeSpan.Zero);

    /// <summary>A time inside the hour before <see cref="Start"/>, the fake clock's time unless a test moves it.</summary>
    private static readonly DateTimeOffset Earlier = Start.AddMinutes(-5);

    private static readonly ModelSignature BreastCancer = new(
        [new TensorSpec("Features", TensorDataType.Fp32, [-1, 30])],
        [
            new TensorSpec("Features.output", TensorDataType.Fp32, [-1, 30]), new TensorSpec("PredictedLabel.output", TensorDataType.Bool, [-1, 1]),
            new TensorSpec("Score.output", TensorDataType.Fp32, [-1, 1]), new TensorSpec("Probability.output", TensorDataType.Fp32, [-1, 1]),
        ],
        ["Features"]);

    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly InMemoryRegistryStore _store;
    private readonly InferenceLogOptions _log;

    public PerformanceCalculatorTests()
    {
        _store = new InMemoryRegistryStore(_time);
        _log = new InferenceLogOptions { Enabled = true, Directory = _data.Path };
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Compute_JoinsLabelsByRequestIdPerVersionAndHourlyBucket_CountingUnlabelledAndUnusablePredictions()
    {
        await PushAsync("bc", 2);
        await LogAsync(
            Answer(Start.AddMinutes(-90), "too-old", "1", true, 0.9f),
            Answer(Start.AddMinutes(10), "r1", "1", true, 0.9f),
            Answer(Start.AddMinutes(12), "r2", "1", false, 0.2f),
            Answer(Start.AddMinutes(15), "r3", "1", true, 0.7f),
            Answer(Start.AddMinutes(20), "batch", "1", true, 0.6f, rows: 2),
            Answer(Start.AddMinutes(70), "r4", "1", false, 0.1f),
            Answer(Start.AddMinutes(75), "r5", "2", true, 0.8f),
            Answer(Start.AddMinutes(80), "r6", "2", false, 0.3f));
        await LabelAsync(("too-old", Yes), ("r1", Yes), ("r2", Yes), ("r4", LabelValue.Of(0).Value), ("batch", Yes), ("r5", No), ("r6", LabelValue.Of("malignant").Value));
        _time.SetUtcNow(Start.AddHours(2));

        var report = Ok(await Calculator().ComputeAsync(Name("bc"), new PerformanceQuery(TimeSpan.FromHours(2.5), TimeSpan.FromHours(1)), Ct));

        Assert.Equal(("bc", Start.AddMinutes(-30), Start.AddHours(2), 3600L, false), (report.Model, report.Since, report.Until, report.BucketSeconds, report.Truncated));
        Assert.Equal(["1", "2"], report.Versions.Select(v => v.Version));
        var one = report.Versions[0];
        Assert.Equal((PerformanceTask.Binary, "PredictedLabel.output", "Probability.output"), (one.Task, one.LabelOutput, one.ScoreOutput));
        Assert.Equal(new PerformanceFigures(3, 1, 1, 2 / 3.0, 1, 0.5, 2 / 3.0, 1), one.Overall with { LogLoss = null });
        Assert.Equal(-(Math.Log(0.9) + Math.Log(0.2) + Math.Log(0.9)) / 3, one.Overall.LogLoss!.Value, 1e-12);
        Assert.Equal([(Start, Start.AddHours(1)), (Start.AddHours(1), Start.AddHours(2))], one.Buckets.Select(b => (b.Start, b.End)));
        Assert.Equal((2L, 1L, 1L, 0.5), (one.Buckets[0].Figures.Joined, one.Buckets[0].Figures.Unmatched, one.Buckets[0].Figures.Skipped, one.Buckets[0].Figures.Accuracy!.Value));
        Assert.Equal((1L, 0L, 0L, 1.0), (one.Buckets[1].Figures.Joined, one.Buckets[1].Figures.Unmatched, one.Buckets[1].Figures.Skipped, one.Buckets[1].Figures.Accuracy!.Value));
        var two = report.Versions[1].Overall;
        Assert.Equal((1L, 0L, 1L, 0.0, (double?)null), (two.Joined, two.Unmatched, two.Skipped, two.Accuracy!.Value, two.Auc));
        Assert.Equal((4L, 1L, 2L, 0.5), (report.Overall.Joined, report.Overall.Unmatched, report.Overall.Skipped, report.Overall.Accuracy!.Value));
        Assert.Null(report.Overall.Mae);
    }

    [Fact]
    public async Task Compute_ReadsAVersionTheRegistryNoLongerHasByTheOutputsItsLoggedRequestsCarried()
    {
        await PushAsync("bc", 2);
        await LogAsync(Answer(Earlier, "a", "1", true, 0.9f), Answer(Earlier.AddSeconds(1), "b", "1", true, 0.6f));
        await LabelAsync(("a", Yes), ("b", No));
        Ok(await _store.DeleteVersionAsync(Name("bc"), 1, new Actor("test"), Ct));

        var report = Ok(await Calculator().ComputeAsync(Name("bc"), new PerformanceQuery(TimeSpan.FromHours(1), TimeSpan.FromHours(1)), Ct));

        var one = Assert.Single(report.Versions);
        Assert.Equal((PerformanceTask.Binary, "PredictedLabel.output", "Probability.output", 2L, 0.5), (one.Task, one.LabelOutput, one.ScoreOutput, one.Overall.Joined, one.Overall.Accuracy!.Value));
    }

    [Fact]
    public async Task Compute_ReadsNoMoreThanMaxPredictionsAndSaysTheReportIsTruncated()
    {
        await PushAsync("bc");
        await LogAsync([.. Enumerable.Range(0, 5).Select(i => Answer(Earlier.AddSeconds(i), $"r{i}", "1", true, 0.9f))]);
        await LabelAsync(("r0", Yes), ("r4", Yes));

        var report = Ok(await Calculator(maxPredictions: 3).ComputeAsync(Name("bc"), new PerformanceQuery(TimeSpan.FromHours(1), TimeSpan.FromHours(1)), Ct));

        Assert.True(report.Truncated);
        Assert.Equal((1L, 2L), (report.Overall.Joined, report.Overall.Unmatched));
    }

    [Fact]
    public async Task Compute_OfAMissingModelIsNotFound_AndAnOverrideNamingNoOutputIsInvalid()
    {
        await PushAsync("bc");
        await LogAsync(Answer(Earlier, "a", "1", true, 0.9f));
        var hour = new PerformanceQuery(TimeSpan.FromHours(1), TimeSpan.FromHours(1));

        Assert.Equal(Error.NotFound("Model 'ghost' does not exist."), (await Calculator().ComputeAsync(Name("ghost"), hour, Ct)).Error);
        var wrong = (await Calculator().ComputeAsync(Name("bc"), hour with { ScoreOutput = "Probability" }, Ct)).Error;
        Assert.Equal(ErrorCode.InvalidInput, wrong.Code);
        Assert.StartsWith("score_output 'Probability' is not an output of version bc:1; its outputs are 'Features.output' FP32 [-1,30], ", wrong.Message);
    }

    [Fact]
    public async Task Signals_ReadEachFigureOfAllVersionsTogether_AndNothingForAnUnknownModelOrAFigureTheTaskLacks()
    {
        await PushAsync("bc");
        await LogAsync(Answer(Earlier, "a", "1", true, 0.9f), Answer(Earlier, "b", "1", true, 0.4f), Answer(Earlier, "c", "1", false, 0.2f));
        await LabelAsync(("a", Yes), ("b", No), ("c", No));
        var signals = new PerformanceSignals(Calculator());

        Assert.True(signals.Provides("log_loss"));
        Assert.False(signals.Provides("drift"));
        Assert.Equal(2 / 3.0, await signals.ReadAsync("bc", "accuracy", TimeSpan.FromHours(1), Ct));
        Assert.Equal(1.0, await signals.ReadAsync("bc", "auc", TimeSpan.FromHours(1), Ct));
        Assert.Null(await signals.ReadAsync("bc", "rmse", TimeSpan.FromHours(1), Ct));
        Assert.Null(await signals.ReadAsync("ghost", "accuracy", TimeSpan.FromHours(1), Ct));
    }

    [Fact]
    public async Task Monitor_PublishesEachDeployedVersionsFiguresAsGaugesTaggedModelAndVersion()
    {
        await PushAsync("bc");
        Ok(await _store.SetDeploymentAsync(Name("bc"), new DeploymentSpec("bc:1", BatchingSettings.Default), null, new Actor("test"), Ct));
        await LogAsync(Answer(Earlier, "a", "1", true, 0.9f), Answer(Earlier, "b", "1", false, 0.4f), Answer(Earlier, "c", "1", false, 0.2f));
        await LabelAsync(("a", Yes), ("b", Yes));

        var seen = await MonitoredFiguresAsync();

        Assert.Equal((0.5, "model=bc,version=1"), seen["capstan.performance.accuracy"]);
        Assert.Equal((2.0, "model=bc,version=1"), seen["capstan.performance.joined"]);
        Assert.Equal(1.0, seen["capstan.performance.unmatched"].Value);
        Assert.Equal(0.5, seen["capstan.performance.recall"].Value);
        Assert.False(seen.ContainsKey("capstan.performance.mae"));
    }

    [Fact]
    public async Task Monitor_LeavesAModelWithoutLabelsInTheWindowUnreported_UntilALabelArrives()
    {
        await PushAsync("bc");
        Ok(await _store.SetDeploymentAsync(Name("bc"), new DeploymentSpec("bc:1", BatchingSettings.Default), null, new Actor("test"), Ct));
        await LogAsync(Answer(Earlier, "a", "1", true, 0.9f), Answer(Earlier, "b", "1", false, 0.4f));

        Assert.Empty(await MonitoredFiguresAsync());

        await LabelAsync(("a", Yes));
        var seen = await MonitoredFiguresAsync();

        Assert.Equal((1.0, "model=bc,version=1"), seen["capstan.performance.accuracy"]);
        Assert.Equal(1.0, seen["capstan.performance.unmatched"].Value);
    }

    /// <summary>Runs a monitor's refresh once and reads back every gauge it publishes, by instrument name, with its value and tags.</summary>
    private async Task<Dictionary<string, (double Value, string Tags)>> MonitoredFiguresAsync()
    {
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var monitor = new PerformanceMonitor(
            Calculator(), _store, new PerformanceOptions { Window = TimeSpan.FromHours(1) }, _time, meters, NullLogger<PerformanceMonitor>.Instance);
        var seen = new Dictionary<string, (double Value, string Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, meters))
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            seen[instrument.Name] = (value, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}"))));
        listener.Start();
        await monitor.RefreshAsync(Ct);
        listener.RecordObservableInstruments();
        return seen;
    }

    private static readonly LabelValue Yes = LabelValue.Of(true);

    private static readonly LabelValue No = LabelValue.Of(false);

    private PerformanceCalculator Calculator(int maxPredictions = 100_000) =>
        new(_store, new InferenceLogReader(_log), new PerformanceOptions { MaxPredictions = maxPredictions }, _time);

    private async Task PushAsync(string model, int versions = 1)
    {
        for (var i = 0; i < versions; i++)
        {
            Ok(await _store.AddVersionAsync(new NewModelVersion(
                Name(model), ModelFormat.Onnx, 1, new string('a', 64), BreastCancer, new Dictionary<string, double>(), new Dictionary<string, string>(),
                new Dictionary<string, string>(), null, null, Lineage.None, null, new Actor("test"), null), Ct));
        }
    }

    private async Task LogAsync(params InferenceRecord[] records)
    {
        await using var sink = new ParquetLogSink(_log, _time);
        await sink.WriteAsync(InferenceLogBatch.Of(records, _log, _time.GetUtcNow()), Ct);
    }

    private async Task LabelAsync(params (string Id, LabelValue Label)[] labels) =>
        Ok(await _store.AddFeedbackAsync(Name("bc"), labels.Select(l => new GroundTruth(l.Id, l.Label)).ToList(), new Actor("test"), Ct));

    private static InferenceRecord Answer(DateTimeOffset time, string id, string version, bool predicted, float probability, int rows = 1)
    {
        var labels = Enumerable.Repeat(predicted ? (byte)1 : (byte)0, rows).ToArray();
        var probabilities = Enumerable.Repeat(probability, rows).ToArray();
        return new InferenceRecord(
            time, "bc", "stable", TimeSpan.FromMilliseconds(1),
            new InferenceRequest(id, [Tensor.From("Features", TensorDataType.Fp32, [rows, 30], new float[30 * rows])]),
            new InferenceResponse("bc", version, id,
            [
                Tensor.From("PredictedLabel.output", TensorDataType.Bool, [rows, 1], labels),
                Tensor.From("Probability.output", TensorDataType.Fp32, [rows, 1], probabilities),
            ]));
    }

    private static ModelName Name(string name) => ModelName.Parse(name).Value;

    private static T Ok<T>(Result<T> result)
    {
        Assert.True(result.IsSuccess, $"Expected success, got {result}.");
        return result.Value;
    }
}
