using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Server.Inference.Rest;
using Capstan.Serving.Validation;
using Capstan.Testing.Models;
using Capstan.Training.Datasets;

namespace Capstan.Server.Tests.Inference.Rest;

/// <summary>Throughput and allocations of the REST codecs on breast-cancer requests, for the record rather than as a check.</summary>
/// <remarks>
/// Explicit: these run only when asked for, in Release, on a quiet machine:
/// <c>dotnet build tests/Capstan.Server.Tests -c Release</c>, then
/// <c>tests/Capstan.Server.Tests/bin/Release/net10.0/Capstan.Server.Tests -class Capstan.Server.Tests.Inference.Rest.CodecMeasurements -explicit only -showLiveOutput</c>.
/// </remarks>
public sealed class CodecMeasurements
{
    private static readonly ServingLimits Limits = new();
    private static readonly IReadOnlyList<LabeledSample> Samples = BreastCancerDataset.Load().Samples;

    [Fact(Explicit = true)]
    public void MeasureBreastCancerRequestsOfOneAndThirtyTwoRows()
    {
        foreach (var rows in (int[])[1, 32])
        {
            MeasureV2Decode(rows);
            MeasureV1Decode(rows);
            MeasureV2Encode(rows);
        }
    }

    private static void MeasureV2Decode(int rows)
    {
        var body = Body($$"""{"inputs":[{"name":"Features","shape":[{{rows}},30],"datatype":"FP32","data":[{{string.Join(",", Enumerable.Range(0, rows).Select(Row))}}]}]}""");

        Measure($"V2 decode, {rows} rows", rows, body.Length, () => RequestDecoder.Decode(body, Limits).Value);
    }

    private static void MeasureV1Decode(int rows)
    {
        var instances = string.Join(",", Enumerable.Range(0, rows).Select(row => $$"""{"Features":[{{Row(row)}}]}"""));
        var body = Body($$"""{"instances":[{{instances}}]}""");
        var signature = TestSignatures.BreastCancerOnnx;

        Measure($"V1 decode, {rows} rows", rows, body.Length, () => TabularCodec.Decode(body, signature, Limits).Value);
    }

    private static void MeasureV2Encode(int rows)
    {
        var random = new Random(7);
        var response = new InferenceResponse("breast-cancer", "1", "42",
            [
                Tensor.From("PredictedLabel.output", TensorDataType.Bool, [rows, 1], [.. Enumerable.Range(0, rows).Select(_ => (byte)random.Next(2))]),
                Tensor.From("Score.output", TensorDataType.Fp32, [rows, 1], [.. Enumerable.Range(0, rows).Select(_ => random.NextSingle() * 10 - 5)]),
                Tensor.From("Probability.output", TensorDataType.Fp32, [rows, 1], [.. Enumerable.Range(0, rows).Select(_ => random.NextSingle())]),
            ]);
        var output = new ArrayBufferWriter<byte>(4096);

        Measure($"V2 encode, {rows} rows", rows, 0, () =>
        {
            output.ResetWrittenCount();
            ResponseEncoder.WriteInferenceResponse(output, response, BinaryOutputs.None);
            return output;
        });
    }

    private static void Measure<T>(string what, int rows, long bodyBytes, Func<T> run)
    {
        var clock = Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < 2_000)
            run();
        var iterations = 0;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        clock.Restart();
        while (clock.ElapsedMilliseconds < 3_000)
        {
            for (var i = 0; i < 100; i++)
                run();
            iterations += 100;
        }
        clock.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        var perSecond = iterations / clock.Elapsed.TotalSeconds;
        TestContext.Current.TestOutputHelper!.WriteLine(
            $"{what}: {perSecond:N0} requests/s, {perSecond * rows:N0} rows/s, {1e6 / perSecond:N2} us each, " +
            $"{allocated / iterations:N0} bytes allocated per request{(bodyBytes > 0 ? $", body {bodyBytes:N0} bytes" : "")}");
    }

    private static string Row(int row) =>
        string.Join(",", Samples[row].Features.Select(value => value.ToString("R", CultureInfo.InvariantCulture)));

    private static ReadOnlySequence<byte> Body(string json) => new(Encoding.UTF8.GetBytes(json));
}
