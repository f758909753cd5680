using System.Globalization;
using Capstan.Training.Pipelines;

namespace Capstan.Training.Gates;

/// <summary>Decides whether a candidate replaces the champion, with MLflow's <c>MetricThreshold</c> semantics and a latency bound.</summary>
/// <remarks>
/// With greater-is-better metrics (lower-is-better mirror each rule): <c>threshold</c> passes when candidate &gt;= threshold;
/// <c>min_absolute_change</c> when candidate &gt;= champion + change; <c>min_relative_change</c> when candidate &gt;=
/// champion + |champion| x change (MLflow writes champion x (1 + change), the same for a positive champion; the absolute
/// value keeps the rule a demand for improvement when a metric such as R² is negative; a champion of 0 then needs any
/// improvement at all); <c>max_latency_p99_ms</c> when the candidate's p99 per-row time is at most the bound. Without a
/// champion (the first model of a pipeline) the change rules are skipped, as MLflow skips them without a baseline.
/// Margins are added and compared in decimal, as MLflow does, so that 0.8 + 0.05 needs 0.85 and not 0.8500000000000001;
/// a metric that is not a finite number fails every rule it is in. Stateless.
/// </remarks>
public static class Gate
{
    /// <summary>Applies <paramref name="gate"/> to the candidate's and champion's holdout metrics and the candidate's p99 latency.</summary>
    public static GateDecision Decide(GateSpec gate, IReadOnlyDictionary<string, double> candidate, IReadOnlyDictionary<string, double>? champion, double candidateP99Ms)
    {
        var rules = new List<GateRule>();
        var metric = gate.Metric;
        var value = candidate[metric];
        var greater = gate.GreaterIsBetter;
        var better = greater ? "higher" : "lower";
        bool AtLeast(decimal needed) => double.IsFinite(value) && (greater ? (decimal)value >= needed : (decimal)value <= needed);
        if (gate.Threshold is { } threshold)
        {
            var passed = AtLeast((decimal)threshold);
            rules.Add(new GateRule("threshold", passed,
                $"{metric} {F(value)} {(passed ? "meets" : "misses")} the threshold {F(threshold)} ({better} is better)."));
        }
        if (champion is not null)
        {
            var baseline = champion[metric];
            var known = double.IsFinite(baseline);
            var direction = greater ? 1 : -1;
            if (gate.MinAbsoluteChange is { } absolute)
            {
                var needed = known ? (decimal)baseline + direction * (decimal)absolute : 0;
                var passed = known && AtLeast(needed);
                rules.Add(new GateRule("min_absolute_change", passed,
                    $"{metric} {F(value)} against the champion's {F(baseline)}: a change of {F(value - baseline)} {(passed ? "reaches" : "falls short of")} the {better} margin of {F(absolute)} (needs {F(needed)})."));
            }
            if (gate.MinRelativeChange is { } relative)
            {
                var needed = known ? (decimal)baseline + direction * Math.Abs((decimal)baseline) * (decimal)relative : 0;
                var passed = known && (baseline == 0 ? (greater ? value > 0 : value < 0) : AtLeast(needed));
                rules.Add(new GateRule("min_relative_change", passed,
                    $"{metric} {F(value)} against the champion's {F(baseline)}: a relative change of {(baseline == 0 ? "n/a" : F((value - baseline) / Math.Abs(baseline)))} {(passed ? "reaches" : "falls short of")} the {better} margin of {F(relative)} of the champion's value (needs {F(needed)})."));
            }
        }
        if (gate.MaxLatencyP99Ms is { } bound)
        {
            var passed = candidateP99Ms <= bound;
            rules.Add(new GateRule("max_latency_p99_ms", passed,
                $"p99 latency {F(candidateP99Ms)} ms per row is {(passed ? "within" : "over")} the bound of {F(bound)} ms."));
        }
        return new GateDecision(rules.All(r => r.Passed), rules);
    }

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string F(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
