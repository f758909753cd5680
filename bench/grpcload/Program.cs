// grpcload NAME URL [CALLERS] [SECONDS] [ROWS] [INPUT]: the gRPC counterpart of ../../shared/bench/load.sh, which
// uses wrk and so speaks only HTTP/1.1. CALLERS concurrent callers (default 32) each send
// inference.GRPCInferenceService/ModelInfer for model MODEL (default bc), input INPUT (default Features) of shape
// [ROWS,30] FP32 (BENCH_OUT/models/row.txt repeated), one call after another for SECONDS (default 10), and it prints
// load.sh's line: NAME rps=.. rows_per_s=.. p50_ms=.. p99_ms=.. non2xx=.. (non2xx: calls that ended in a non-OK status).
// The callers share CHANNELS HTTP/2 connections (default 1, as a gRPC client shares one channel); RAW=1 sends the
// tensor as raw_input_contents instead of typed fp32_contents. Before the run one call checks the answer against
// BENCH_OUT/models/expected.txt, so a server that answers fast and wrong does not pass unnoticed. BODY=FILE writes
// the request's gRPC message to FILE instead of calling (for h2load). API_KEY=KEY sends the key as x-api-key metadata.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Capstan.Server.Inference.Grpc.Protocol;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

var inv = CultureInfo.InvariantCulture;
var name = args[0];
var url = args[1];
var callers = args.Length > 2 ? int.Parse(args[2], inv) : 32;
var seconds = args.Length > 3 ? double.Parse(args[3], inv) : 10;
var rows = args.Length > 4 ? int.Parse(args[4], inv) : 1;
var inputName = args.Length > 5 ? args[5] : "Features";
var model = Environment.GetEnvironmentVariable("MODEL") ?? "bc";
var raw = Environment.GetEnvironmentVariable("RAW") == "1";
var channelCount = int.Parse(Environment.GetEnvironmentVariable("CHANNELS") ?? "1", inv);
var models = Path.Combine(Environment.GetEnvironmentVariable("BENCH_OUT") ?? "/tmp/capstan-bench", "models");
var row = File.ReadAllText(Path.Combine(models, "row.txt")).Trim().Split(',').Select(v => float.Parse(v, inv)).ToArray();
var expected = float.Parse(File.ReadAllText(Path.Combine(models, "expected.txt")).Trim(), inv);

var data = Enumerable.Repeat(row, rows).SelectMany(r => r).ToArray();
var input = new ModelInferRequest.Types.InferInputTensor { Name = inputName, Datatype = "FP32", Shape = { rows, row.Length } };
var request = new ModelInferRequest { ModelName = model, Inputs = { input } };
if (raw)
    request.RawInputContents.Add(ByteString.CopyFrom(MemoryMarshal.AsBytes(data.AsSpan())));
else
    input.Contents = new InferTensorContents { Fp32Contents = { data } };

// BODY=FILE: write the call's gRPC message (the 5-byte frame header and the protobuf) to FILE and stop, for an HTTP/2
// load generator written in C such as h2load, whose own cost per call is far below this program's.
if (Environment.GetEnvironmentVariable("BODY") is { Length: > 0 } bodyFile)
{
    var message = request.ToByteArray();
    var frame = new byte[5 + message.Length];
    System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
    message.CopyTo(frame, 5);
    File.WriteAllBytes(bodyFile, frame);
    return 0;
}

var clients = Enumerable.Range(0, channelCount).Select(_ => new GRPCInferenceService.GRPCInferenceServiceClient(GrpcChannel.ForAddress(url, new GrpcChannelOptions
{
    HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan },
    MaxReceiveMessageSize = 64 << 20,
}))).ToArray();

var headers = Environment.GetEnvironmentVariable("API_KEY") is { Length: > 0 } apiKey ? new Metadata { { "x-api-key", apiKey } } : null;

// One checked call: the probability of the first row must be the one ONNX Runtime gives in process.
var check = await clients[0].ModelInferAsync(request, headers);
var probability = ProbabilityOf(check);
if (probability is not { } p || Math.Abs(p - expected) > 1e-4f)
    Console.Error.WriteLine($"{name}: warning: the first row's probability is {probability?.ToString(inv) ?? "missing"}, expected {expected.ToString(inv)}");

var start = Stopwatch.GetTimestamp();
var stop = start + (long)(seconds * Stopwatch.Frequency);
var runs = Enumerable.Range(0, callers).Select(i => Task.Run(() => CallAsync(clients[i % clients.Length]))).ToArray();
var results = await Task.WhenAll(runs);
var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;

var latencies = results.SelectMany(r => r.Latencies).ToArray();
Array.Sort(latencies);
var rps = latencies.Length / elapsed;
Console.WriteLine(string.Create(inv,
    $"{name} rps={rps:F2} rows_per_s={rps * rows:F0} p50_ms={Percentile(0.50):0.###} p99_ms={Percentile(0.99):0.###} non2xx={results.Sum(r => r.Errors)}"));
return 0;

async Task<(List<double> Latencies, long Errors)> CallAsync(GRPCInferenceService.GRPCInferenceServiceClient client)
{
    var latencies = new List<double>(1 << 16);
    long errors = 0;
    while (true)
    {
        var begin = Stopwatch.GetTimestamp();
        if (begin >= stop)
            break;
        try
        {
            await client.ModelInferAsync(request, headers);
        }
        catch (RpcException)
        {
            errors++;
        }
        latencies.Add(Stopwatch.GetElapsedTime(begin).TotalMilliseconds);
    }
    return (latencies, errors);
}

double Percentile(double q) => latencies.Length == 0 ? 0 : latencies[Math.Min(latencies.Length - 1, (int)(q * latencies.Length))];

static float? ProbabilityOf(ModelInferResponse response)
{
    for (var i = 0; i < response.Outputs.Count; i++)
    {
        var output = response.Outputs[i];
        if (!output.Name.StartsWith("Probability", StringComparison.Ordinal))
            continue;
        if (response.RawOutputContents.Count > i)
            return MemoryMarshal.Read<float>(response.RawOutputContents[i].Span);
        return output.Contents?.Fp32Contents.Count > 0 ? output.Contents.Fp32Contents[0] : null;
    }
    return null;
}
