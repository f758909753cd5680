using System.Diagnostics;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Server.Inference.Grpc;
using Capstan.Server.Inference.Grpc.Protocol;
using Google.Protobuf;

namespace Capstan.Server.Tests.Inference.Grpc;

/// <summary>Reports (does not assert) the codec's time and allocations for breast-cancer requests of 1 and 32 rows.</summary>
/// <remarks>
/// The request is <c>Features</c> FP32 [rows,30]; the response is what the breast cancer model answers,
/// <c>PredictedLabel</c> BOOL [rows,1], <c>Score</c> and <c>Probability</c> FP32 [rows,1]. Allocations are those of the
/// measuring thread, per operation; protobuf parsing and serialization are measured apart for scale.
/// </remarks>
public sealed class GrpcCodecMeasurements
{
    private const int Iterations = 20_000;

    /// <summary>Long enough for tiered compilation to promote the codec's methods to optimized code.</summary>
    private const int WarmUpMilliseconds = 300;

    [Theory]
    [InlineData(1)]
    [InlineData(32)]
    public void Codec_ReportsItsThroughputAndAllocationsForBreastCancerRequests(int rows)
    {
        var random = new Random(rows);
        var features = Enumerable.Range(0, rows * 30).Select(_ => random.NextSingle() * 100).ToArray();
        var typed = Request(rows, raw: null);
        typed.Inputs[0].Contents = new InferTensorContents { Fp32Contents = { features } };
        var raw = Request(rows, ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(features.AsSpan())));
        var typedBytes = typed.ToByteArray();
        var rawBytes = raw.ToByteArray();
        var response = Response(rows, random);

        var lines = new[]
        {
            Measure($"decode typed  ({typedBytes.Length} B)", () => InferRequestDecoder.Decode(typed)),
            Measure($"decode raw    ({rawBytes.Length} B)", () => InferRequestDecoder.Decode(raw)),
            Measure("encode raw", () => InferResponseEncoder.Encode(response, typed: false)),
            Measure("encode typed", () => InferResponseEncoder.Encode(response, typed: true)),
            Measure("protobuf parse typed request", () => ModelInferRequest.Parser.ParseFrom(typedBytes)),
            Measure("protobuf parse raw request", () => ModelInferRequest.Parser.ParseFrom(rawBytes)),
            Measure("protobuf write raw response", () => InferResponseEncoder.Encode(response, typed: false).ToByteArray()),
        };

        TestContext.Current.TestOutputHelper?.WriteLine($"breast cancer, {rows} row(s), {Iterations} iterations each:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}");
    }

    private static string Measure<T>(string what, Func<T> operation)
    {
        var warmUp = Stopwatch.StartNew();
        while (warmUp.ElapsedMilliseconds < WarmUpMilliseconds)
            operation();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Iterations; i++)
            operation();
        watch.Stop();
        var bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / Iterations;
        var nanoseconds = watch.Elapsed.TotalNanoseconds / Iterations;
        return $"  {what,-36} {nanoseconds,9:F0} ns/op {1e9 / nanoseconds,12:N0} op/s {bytes,7} B/op";
    }

    private static ModelInferRequest Request(int rows, ByteString? raw)
    {
        var request = new ModelInferRequest { ModelName = "breast-cancer", Id = "measure" };
        request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = "Features", Datatype = "FP32", Shape = { rows, 30 } });
        if (raw is not null)
            request.RawInputContents.Add(raw);
        return request;
    }

    private static InferenceResponse Response(int rows, Random random)
    {
        var labels = Enumerable.Range(0, rows).Select(_ => (byte)random.Next(2)).ToArray();
        var scores = Enumerable.Range(0, rows).Select(_ => random.NextSingle() * 10 - 5).ToArray();
        var probabilities = Enumerable.Range(0, rows).Select(_ => random.NextSingle()).ToArray();
        return new InferenceResponse("breast-cancer", "1", "measure",
        [
            Tensor.FromBuffer("PredictedLabel", TensorDataType.Bool, [rows, 1], labels),
            Tensor.From("Score", TensorDataType.Fp32, [rows, 1], scores),
            Tensor.From("Probability", TensorDataType.Fp32, [rows, 1], probabilities),
        ]);
    }
}
