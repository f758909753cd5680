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
    public async Task Sink_ReadsBackEveryDatatypeExactly_FromTheBinaryColumns()
    {
        Tensor[] tensors =
        [
            Tensor.From<byte>("bool", TensorDataType.Bool, [3], [1, 0, 1]),
            Tensor.From<byte>("uint8", TensorDataType.UInt8, [2], [0, 255]),
            Tensor.From<ushort>("uint16", TensorDataType.UInt16, [2], [0, ushort.MaxValue]),
            Tensor.From<uint>("uint32", TensorDataType.UInt32, [2], [0, uint.MaxValue]),
            Tensor.From<ulong>("uint64", TensorDataType.UInt64, [2], [0, ulong.MaxValue]),
            Tensor.From<sbyte>("int8", TensorDataType.Int8, [2], [sbyte.MinValue, sbyte.MaxValue]),
            Tensor.From<short>("int16", TensorDataType.Int16, [2], [short.MinValue, short.MaxValue]),
            Tensor.From<int>("int32", TensorDataType.Int32, [2, 1], [int.MinValue, int.MaxValue]),
            Tensor.From<long>("int64", TensorDataType.Int64, [1, 2], [long.MinValue, long.MaxValue]),
            Tensor.From<Half>("fp16", TensorDataType.Fp16, [3], [(Half)0.5, Half.NegativeInfinity, (Half)(-2)]),
            Tensor.From<float>("fp32", TensorDataType.Fp32, [4], [0.1f, float.MaxValue, float.PositiveInfinity, -0f]),
            Tensor.From<double>("fp64", TensorDataType.Fp64, [4], [0.1, double.Epsilon, double.NaN, -1e300]),
            Tensor.FromElements("bytes", [2], ["héllo"u8.ToArray(), "\"q\""u8.ToArray()]),
            Tensor.From<float>("empty", TensorDataType.Fp32, [0, 4], []),
        ];
        var options = Options();
        await using (var sink = new ParquetLogSink(options, _time))
        {
            await sink.WriteAsync(
                [new InferenceRecord(Start, "bc", "stable", TimeSpan.FromMilliseconds(1), new InferenceRequest("all", tensors), new InferenceResponse("bc", "3", "all", tensors[..2]))],
                CancellationToken.None);
        }

        var read = Assert.Single(await ReadAllAsync(options));

        Assert.Equal(
            "[" +
            """{"name":"bool","datatype":"BOOL","shape":[3],"data":[true,false,true]},""" +
            """{"name":"uint8","datatype":"UINT8","shape":[2],"data":[0,255]},""" +
            """{"name":"uint16","datatype":"UINT16","shape":[2],"data":[0,65535]},""" +
            """{"name":"uint32","datatype":"UINT32","shape":[2],"data":[0,4294967295]},""" +
            """{"name":"uint64","datatype":"UINT64","shape":[2],"data":[0,18446744073709551615]},""" +
            """{"name":"int8","datatype":"INT8","shape":[2],"data":[-128,127]},""" +
            """{"name":"int16","datatype":"INT16","shape":[2],"data":[-32768,32767]},""" +
            """{"name":"int32","datatype":"INT32","shape":[2,1],"data":[-2147483648,2147483647]},""" +
            """{"name":"int64","datatype":"INT64","shape":[1,2],"data":[-9223372036854775808,9223372036854775807]},""" +
            """{"name":"fp16","datatype":"FP16","shape":[3],"data":[0.5,"-Infinity",-2]},""" +
            """{"name":"fp32","datatype":"FP32","shape":[4],"data":[0.1,3.4028235E+38,"Infinity",-0]},""" +
            """{"name":"fp64","datatype":"FP64","shape":[4],"data":[0.1,5E-324,"NaN",-1E+300]},""" +
            """{"name":"bytes","datatype":"BYTES","shape":[2],"data":["h\u00E9llo","\u0022q\u0022"]},""" +
            """{"name":"empty","datatype":"FP32","shape":[0,4],"data":[]}""" +
            "]",
            read.Inputs.GetRawText());
        Assert.Equal(
            """[{"name":"bool","datatype":"BOOL","shape":[3],"data":[true,false,true]},{"name":"uint8","datatype":"UINT8","shape":[2],"data":[0,255]}]""",
            read.Outputs.GetRawText());
        Assert.Equal("héllo", read.Inputs[12].GetProperty("data")[0].GetString());
        Assert.Equal(float.MaxValue, read.Inputs[10].GetProperty("data")[1].GetSingle());
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
