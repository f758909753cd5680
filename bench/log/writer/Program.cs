// writer [RECORDS] [THREADS]: the inference log's own cost per record, in process. THREADS threads (default 2) build
// records shaped like the benchmark's single-row requests (a [1,30] FP32 input, a [1,2] FP32 and a [1] BOOL output,
// no request id: what the data plane hands over for bc.onnx; values vary per record, as real traffic's do) and hand RECORDS of them (default 400,000) to an
// InferenceLogWriter over a ParquetLogSink in a temporary folder, once with the log off and once on, pacing
// themselves so that nothing is dropped. It prints, for each, process CPU microseconds and managed bytes per record
// and the collections of each generation; "on - off" is what the log adds to a request, on the request threads and
// the writer together. Fastest of 5 rounds, since the machine is shared. Not a test: nothing is asserted.
using System.Diagnostics;
using Capstan.Core.Serving;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Monitoring.InferenceLog;
using Microsoft.Extensions.Logging.Abstractions;

var records = args.Length > 0 ? int.Parse(args[0]) : 400_000;
var threads = args.Length > 1 ? int.Parse(args[1]) : 2;
var features = Enumerable.Range(0, 30).Select(i => i * 0.37f).ToArray();

InferenceRecord Make(DateTimeOffset time, Random random, float[] row)
{
    for (var j = 0; j < row.Length; j++)
        row[j] = features[j] * (0.9f + 0.2f * random.NextSingle());
    var p = random.NextSingle();
    var request = new InferenceRequest(null, [Tensor.From<float>("Features", TensorDataType.Fp32, [1, 30], row)]);
    var response = new InferenceResponse("bc", "1", null,
        [Tensor.From<float>("Probability.output", TensorDataType.Fp32, [1, 2], [1 - p, p]), Tensor.From<byte>("PredictedLabel.output", TensorDataType.Bool, [1], [(byte)(p > 0.5f ? 1 : 0)])]);
    return new InferenceRecord(time, "bc", "stable", TimeSpan.FromMilliseconds(0.4), request, response);
}

async Task<(double CpuUs, double Bytes, int Gen0, int Gen1, int Gen2, long Written, long Dropped)> RunAsync(bool enabled)
{
    var folder = Directory.CreateTempSubdirectory("logbench").FullName;
    try
    {
        var options = new InferenceLogOptions { Enabled = enabled, Directory = folder };
        options.Validate();
        var sink = new ParquetLogSink(options, TimeProvider.System);
        var writer = new InferenceLogWriter(options, sink, TimeProvider.System, NullLogger<InferenceLogWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        GC.Collect();
        var (cpu0, bytes0) = (Process.GetCurrentProcess().TotalProcessorTime, GC.GetTotalAllocatedBytes(true));
        var (g0, g1, g2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var each = records / threads;
        var workers = Enumerable.Range(0, threads).Select(t => Task.Factory.StartNew(() =>
        {
            var (random, row) = (new Random(t), new float[features.Length]);
            for (var i = 0; i < each; i++)
            {
                writer.Record(Make(DateTimeOffset.UtcNow, random, row));
                if (i % 256 == 0)
                {
                    while (writer.Statistics.Queued > options.QueueCapacity / 2)
                        Thread.Sleep(1);
                }
            }
        }, TaskCreationOptions.LongRunning)).ToArray();
        await Task.WhenAll(workers);
        await writer.StopAsync(CancellationToken.None);
        var (cpu1, bytes1) = (Process.GetCurrentProcess().TotalProcessorTime, GC.GetTotalAllocatedBytes(true));
        var n = (double)(each * threads);
        var statistics = writer.Statistics;
        return ((cpu1 - cpu0).TotalMicroseconds / n, (bytes1 - bytes0) / n,
            GC.CollectionCount(0) - g0, GC.CollectionCount(1) - g1, GC.CollectionCount(2) - g2, statistics.Written, statistics.Dropped);
    }
    finally
    {
        Directory.Delete(folder, recursive: true);
    }
}

await RunAsync(true);
await RunAsync(false);
var best = new Dictionary<bool, (double CpuUs, double Bytes, int Gen0, int Gen1, int Gen2, long Written, long Dropped)>();
for (var round = 0; round < 5; round++)
{
    foreach (var enabled in new[] { false, true })
    {
        var result = await RunAsync(enabled);
        if (!best.TryGetValue(enabled, out var b) || result.CpuUs < b.CpuUs)
            best[enabled] = result;
    }
}
foreach (var (enabled, r) in best.OrderBy(p => p.Key))
    Console.WriteLine($"log={(enabled ? "on " : "off")} cpu_us_per_record={r.CpuUs:F2} alloc_b_per_record={r.Bytes:F0} gc0={r.Gen0} gc1={r.Gen1} gc2={r.Gen2} written={r.Written} dropped={r.Dropped}");
Console.WriteLine($"on - off: cpu_us_per_record={best[true].CpuUs - best[false].CpuUs:F2} alloc_b_per_record={best[true].Bytes - best[false].Bytes:F0}");
