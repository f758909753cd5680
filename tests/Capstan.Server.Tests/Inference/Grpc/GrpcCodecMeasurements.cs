using System.Buffers;
using System.Diagnostics;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Server.Inference.Grpc;
using Capstan.Server.Inference.Grpc.Protocol;
using Capstan.Serving.Validation;
using Google.Protobuf;

namespace Capstan.Server.Tests.Inference.Grpc;

/// <summary>Reports (does not assert) the codec's time and allocations for breast-cancer requests of 1 and 32 rows.</summary>
/// <remarks>
/// The request is <c>Features</c> FP32 [rows,30]; the response is what the breast cancer ONNX model answers when no output
/// is named: <c>Features.output</c> FP32 [rows,30], <c>PredictedLabel.output</c> BOOL [rows,1], <c>Score.output</c> and
/// <c>Probability.output</c> FP32 [rows,1]. Time is the fastest of five rounds;
/// allocations are those of the measuring thread, per operation; responses are written into one reused buffer, and
/// protobuf parsing is measured apart for scale.
/// </remarks>
public sealed class GrpcCodecMeasurements
{
    private static readonly ServingLimits Limits = new();

    private const int Iterations = 20_000;

    /// <summary>The iterations run in this many rounds and the fastest round counts, as other processes share the machine.</summary>
    private const int Rounds = 5;

    /// <summary>How long each operation runs before measuring, in each of <see cref="WarmUpPasses"/> passes over all of them,
    /// so that tiered compilation has promoted every method they call to optimized code.</summary>
    private const int WarmUpMilliseconds = 200;

    /// <summary>How many times every operation is warmed up.</summary>
    private const int WarmUpPasses = 3;

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
        var response = Response(features, rows, random);

        (string What, Action Operation)[] operations =
        [
            ($"decode typed ({typedBytes.Length} B)", () => InferRequestDecoder.Decode(typedBytes, Limits)),
            ($"decode raw ({rawBytes.Length} B)", () => InferRequestDecoder.Decode(rawBytes, Limits)),
            ("write raw response", () => Write(new InferReply(response, Typed: false))),
            ("write typed response", () => Write(new InferReply(response, Typed: true))),
            ("protobuf parse typed request", () => ModelInferRequest.Parser.ParseFrom(typedBytes)),
            ("protobuf parse raw request", () => ModelInferRequest.Parser.ParseFrom(rawBytes)),
        ];
        for (var pass = 0; pass < WarmUpPasses; pass++)
            foreach (var (_, operation) in operations)
                WarmUp(operation);
        var lines = operations.Select(o => Measure(o.What, o.Operation));

        TestContext.Current.TestOutputHelper?.WriteLine($"breast cancer, {rows} row(s), {Iterations} iterations each:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}");
    }

    private static void WarmUp(Action operation)
    {
        var watch = Stopwatch.StartNew();
        while (watch.ElapsedMilliseconds < WarmUpMilliseconds)
            operation();
    }

    private static string Measure(string what, Action operation)
    {
        var fastest = double.MaxValue;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < Rounds; round++)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < Iterations / Rounds; i++)
                operation();
            fastest = Math.Min(fastest, watch.Elapsed.TotalNanoseconds / (Iterations / Rounds));
        }
        var bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / Iterations;
        return $"  {what,-36} {fastest,9:F0} ns/op {1e9 / fastest,12:N0} op/s {bytes,7} B/op";
    }

    /// <summary>Writes <paramref name="reply"/> through ModelInfer's marshaller into one reused buffer, as the server writes into its connection's.</summary>
    private static void Write(InferReply reply)
    {
        Output.Buffer.ResetWrittenCount();
        InferResponseEncoder.Marshaller.ContextualSerializer(reply, Output);
    }

    private static readonly ReusedSerializationContext Output = new();

    /// <summary>A serialization context over one buffer that each write starts again.</summary>
    private sealed class ReusedSerializationContext : global::Grpc.Core.SerializationContext
    {
        public ArrayBufferWriter<byte> Buffer { get; } = new(1 << 16);

        public override void SetPayloadLength(int payloadLength)
        {
        }

        public override IBufferWriter<byte> GetBufferWriter() => Buffer;

        public override void Complete()
        {
        }
    }

    private static ModelInferRequest Request(int rows, ByteString? raw)
    {
        var request = new ModelInferRequest { ModelName = "breast-cancer", Id = "measure" };
        request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = "Features", Datatype = "FP32", Shape = { rows, 30 } });
        if (raw is not null)
            request.RawInputContents.Add(raw);
        return request;
    }

    private static InferenceResponse Response(float[] features, int rows, Random random)
    {
        var labels = Enumerable.Range(0, rows).Select(_ => (byte)random.Next(2)).ToArray();
        var scores = Enumerable.Range(0, rows).Select(_ => random.NextSingle() * 10 - 5).ToArray();
        var probabilities = Enumerable.Range(0, rows).Select(_ => random.NextSingle()).ToArray();
        return new InferenceResponse("breast-cancer", "1", "measure",
        [
            Tensor.From("Features.output", TensorDataType.Fp32, [rows, 30], features),
            Tensor.FromBuffer("PredictedLabel.output", TensorDataType.Bool, [rows, 1], labels),
            Tensor.From("Score.output", TensorDataType.Fp32, [rows, 1], scores),
            Tensor.From("Probability.output", TensorDataType.Fp32, [rows, 1], probabilities),
        ]);
    }
}
