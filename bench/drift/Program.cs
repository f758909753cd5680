using System.Diagnostics;
using System.Text.Json;
using Capstan.Core.Monitoring;
using Capstan.Core.Serialization;
using Capstan.Monitoring.Drift;
using Capstan.Monitoring.Profiles;

// Drift of ROWS current rows x FEATURES numeric features against a stored profile built from a reference of the same size:
// the statistics alone, or with --log the whole evaluation from an inference log of ROWS one-row requests.
var fromLog = args.Contains("--log");
var numbers = args.Where(a => a != "--log").ToArray();
var rows = numbers.Length > 0 ? int.Parse(numbers[0]) : 100_000;
var featureCount = numbers.Length > 1 ? int.Parse(numbers[1]) : 100;
const double TargetSeconds = 2.0;
var random = new Random(20240601);

double[] Column(double shift)
{
    var values = new double[rows];
    for (var i = 0; i < rows; i++)
        values[i] = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()) + shift;
    return values;
}

var profiles = new FeatureProfile[featureCount];
for (var f = 0; f < featureCount; f++)
    profiles[f] = FeatureProfiler.Numeric($"f{f}", Column(0));
var json = JsonSerializer.Serialize(new DatasetProfile(rows, profiles), CapstanJson.Options);
var stored = JsonSerializer.Deserialize<DatasetProfile>(json, CapstanJson.Options)!;
var current = new double[featureCount][];
for (var f = 0; f < featureCount; f++)
    current[f] = Column(f % 3 == 0 ? 0.2 : 0);

if (fromLog)
{
    await LogBench.RunAsync(stored, current, TargetSeconds);
    return;
}

DriftDetector.Numeric(stored, current);
var times = new double[5];
DatasetDrift? drift = null;
for (var run = 0; run < times.Length; run++)
{
    var watch = Stopwatch.StartNew();
    drift = DriftDetector.Numeric(stored, current).Value;
    times[run] = watch.Elapsed.TotalSeconds;
}

Array.Sort(times);
var median = times[times.Length / 2];
Console.WriteLine($"profile JSON {json.Length / 1e6:F1} MB; test {drift!.Features[0].Test}; drifted share {drift.DriftedShare:F2}");
Console.WriteLine($"drift of {rows:N0} rows x {featureCount} numeric features: median of 5 runs {median:F3} s (runs {string.Join(", ", times.Select(t => t.ToString("F3")))}); ratio to the {TargetSeconds} s target {median / TargetSeconds:F3}");
