// stages [MODELS] [ROWS...]: the cost of each stage of one REST inference on the benchmark model, in process and on
// one thread, so that a figure of run.sh can be split into where its time and allocations go. For bc.onnx and bc.zip
// (MODELS, default BENCH_OUT/models) and each row count (default 1 and 32) it prints microseconds and managed bytes
// per call of: decoding the JSON body (RequestDecoder), validating it (InputValidator), running the model with every
// output (what a request that names no outputs gets) and with the two the peers return, encoding the response
// (ResponseEncoder) with every output and with those two, and, for comparison, ML.NET's PredictionEngine per row
// (the mlnet peer's model call). Each figure is the fastest of 5 rounds of at least 200 ms after a warm-up, since
// the machine is shared. Not a test: nothing is asserted.
using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Runtime.Inspection;
using Capstan.Runtime.MlNet;
using Capstan.Runtime.Onnx;
using Capstan.Runtime.Runtimes;
using Capstan.Server.Inference.Rest;
using Capstan.Serving.Validation;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

var inv = CultureInfo.InvariantCulture;
var models = args.Length > 0 ? args[0] : Path.Combine(Environment.GetEnvironmentVariable("BENCH_OUT") ?? "/tmp/capstan-bench", "models");
int[] rowCounts = args.Length > 1 ? args.Skip(1).Select(a => int.Parse(a, inv)).ToArray() : [1, 32];
var rowText = File.ReadAllText(Path.Combine(models, "row.txt")).Trim();
var row = rowText.Split(',').Select(v => float.Parse(v, inv)).ToArray();
var limits = new ServingLimits();
var validator = new InputValidator(limits);
var inspector = new ModelInspector(new InspectionOptions());
string[] twoOutputs = ["Probability.output", "PredictedLabel.output"];

Console.WriteLine($"{"stage",-52} {"rows",4} {"us/call",10} {"bytes/call",11}");
foreach (var (file, runtime) in new (string, IModelRuntime)[] { ("bc.onnx", new OnnxModelRuntime(new OnnxRuntimeOptions())), ("bc.zip", new MlNetModelRuntime()) })
{
    var path = Path.Combine(models, file);
    var signature = (await inspector.InspectAsync(path, CancellationToken.None)).Value.Signature;
    using var loaded = runtime.Load(path, signature).Value;
    var two = signature.Outputs.Select(o => o.Name).Where(n => twoOutputs.Contains(n) || twoOutputs.Contains(n + ".output")).ToArray();
    foreach (var rows in rowCounts)
    {
        var body = Encoding.UTF8.GetBytes($"{{\"inputs\":[{{\"name\":\"Features\",\"shape\":[{rows},30],\"datatype\":\"FP32\",\"data\":[{string.Join(",", Enumerable.Repeat(rowText, rows))}]}}]}}");
        var sequence = new ReadOnlySequence<byte>(body);
        var request = RequestDecoder.Decode(sequence, limits).Value.Request;
        var valid = validator.Validate(request, signature).Value;
        var all = loaded.Run(valid.Inputs, valid.Outputs).Value;
        var some = loaded.Run(valid.Inputs, two).Value;
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        Report($"{file}: decode JSON body ({body.Length} B)", rows, () => RequestDecoder.Decode(sequence, limits));
        Report($"{file}: validate", rows, () => validator.Validate(request, signature));
        Report($"{file}: run, all {valid.Outputs.Count} outputs", rows, () => loaded.Run(valid.Inputs, valid.Outputs));
        Report($"{file}: run, {string.Join(" + ", two.Select(n => n.Split('.')[0]))}", rows, () => loaded.Run(valid.Inputs, two));
        buffer.ResetWrittenCount();
        ResponseEncoder.WriteInferenceResponse(buffer, new InferenceResponse("bc", "1", null, all), BinaryOutputs.None);
        Report($"{file}: encode all outputs ({buffer.WrittenCount} B)", rows, () => { buffer.ResetWrittenCount(); ResponseEncoder.WriteInferenceResponse(buffer, new InferenceResponse("bc", "1", null, all), BinaryOutputs.None); });
        buffer.ResetWrittenCount();
        ResponseEncoder.WriteInferenceResponse(buffer, new InferenceResponse("bc", "1", null, some), BinaryOutputs.None);
        Report($"{file}: encode two outputs ({buffer.WrittenCount} B)", rows, () => { buffer.ResetWrittenCount(); ResponseEncoder.WriteInferenceResponse(buffer, new InferenceResponse("bc", "1", null, some), BinaryOutputs.None); });
        if (file == "bc.onnx")
        {
            // What OnnxLoadedModel.Run could do instead: let ONNX Runtime write the outputs into buffers the caller
            // allocates (the tensors' own), rather than into its own allocations that are then copied out.
            var session = OnnxSession(path);
            var features = Enumerable.Repeat(row, rows).SelectMany(r => r).ToArray();
            var shapes = session.OutputMetadata.ToDictionary(o => o.Key, o => o.Value.Dimensions.Select(d => d < 0 ? (long)rows : d).ToArray());
            var types = session.OutputMetadata.ToDictionary(o => o.Key, o => o.Value.ElementDataType);
            var allNames = valid.Outputs.ToArray();
            Report($"{file}: session.Run into caller buffers, all {allNames.Length}", rows, () => RunInto(session, features, rows, allNames, shapes, types));
            Report($"{file}: session.Run into caller buffers, two", rows, () => RunInto(session, features, rows, two, shapes, types));
        }
        if (file == "bc.zip")
        {
            var ml = new MLContext();
            var model = ml.Model.Load(path, out _);
            var engine = ml.Model.CreatePredictionEngine<PeerInput, PeerOutput>(model);
            var input = new PeerInput { Features = row };
            Report("bc.zip: PredictionEngine.Predict per row (peer)", rows, () => { for (var i = 0; i < rows; i++) engine.Predict(input); });
        }
    }
}

