using System.Text.Json;
using Capstan.Training.Candidates;

namespace Capstan.Training.Pipelines;

/// <summary>Writes a <see cref="PipelineSpec"/> as canonical JSON: snake_case keys in a fixed order, every default written, no white space.</summary>
internal static class CanonicalSpecJson
{
    public static byte[] Write(PipelineSpec spec)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("name", spec.Name);
            json.WriteString("model", spec.Model);
            WriteSource(json, spec.Source);
            WriteColumns(json, spec.Columns);
            json.WriteString("task", Lower(spec.Task));
            json.WriteStartArray("candidates");
            foreach (var candidate in spec.Candidates)
            {
                json.WriteStartObject();
                json.WriteString("trainer", TrainerCatalog.SpecName(candidate.Trainer));
                json.WriteStartObject("parameters");
                foreach (var (name, range) in candidate.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
                    WriteRange(json, name, range);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartObject("search");
            json.WriteNumber("trials", spec.Search.Trials);
            json.WriteNumber("seed", spec.Search.Seed);
            json.WriteEndObject();
            json.WriteStartObject("evaluation");
            json.WriteString("holdout", Lower(spec.Evaluation.Holdout));
            json.WriteNumber("fraction", spec.Evaluation.Fraction);
            json.WriteNumber("folds", spec.Evaluation.Folds);
            json.WriteEndObject();
            json.WriteStartObject("checks");
            json.WriteNumber("min_rows", spec.Checks.MinRows);
            WriteOptional(json, "max_missing_rate", spec.Checks.MaxMissingRate);
            WriteOptional(json, "min_class_share", spec.Checks.MinClassShare);
            json.WriteString("schema", spec.Checks.StrictSchema ? "strict" : "declared");
            json.WriteEndObject();
            json.WriteStartObject("gate");
            json.WriteString("metric", spec.Gate.Metric);
            WriteOptional(json, "threshold", spec.Gate.Threshold);
            WriteOptional(json, "min_absolute_change", spec.Gate.MinAbsoluteChange);
            WriteOptional(json, "min_relative_change", spec.Gate.MinRelativeChange);
            WriteOptional(json, "max_latency_p99_ms", spec.Gate.MaxLatencyP99Ms);
            json.WriteEndObject();
            json.WriteStartObject("export");
            json.WriteBoolean("onnx", spec.Export.Onnx);
            json.WriteEndObject();
            json.WriteStartObject("rollout");
            json.WriteString("strategy", spec.Rollout.Canary ? "canary" : "none");
            if (spec.Rollout.Canary)
            {
                json.WriteStartArray("steps");
                foreach (var weight in spec.Rollout.Weights)
                    json.WriteNumberValue(weight);
                json.WriteEndArray();
                json.WriteNumber("step_duration_seconds", (long)spec.Rollout.StepDuration.TotalSeconds);
            }
            json.WriteEndObject();
            json.WriteStartObject("triggers");
            if (spec.Triggers.Schedule is { } schedule)
                json.WriteString("schedule", schedule);
            json.WriteStartArray("on_alert");
            foreach (var alert in spec.Triggers.OnAlert.Order(StringComparer.Ordinal))
                json.WriteStringValue(alert);
            json.WriteEndArray();
            WriteOptional(json, "after_labels", spec.Triggers.AfterLabels);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteSource(Utf8JsonWriter json, DataSourceSpec source)
    {
        json.WriteStartObject("source");
        switch (source)
        {
            case CsvSource csv:
                json.WriteString("csv", csv.Path);
                break;
            case ParquetSource parquet:
                json.WriteString("parquet", parquet.Path);
                break;
            case SqlSource sql:
                json.WriteStartObject("sql");
                json.WriteString("provider", Lower(sql.Provider));
                json.WriteString("connection", sql.Connection);
                json.WriteString("query", sql.Query);
                json.WriteEndObject();
                break;
            case InferenceLogSource log:
                json.WriteStartObject("inference_log");
                json.WriteNumber("window_seconds", (long)log.Window.TotalSeconds);
                json.WriteEndObject();
                break;
        }
        json.WriteEndObject();
    }

    private static void WriteColumns(Utf8JsonWriter json, ColumnsSpec columns)
    {
        json.WriteStartObject("columns");
        json.WriteStartArray("features");
        foreach (var feature in columns.Features)
        {
            json.WriteStartObject();
            json.WriteString("name", feature.Name);
            json.WriteString("type", Lower(feature.Type));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartObject("label");
        json.WriteString("name", columns.Label.Name);
        if (columns.Label.Positive is { } positive)
            json.WriteString("positive", positive);
        json.WriteEndObject();
        if (columns.Weight is { } weight)
            json.WriteString("weight", weight);
        if (columns.Time is { } time)
            json.WriteString("time", time);
        json.WriteEndObject();
    }

    private static void WriteRange(Utf8JsonWriter json, string name, ParameterRange range)
    {
        json.WriteStartObject(name);
        json.WriteString("scale", Lower(range.Scale));
        if (range.Scale == ParameterScale.Choice)
        {
            json.WriteStartArray("choices");
            foreach (var choice in range.Choices)
                json.WriteNumberValue(choice);
            json.WriteEndArray();
        }
        else
        {
            json.WriteNumber("min", range.Min);
            json.WriteNumber("max", range.Max);
        }
        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
            json.WriteNumber(name, v);
    }

    private static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
