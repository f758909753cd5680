// batching DIR [WIDTHS] [SEED]: writes DIR/mlp.onnx, a perceptron of WIDTHS (default 30,768,768,2; input Features,
// output Probability) with seeded weights, and DIR/row.txt, one row of 30 seeded features for load.sh; then prints how
// long one ONNX Runtime run of it takes for 1 and for 32 rows, on one thread as Capstan runs it on a small machine.
using System.Diagnostics;
using System.Globalization;
using Capstan.Testing.Models;
using Microsoft.ML.OnnxRuntime;

var directory = args.Length > 0 ? args[0] : ".";
var widths = (args.Length > 1 ? args[1] : "30,768,768,2").Split(',').Select(int.Parse).ToArray();
var seed = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
Directory.CreateDirectory(directory);
var path = Path.Combine(directory, "mlp.onnx");
CraftedOnnx.WriteMlp(path, widths, seed);
var random = new Random(seed);
var row = Enumerable.Range(0, widths[0]).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
File.WriteAllText(Path.Combine(directory, "row.txt"), string.Join(",", row.Select(value => value.ToString("R", CultureInfo.InvariantCulture))));
Console.WriteLine($"wrote {path}: {string.Join("-", widths)}, {new FileInfo(path).Length} bytes");

using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
using var session = new InferenceSession(path, options);
foreach (var rows in new[] { 1, 32 })
{
    var features = Enumerable.Range(0, rows).SelectMany(_ => row).ToArray();
    using var input = OrtValue.CreateTensorValueFromMemory(features, [rows, widths[0]]);
    using var runOptions = new RunOptions();
    double Time(int calls)
    {
        var clock = Stopwatch.StartNew();
        for (var call = 0; call < calls; call++)
            using (session.Run(runOptions, ["Features"], [input], ["Probability"])) { }
        return clock.Elapsed.TotalMicroseconds / calls;
    }
    Time(200);
    var times = Enumerable.Range(0, 5).Select(_ => Time(1000)).Order().ToArray();
    Console.WriteLine($"one run of {rows} row(s): {times[2]:F1} us (median of 5 x 1000), {times[2] / rows:F2} us per row");
}