static InferenceSession OnnxSession(string path)
{
    var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
    options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
    return new InferenceSession(path, options);
}

static void RunInto(InferenceSession session, float[] features, int rows, string[] names, Dictionary<string, long[]> shapes, Dictionary<string, TensorElementType> types)
{
    using var input = OrtValue.CreateTensorValueFromMemory(features, [rows, 30]);
    var outputs = new OrtValue[names.Length];
    try
    {
        for (var i = 0; i < names.Length; i++)
        {
            var shape = shapes[names[i]];
            var count = shape.Aggregate(1L, (a, b) => a * b);
            outputs[i] = types[names[i]] == TensorElementType.Bool
                ? OrtValue.CreateTensorValueFromMemory(new bool[count], shape)
                : OrtValue.CreateTensorValueFromMemory(new float[count], shape);
        }
        using var options = new RunOptions();
        session.Run(options, ["Features"], [input], names, outputs);
    }
    finally
    {
        foreach (var output in outputs)
            output?.Dispose();
    }
}

void Report(string stage, int rows, Action call)
{
    for (var i = 0; i < 2000; i++)
        call();
    var best = double.MaxValue;
    long bytes = 0;
    for (var round = 0; round < 5; round++)
    {
        long calls = 0;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        while (watch.ElapsedMilliseconds < 200)
        {
            for (var i = 0; i < 100; i++)
                call();
            calls += 100;
        }
        var micros = watch.Elapsed.TotalMicroseconds / calls;
        if (micros < best)
            (best, bytes) = (micros, (GC.GetAllocatedBytesForCurrentThread() - allocated) / calls);
    }
    Console.WriteLine(string.Create(inv, $"{stage,-52} {rows,4} {best,10:F2} {bytes,11}"));
}

/// <summary>The mlnet peer's input row.</summary>
public sealed class PeerInput
{
    /// <summary>The 30 features.</summary>
    [VectorType(30)]
    public float[] Features = [];
}

/// <summary>The mlnet peer's output row.</summary>
public sealed class PeerOutput
{
    /// <summary>The predicted label.</summary>
    public bool PredictedLabel;

    /// <summary>The probability of the positive class.</summary>
    public float Probability;
}
