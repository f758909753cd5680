using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Capstan.Core.Serving;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Monitoring.InferenceLog;
using Microsoft.Extensions.Logging.Abstractions;
using Parquet;

namespace Capstan.Monitoring.Tests.InferenceLog;

public sealed class InferenceLogTests : InferenceLogFolder
{
    private static InferenceRecord Record(DateTimeOffset time, string? id = "r1", string model = "bc") => new(
        time, model, "stable", TimeSpan.FromMilliseconds(2.5),
        new InferenceRequest(id, [Tensor.From<float>("x", TensorDataType.Fp32, [1, 2], [1.5f, float.NaN]), Tensor.FromElements("secret", [1], ["pii"u8.ToArray()])]),
        new InferenceResponse(model, "3", id, [Tensor.From<long>("label", TensorDataType.Int64, [1], [7L])]));

    /// <summary>A batch of <paramref name="records"/> as the writer would have copied them, opened now.</summary>
    private InferenceLogBatch Batch(InferenceLogOptions options, params InferenceRecord[] records) => InferenceLogBatch.Of(records, options, Time.GetUtcNow());

    /// <summary>A started writer over a Parquet sink, on the real clock.</summary>
    private static async Task<InferenceLogWriter> StartedWriterAsync(InferenceLogOptions options)
    {
        var writer = new InferenceLogWriter(options, new ParquetLogSink(options, TimeProvider.System), TimeProvider.System, NullLogger<InferenceLogWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        return writer;
    }

    private static async Task<List<LoggedInference>> ReadAllAsync(InferenceLogOptions options, string model = "bc") =>
        await new InferenceLogReader(options).ReadAsync(model, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 1000).Select(r => r.ToInference()).ToListAsync();

    private string[] Files(string pattern) =>
        Directory.Exists(Path.Combine(Data.Path, "bc")) ? Directory.GetFiles(Path.Combine(Data.Path, "bc"), pattern) : [];

    [Fact]
    public async Task Sink_WritesEveryFieldAndReadsItBack_WithRedactedFieldsReplacedByTheMarker()
    {
        var options = Options(o => o.RedactedFields = ["secret"]);
        await using (var sink = new ParquetLogSink(options, Time))
            await sink.WriteAsync(Batch(options, Record(Start), Record(Start.AddSeconds(1), id: null)), CancellationToken.None);

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
        await using (var sink = new ParquetLogSink(options, Time))
        {
            await sink.WriteAsync(
                Batch(options, new InferenceRecord(Start, "bc", "stable", TimeSpan.FromMilliseconds(1), new InferenceRequest("all", tensors), new InferenceResponse("bc", "3", "all", tensors[..2]))),
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
    public async Task Reader_CountsEachRequestsRowsFromItsFirstInput_AsItsDecodedShapeSays()
    {
        InferenceRequest[] requests =
        [
            new("rows", [Tensor.From<float>("x", TensorDataType.Fp32, [3, 2], [1, 2, 3, 4, 5, 6]), Tensor.From<float>("y", TensorDataType.Fp32, [5], [1, 2, 3, 4, 5])]),
            new("scalar", [Tensor.From<float>("x", TensorDataType.Fp32, [], [1])]),
            new("none", []),
        ];
        var options = Options();
        await using (var sink = new ParquetLogSink(options, Time))
        {
            await sink.WriteAsync(
                Batch(options, [.. requests.Select(r => new InferenceRecord(Start, "bc", "stable", TimeSpan.FromMilliseconds(1), r, new InferenceResponse("bc", "3", r.Id, [])))]),
                CancellationToken.None);
        }

        var read = await new InferenceLogReader(options).ReadAsync("bc", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 10).ToListAsync();

        Assert.Equal([3, 1, 0], read.Select(r => r.Rows));
        Assert.Equal(3, read[0].Inputs[0].GetProperty("shape")[0].GetInt32());
        Assert.Equal(0, read[1].Inputs[0].GetProperty("shape").GetArrayLength());
        Assert.Equal(0, read[2].Inputs.GetArrayLength());
    }

    [Fact]
    public async Task Sink_KeepsAnOpenFileInvisibleUntilItRollsByTime()
    {
        var options = Options();
        await using var sink = new ParquetLogSink(options, Time);
        await sink.WriteAsync(Batch(options, Record(Start)), CancellationToken.None);
        Time.Advance(TimeSpan.FromSeconds(59));
        await sink.RollDueAsync(CancellationToken.None);

        Assert.Single(Files("*.parquet.tmp"));
        Assert.Empty(await ReadAllAsync(options));

        Time.Advance(TimeSpan.FromSeconds(1));
        await sink.RollDueAsync(CancellationToken.None);

        Assert.Empty(Files("*.tmp"));
        Assert.Single(Files("*.parquet"));
        Assert.Single(await ReadAllAsync(options));
    }

    [Fact]
    public async Task Sink_RollsAFileOnceItReachesTheRollSize()
    {
        var options = Options(o => o.RollBytes = 1);
        await using var sink = new ParquetLogSink(options, Time);

        await sink.WriteAsync(Batch(options, Record(Start)), CancellationToken.None);
        await sink.WriteAsync(Batch(options, Record(Start.AddSeconds(1)), Record(Start.AddSeconds(2))), CancellationToken.None);

        Assert.Equal(2, Files("*.parquet").Length);
        Assert.Empty(Files("*.tmp"));
        Assert.Equal(3, (await ReadAllAsync(options)).Count);
    }

    [Fact]
    public async Task Reader_ReturnsOnlyRecordsInsideTheTimeRange()
    {
        var options = Options();
        await using (var sink = new ParquetLogSink(options, Time))
            await sink.WriteAsync(Batch(options, Record(Start, "a"), Record(Start.AddMinutes(5), "b"), Record(Start.AddMinutes(10), "c")), CancellationToken.None);

        var read = await new InferenceLogReader(options).ReadAsync("bc", Start.AddMinutes(1), Start.AddMinutes(10), 10).ToListAsync();

        Assert.Equal(["b"], read.Select(r => r.RequestId));
    }

    [Fact]
    public void Sink_RemovesPartialFilesACrashLeftBehind()
    {
        Directory.CreateDirectory(Path.Combine(Data.Path, "bc"));
        File.WriteAllText(Path.Combine(Data.Path, "bc", "abc.parquet.tmp"), "half");

        _ = new ParquetLogSink(Options(), Time);

        Assert.Empty(Files("*.tmp"));
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(1.0, 1000)]
    public void Writer_SamplesNoneAtRateZeroAndEveryRequestAtRateOne(double rate, long expected)
    {
        var writer = new InferenceLogWriter(Options(o => o.SamplingRate = rate), new StalledSink(), Time, NullLogger<InferenceLogWriter>.Instance);

        for (var i = 0; i < 1000; i++)
            writer.Record(Record(Start));

        Assert.Equal(expected, writer.Statistics.Sampled);
    }

    [Fact]
    public void Writer_SamplesAboutTheRateAndTheSameRequestsForTheSameSeed()
    {
        long SampledWithSeed(long seed)
        {
            var writer = new InferenceLogWriter(Options(o => (o.SamplingRate, o.SamplingSeed) = (0.25, seed)), new StalledSink(), Time, NullLogger<InferenceLogWriter>.Instance);
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
        var writer = new InferenceLogWriter(Options(o => (o.QueueCapacity, o.BatchSize) = (8, 1)), stalled, TimeProvider.System, NullLogger<InferenceLogWriter>.Instance);
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
        var writer = await StartedWriterAsync(options);
        for (var i = 0; i < 50; i++)
            writer.Record(Record(Start.AddMilliseconds(i), $"r{i}"));

        await writer.StopAsync(CancellationToken.None);

        Assert.Equal(50, writer.Statistics.Written);
        Assert.Equal(50, (await ReadAllAsync(options)).Count);
    }

    [Fact]
    public async Task Writer_KeepsNothingOfTheRequest_ButReadsItBackWhole()
    {
        var options = Options();
        var writer = await StartedWriterAsync(options);

        var request = RecordAndForget(writer);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(request.IsAlive, "the writer held on to the request instead of copying it");
        await writer.StopAsync(CancellationToken.None);
        var read = Assert.Single(await ReadAllAsync(options));
        Assert.Equal(("r1", "3", "stable"), (read.RequestId, read.Version, read.Variant));
        Assert.Equal("""[{"name":"x","datatype":"FP32","shape":[1,2],"data":[1.5,"NaN"]},{"name":"secret","datatype":"BYTES","shape":[1],"data":["pii"]}]""", read.Inputs.GetRawText());
    }

    /// <summary>Records one request and returns a weak reference to it, so that nothing on the test's stack keeps it alive.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference RecordAndForget(InferenceLogWriter writer)
    {
        var record = Record(Start);
        writer.Record(record);
        return new WeakReference(record.Request);
    }

    [Fact]
    public void Writer_RecordsWithoutAllocatingOnceAModelHasABatch()
    {
        var writer = new InferenceLogWriter(Options(o => o.BatchSize = 64), new StalledSink(), Time, NullLogger<InferenceLogWriter>.Instance);
        var records = Enumerable.Range(0, 63).Select(i => Record(Start.AddMilliseconds(i), id: i % 2 == 0 ? null : $"r{i}")).ToArray();
        writer.Record(records[0]);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1; i < records.Length; i++)
            writer.Record(records[i]);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal((63L, 63), (writer.Statistics.Sampled, writer.Statistics.Queued));
        Assert.Equal(0, allocated);
    }

    [Fact]
    public async Task Writer_FromManyThreadsAtOnce_WritesEveryRequestIntactThroughReusedBatches()
    {
        var options = Options(o => o.BatchSize = 64);
        var writer = await StartedWriterAsync(options);

        await Parallel.ForAsync(0, 8, async (thread, _) =>
        {
            for (var i = 0; i < 1_000; i++)
            {
                var value = thread * 1_000 + i;
                writer.Record(new InferenceRecord(Start.AddMilliseconds(value), "bc", "stable", TimeSpan.FromMilliseconds(value),
                    new InferenceRequest($"id-{value}", [Tensor.From<int>("x", TensorDataType.Int32, [1, value % 7], Enumerable.Repeat(value, value % 7).ToArray())]),
                    new InferenceResponse("bc", "3", $"id-{value}", [Tensor.From<int>("y", TensorDataType.Int32, [1], [-value])])));
                if (i % 100 == 0)
                    await Task.Yield();
            }
        });
        await writer.StopAsync(CancellationToken.None);

        var read = await new InferenceLogReader(options).ReadAsync("bc", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 100_000).ToListAsync();
        Assert.Equal((8_000, 0L, 8_000L), (read.Count, writer.Statistics.Dropped, writer.Statistics.Written));
        Assert.All(read, r =>
        {
            var value = int.Parse(r.RequestId[3..], CultureInfo.InvariantCulture);
            Assert.Equal((Start.AddMilliseconds(value), (double)value), (r.Time, r.LatencyMs));
            Assert.Equal(Enumerable.Repeat(value, value % 7), r.Inputs[0].GetProperty("data").EnumerateArray().Select(e => e.GetInt32()));
            Assert.Equal(-value, r.Outputs[0].GetProperty("data")[0].GetInt32());
        });
    }

    [Fact]
    public async Task Writer_WritesAFullRowGroupPerBatchSize_AndSealsABatchEarlyOnceItsTensorsReachTheByteLimit()
    {
        var options = Options(o => o.BatchSize = 3);
        var writer = await StartedWriterAsync(options);
        var large = new InferenceRequest("large", [Tensor.From<byte>("x", TensorDataType.UInt8, [InferenceLogBatch.MaxTensorBytes], new byte[InferenceLogBatch.MaxTensorBytes])]);

        for (var i = 0; i < 7; i++)
            writer.Record(Record(Start.AddSeconds(i), $"r{i}"));
        writer.Record(Record(Start.AddSeconds(7)) with { Request = large });
        writer.Record(Record(Start.AddSeconds(8), "last"));
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal([3, 3, 2, 1], await RowGroupSizesAsync(Assert.Single(Files("*.parquet"))));
        Assert.Equal(["r0", "r1", "r2", "r3", "r4", "r5", "r6", "large", "last"], (await ReadAllAsync(options)).Select(r => r.RequestId));
    }

    private static async Task<List<long>> RowGroupSizesAsync(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        return [.. Enumerable.Range(0, reader.RowGroupCount).Select(g => reader.OpenRowGroupReader(g).RowCount)];
    }

    [Fact]
    public async Task Writer_PublishesARequestAboutARollIntervalAfterItCame_WithoutWaitingForAFullBatch()
    {
        var options = Options(o => o.RollInterval = TimeSpan.FromMilliseconds(200));
        var writer = await StartedWriterAsync(options);

        writer.Record(Record(Start));
        var read = await EventuallyAsync(() => ReadAllAsync(options), r => r.Count == 1);

        Assert.Equal("r1", Assert.Single(read).RequestId);
        Assert.Equal(1, writer.Statistics.Written);
        await writer.StopAsync(CancellationToken.None);
    }

    /// <summary>Polls <paramref name="read"/> until <paramref name="done"/> holds, for up to 30 seconds, and returns the last result.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var result = await read();
        for (var i = 0; i < 300 && !done(result); i++)
        {
            await Task.Delay(100);
            result = await read();
        }
        return result;
    }

    [Fact]
    public async Task Writer_KeepsEachModelInItsOwnFiles_InArrivalOrder()
    {
        var options = Options();
        var writer = await StartedWriterAsync(options);

        for (var i = 0; i < 6; i++)
            writer.Record(Record(Start.AddSeconds(i), $"r{i}", model: i % 2 == 0 ? "bc" : "iris"));
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal(["r0", "r2", "r4"], (await ReadAllAsync(options, "bc")).Select(r => r.RequestId));
        Assert.Equal(["r1", "r3", "r5"], (await ReadAllAsync(options, "iris")).Select(r => r.RequestId));
        Assert.All(await ReadAllAsync(options, "iris"), r => Assert.Equal("iris", r.Model));
    }

    [Fact]
    public async Task Writer_GivesEveryRequestWithoutAnIdADistinctOne()
    {
        var options = Options(o => o.BatchSize = 100);
        var writer = await StartedWriterAsync(options);

        for (var i = 0; i < 1_000; i++)
            writer.Record(Record(Start, id: null));
        await writer.StopAsync(CancellationToken.None);

        var ids = (await ReadAllAsync(options)).Select(r => r.RequestId).ToList();
        Assert.Equal(1_000, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
    }

    [Fact]
    public async Task Writer_DropsAndCountsRequestsThatComeAfterItStopped()
    {
        var options = Options();
        var writer = await StartedWriterAsync(options);
        writer.Record(Record(Start, "before"));
        await writer.StopAsync(CancellationToken.None);

        writer.Record(Record(Start, "after"));

        Assert.Equal((2L, 1L, 1L, 0), (writer.Statistics.Sampled, writer.Statistics.Written, writer.Statistics.Dropped, writer.Statistics.Queued));
        Assert.Equal(["before"], (await ReadAllAsync(options)).Select(r => r.RequestId));
    }

    [Fact]
    public async Task Reader_FindsARequestByTime_WhenRequestsWereAnsweredOutOfOrder()
    {
        var options = Options();
        await using (var sink = new ParquetLogSink(options, Time))
            await sink.WriteAsync(Batch(options, Record(Start.AddSeconds(5), "b"), Record(Start, "a"), Record(Start.AddSeconds(10), "c")), CancellationToken.None);

        var read = await new InferenceLogReader(options).ReadAsync("bc", Start, Start.AddSeconds(1), 10).ToListAsync();

        Assert.Equal(["a"], read.Select(r => r.RequestId));
    }

    [Fact]
    public void Options_RejectASamplingRateOutsideZeroToOne() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Options(o => o.SamplingRate = 1.5));

    /// <summary>A sink whose first write blocks until released, as a stuck disk would.</summary>
    private sealed class StalledSink : IInferenceLogSink
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask WriteAsync(InferenceLogBatch batch, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Release.Task;
        }

        public ValueTask RollDueAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
