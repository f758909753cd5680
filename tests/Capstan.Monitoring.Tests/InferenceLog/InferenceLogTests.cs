using System.Diagnostics;
using Capstan.Core.Serving;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Monitoring.InferenceLog;
using Capstan.Testing.Files;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Capstan.Monitoring.Tests.InferenceLog;

public sealed class InferenceLogTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 3, 14, 15, 9, 26, TimeSpan.Zero);
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(Start);

    public void Dispose() => _data.Dispose();

    private InferenceLogOptions Options(Action<InferenceLogOptions>? change = null)
    {
        var options = new InferenceLogOptions { Enabled = true, Directory = _data.Path, RollInterval = TimeSpan.FromMinutes(1) };
        change?.Invoke(options);
        options.Validate();
        return options;
    }

    private static InferenceRecord Record(DateTimeOffset time, string? id = "r1", string model = "bc") => new(
        time, model, "stable", TimeSpan.FromMilliseconds(2.5),
        new InferenceRequest(id, [Tensor.From<float>("x", TensorDataType.Fp32, [1, 2], [1.5f, float.NaN]), Tensor.FromElements("secret", [1], ["pii"u8.ToArray()])]),
        new InferenceResponse(model, "3", id, [Tensor.From<long>("label", TensorDataType.Int64, [1], [7L])]));

    private static async Task<List<LoggedInference>> ReadAllAsync(InferenceLogOptions options, string model = "bc") =>
        await new InferenceLogReader(options).ReadAsync(model, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 1000).ToListAsync();

    private string[] Files(string pattern) =>
        Directory.Exists(Path.Combine(_data.Path, "bc")) ? Directory.GetFiles(Path.Combine(_data.Path, "bc"), pattern) : [];

    [Fact]
    public async Task Sink_WritesEveryFieldAndReadsItBack_WithRedactedFieldsReplacedByTheMarker()
    {
        var options = Options(o => o.RedactedFields = ["secret"]);
        await using (var sink = new ParquetLogSink(options, _time))
            await sink.WriteAsync([Record(Start), Record(Start.AddSeconds(1), id: null)], CancellationToken.None);

        var read = await ReadAllAsync(options);

        Assert.Equal(2, read.Count);
        var first = read[0];
        Assert.Equal((Start, "r1", "bc", "3", "stable", 2.5), (first.Time, first.RequestId, first.Model, first.Version, first.Variant, first.LatencyMs));
        Assert.Equal("""[{"name":"x","datatype":"FP32","shape":[1,2],"data":[1.5,"NaN"]},{"name":"secret","datatype":"BYTES","shape":[1],"data":"[redacted]"}]""", first.Inputs.GetRawText());
        Assert.Equal("""[{"name":"label","datatype":"INT64","shape":[1],"data":[7]}]""", first.Outputs.GetRawText());
        Assert.Equal(32, read[1].RequestId.Length);
    }

    [Fact]
    public async Task Sink_KeepsAnOpenFileInvisibleUntilItRollsByTime()
    {
        var options = Options();
        await using var sink = new ParquetLogSink(options, _time);
        await sink.WriteAsync([Record(Start)], CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(59));
        await sink.RollDueAsync(CancellationToken.None);

        Assert.Single(Files("*.parquet.tmp"));
        Assert.Empty(await ReadAllAsync(options));

        _time.Advance(TimeSpan.FromSeconds(1));
        await sink.RollDueAsync(CancellationToken.None);

        Assert.Empty(Files("*.tmp"));
        Assert.Single(Files("*.parquet"));
        Assert.Single(await ReadAllAsync(options));
    }

    [Fact]
    public async Task Sink_RollsAFileOnceItReachesTheRollSize()
    {
        var options = Options(o => o.RollBytes = 1);
        await using var sink = new ParquetLogSink(options, _time);

        await sink.WriteAsync([Record(Start)], CancellationToken.None);
        await sink.WriteAsync([Record(Start.AddSeconds(1)), Record(Start.AddSeconds(2))], CancellationToken.None);

        Assert.Equal(2, Files("*.parquet").Length);
        Assert.Empty(Files("*.tmp"));
        Assert.Equal(3, (await ReadAllAsync(options)).Count);
    }

    [Fact]
    public async Task Reader_ReturnsOnlyRecordsInsideTheTimeRange()
    {
        var options = Options();
        await using (var sink = new ParquetLogSink(options, _time))
            await sink.WriteAsync([Record(Start, "a"), Record(Start.AddMinutes(5), "b"), Record(Start.AddMinutes(10), "c")], CancellationToken.None);

        var read = await new InferenceLogReader(options).ReadAsync("bc", Start.AddMinutes(1), Start.AddMinutes(10), 10).ToListAsync();

        Assert.Equal(["b"], read.Select(r => r.RequestId));
    }

    [Fact]
    public void Sink_RemovesPartialFilesACrashLeftBehind()
    {
        Directory.CreateDirectory(Path.Combine(_data.Path, "bc"));
        File.WriteAllText(Path.Combine(_data.Path, "bc", "abc.parquet.tmp"), "half");

        _ = new ParquetLogSink(Options(), _time);

        Assert.Empty(Files("*.tmp"));
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(1.0, 1000)]
    public void Writer_SamplesNoneAtRateZeroAndEveryRequestAtRateOne(double rate, long expected)
    {
        var writer = new InferenceLogWriter(Options(o => o.SamplingRate = rate), new StalledSink(), _time, NullLogger<InferenceLogWriter>.Instance);

        for (var i = 0; i < 1000; i++)
            writer.Record(Record(Start));

        Assert.Equal(expected, writer.Statistics.Sampled);
    }

    [Fact]
    public void Writer_SamplesAboutTheRateAndTheSameRequestsForTheSameSeed()
    {
        long SampledWithSeed(long seed)
        {
            var writer = new InferenceLogWriter(Options(o => (o.SamplingRate, o.SamplingSeed) = (0.25, seed)), new StalledSink(), _time, NullLogger<InferenceLogWriter>.Instance);
            for (var i = 0; i < 10_000; i++)
                writer.Record(Record(Start));
            return writer.Statistics.Sampled;
        }

        var sampled = SampledWithSeed(42);

        Assert.InRange(sampled, 2_300, 2_700);
        Assert.Equal(sampled, SampledWithSeed(42));
    }

    [Fact]
    public async Task Writer_WithAStalledSink_DropsAndCountsWithoutBlockingOrSlowingTheCaller()
    {
        var stalled = new StalledSink();
        var writer = new InferenceLogWriter(Options(o => o.QueueCapacity = 8), stalled, TimeProvider.System, NullLogger<InferenceLogWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        writer.Record(Record(Start));
        await stalled.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 100_000; i++)
            writer.Record(Record(Start));
        clock.Stop();

        var statistics = writer.Statistics;
        Assert.Equal(100_001, statistics.Sampled);
        Assert.Equal(100_000 - 8, statistics.Dropped);
        Assert.Equal(8, statistics.Queued);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"100,000 records took {clock.Elapsed}");
        using var gaveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await writer.StopAsync(gaveUp.Token);
        stalled.Release.SetResult();
    }

    [Fact]
    public async Task Writer_WritesWhatIsQueuedWhenItStops()
    {
        var options = Options();
        var sink = new ParquetLogSink(options, TimeProvider.System);
        var writer = new InferenceLogWriter(options, sink, TimeProvider.System, NullLogger<InferenceLogWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        for (var i = 0; i < 50; i++)
            writer.Record(Record(Start.AddMilliseconds(i), $"r{i}"));

        await writer.StopAsync(CancellationToken.None);

        Assert.Equal(50, writer.Statistics.Written);
        Assert.Equal(50, (await ReadAllAsync(options)).Count);
    }

    [Fact]
    public void Options_RejectASamplingRateOutsideZeroToOne() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Options(o => o.SamplingRate = 1.5));

    /// <summary>A sink whose first write blocks until released, as a stuck disk would.</summary>
    private sealed class StalledSink : IInferenceLogSink
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask WriteAsync(IReadOnlyList<InferenceRecord> batch, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Release.Task;
        }

        public ValueTask RollDueAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
