using Capstan.Core.Serving;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Monitoring.InferenceLog;

namespace Capstan.Monitoring.Tests.InferenceLog;

public sealed class InferenceLogRetentionTests : InferenceLogFolder
{
    /// <summary>Options whose files roll after every write.</summary>
    private InferenceLogOptions OneWritePerFile(Action<InferenceLogOptions>? change = null) => Options(o =>
    {
        o.RollBytes = 1;
        change?.Invoke(o);
    });

    /// <summary>Writes one request of <paramref name="model"/> at the current time into a file of its own (the roll size is 1 byte).</summary>
    private async Task WriteFileAsync(ParquetLogSink sink, InferenceLogOptions options, string id, string model = "bc")
    {
        var request = new InferenceRequest(id, [Tensor.From<float>("x", TensorDataType.Fp32, [1, 2], [1.5f, 2.5f])]);
        var record = new InferenceRecord(Time.GetUtcNow(), model, "stable", TimeSpan.FromMilliseconds(1), request, new InferenceResponse(model, "1", id, []));
        await sink.WriteAsync(InferenceLogBatch.Of([record], options, Time.GetUtcNow()), CancellationToken.None);
    }

    private async Task<List<string>> IdsAsync(InferenceLogOptions options, string model = "bc") =>
        await new InferenceLogReader(options).ReadAsync(model, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 100).Select(r => r.RequestId).ToListAsync();

    private string[] Published(string model = "bc") => Directory.GetFiles(Path.Combine(Data.Path, model), "*.parquet").Order().ToArray();

    [Fact]
    public async Task Sink_DeletesFilesWhoseLatestRequestIsOlderThanTheRetention_AtItsNextPass()
    {
        var options = OneWritePerFile(o => o.Retention = TimeSpan.FromHours(1));
        await using var sink = new ParquetLogSink(options, Time);
        await WriteFileAsync(sink, options, "old");
        Time.Advance(TimeSpan.FromMinutes(30));
        await WriteFileAsync(sink, options, "recent");
        Time.Advance(TimeSpan.FromMinutes(31));

        Assert.Equal(["old", "recent"], await IdsAsync(options));

        await sink.RollDueAsync(CancellationToken.None);

        Assert.Equal(["recent"], await IdsAsync(options));
    }

    [Fact]
    public async Task Sink_DeletesTheOldestFilesWhileAModelsFilesAddUpToMoreThanTheLimit_AndLeavesOtherModelsAlone()
    {
        var options = OneWritePerFile();
        await using var sink = new ParquetLogSink(options, Time);
        foreach (var id in new[] { "a", "b", "c" })
        {
            await WriteFileAsync(sink, options, id);
            Time.Advance(TimeSpan.FromSeconds(1));
        }
        await WriteFileAsync(sink, options, "other", model: "fraud");
        var sizes = Published().Select(f => new FileInfo(f).Length).ToArray();
        options.MaxBytesPerModel = sizes[1] + sizes[2];
        Time.Advance(TimeSpan.FromMinutes(1));

        await sink.RollDueAsync(CancellationToken.None);

        Assert.Equal(["b", "c"], await IdsAsync(options));
        Assert.Equal(["other"], await IdsAsync(options, "fraud"));
    }

    [Fact]
    public async Task Sink_AppliesTheRetentionWhenCreated_AndNotAgainBeforeARollInterval()
    {
        var options = OneWritePerFile();
        await using (var first = new ParquetLogSink(options, Time))
            await WriteFileAsync(first, options, "old");
        Time.Advance(TimeSpan.FromDays(2));
        options.Retention = TimeSpan.FromDays(1);

        await using var sink = new ParquetLogSink(options, Time);

        Assert.Empty(Published());
        await WriteFileAsync(sink, options, "new");
        Time.Advance(TimeSpan.FromDays(1));
        await sink.RollDueAsync(CancellationToken.None);
        Time.Advance(TimeSpan.FromSeconds(30));
        await sink.RollDueAsync(CancellationToken.None);
        Assert.Equal(["new"], await IdsAsync(options));
        Time.Advance(TimeSpan.FromSeconds(30));
        await sink.RollDueAsync(CancellationToken.None);
        Assert.Empty(await IdsAsync(options));
    }

    [Fact]
    public async Task Reader_SkipsAFileDeletedAfterItWasListed()
    {
        var options = OneWritePerFile();
        await using (var sink = new ParquetLogSink(options, Time))
        {
            await WriteFileAsync(sink, options, "first");
            Time.Advance(TimeSpan.FromSeconds(1));
            await WriteFileAsync(sink, options, "second");
        }
        var read = new List<string?>();

        await foreach (var record in new InferenceLogReader(options).ReadAsync("bc", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 10, TestContext.Current.CancellationToken))
        {
            read.Add(record.RequestId);
            File.Delete(Published()[^1]);
        }

        Assert.Equal(["first"], read);
    }

    [Fact]
    public void Options_RejectANonPositiveRetentionOrByteLimit()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Options(o => o.Retention = TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => Options(o => o.MaxBytesPerModel = 0));
    }
}
