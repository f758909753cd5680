using System.Globalization;
using System.Text.RegularExpressions;
using Capstan.Core.Naming;
using Capstan.Training.Candidates;
using Cronos;

namespace Capstan.Training.Pipelines;

/// <summary>Maps the nodes of a spec file onto a <see cref="PipelineSpec"/>, collecting every problem with its line and field.</summary>
/// <remarks>A mutable, single-use object: one binder reads one file.</remarks>
internal sealed partial class SpecBinder
{
    private static readonly string[] ReservedColumns = ["Features", "Score", "PredictedLabel", "Probability"];
    private readonly List<string> _problems = [];

    /// <summary>Every problem found, one line each, in the order of the file.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Binds <paramref name="root"/>; null when any problem was found.</summary>
    public PipelineSpec? Bind(SpecNode root)
    {
        var top = Mapping(root, "", "name", "model", "source", "columns", "task", "candidates", "search", "evaluation", "checks", "gate", "export", "rollout", "triggers");
        if (top is null)
            return null;
        var name = Name(top, "name", "pipeline name");
        var model = Name(top, "model", "model name");
        var source = Source(top);
        var task = Choice(top, "", "task", required: true, ("binary", TrainingTask.Binary), ("multiclass", TrainingTask.Multiclass), ("regression", TrainingTask.Regression));
        var columns = Columns(top, task);
        var candidates = Candidates(top, task);
        var search = Search(top);
        var evaluation = Evaluation(top, columns);
        var checks = Checks(top, task);
        var gate = Gate(top, task);
        var export = new ExportSpec(Bool(Mapping(top["export"], "export", "onnx"), "export", "onnx") ?? false);
        var rollout = Rollout(top);
        var triggers = Triggers(top);
        if (_problems.Count > 0)
            return null;
        return new PipelineSpec(name!, model!, source!, columns!, task!.Value, candidates, search, evaluation, checks, gate!, export, rollout!, triggers!);
    }

    private DataSourceSpec? Source(SpecMapping top)
    {
        var source = Mapping(top["source"], "source", "csv", "parquet", "sql", "inference_log");
        if (source is null)
        {
            Required(top, "source", "give one of csv, parquet, sql or inference_log");
            return null;
        }
        if (source.Entries.Count != 1)
        {
            Problem(source.Line, "source", $"give exactly one of csv, parquet, sql or inference_log, not {source.Entries.Count}.");
            return null;
        }
        return source.Entries[0].Key switch
        {
            "csv" => Path(source, "csv") is { } csv ? new CsvSource(csv) : null,
            "parquet" => Path(source, "parquet") is { } parquet ? new ParquetSource(parquet) : null,
            "sql" => Sql(Mapping(source["sql"], "source.sql", "provider", "connection", "query")),
            "inference_log" => InferenceLog(Mapping(source["inference_log"], "source.inference_log", "window")),
            _ => null,
        };
    }

    private string? Path(SpecMapping source, string key)
    {
        var path = Text(source, "source", key, required: true);
        if (path is not null && path.Any(char.IsControl))
            Problem(source.Entries[0].Line, $"source.{key}", "the path contains a control character.");
        return path;
    }

    private SqlSource? Sql(SpecMapping? sql)
    {
        if (sql is null)
            return null;
        var provider = Choice(sql, "source.sql", "provider", required: true, ("sqlite", SqlProvider.Sqlite), ("postgres", SqlProvider.Postgres));
        var connection = Text(sql, "source.sql", "connection", required: true);
        var query = Text(sql, "source.sql", "query", required: true);
        return provider is null || connection is null || query is null ? null : new SqlSource(provider.Value, connection, query);
    }

    private InferenceLogSource? InferenceLog(SpecMapping? log)
    {
        if (log is null)
            return null;
        var window = Duration(log, "source.inference_log", "window", required: true);
        if (window is { } value && (value < TimeSpan.FromMinutes(1) || value > TimeSpan.FromDays(366)))
            Problem(log["window"]!.Line, "source.inference_log.window", "must be between 1m and 366d.");
        return window is null ? null : new InferenceLogSource(window.Value);
    }

    private ColumnsSpec? Columns(SpecMapping top, TrainingTask? task)
    {
        var columns = Mapping(top["columns"], "columns", "features", "label", "weight", "time");
        if (columns is null)
        {
            Required(top, "columns", "give the features and the label");
            return null;
        }
        var features = new List<FeatureSpec>();
        var names = new Dictionary<string, string>();
        if (Mapping(columns["features"], "columns.features") is { } featureMap)
        {
            if (featureMap.Entries.Count == 0)
                Problem(featureMap.Line, "columns.features", "name at least one feature.");
            foreach (var entry in featureMap.Entries)
            {
                var path = $"columns.features.{entry.Key}";
                var type = ChoiceOf(entry.Value, path, ("numeric", FeatureType.Numeric), ("categorical", FeatureType.Categorical), ("text", FeatureType.Text), ("boolean", FeatureType.Boolean));
                if (Column(entry.Key, entry.Line, path, "a feature", names) && type is not null)
                    features.Add(new FeatureSpec(entry.Key, type.Value));
            }
        }
        else
            Required(columns, "columns.features", "map each feature column to its type (numeric, categorical, text or boolean)");
        var label = Label(columns, task, names);
        var weight = Text(columns, "columns", "weight", required: false);
        if (weight is not null)
            Column(weight, columns["weight"]!.Line, "columns.weight", "the weight", names);
        var time = Text(columns, "columns", "time", required: false);
        if (time is not null)
            Column(time, columns["time"]!.Line, "columns.time", "the time column", names);
        return label is null ? null : new ColumnsSpec(features, label, weight, time);
    }

    private LabelSpec? Label(SpecMapping columns, TrainingTask? task, Dictionary<string, string> names)
    {
        var node = columns["label"];
        string? name;
        string? positive = null;
        if (node is SpecMapping)
        {
            var label = Mapping(node, "columns.label", "name", "positive")!;
            name = Text(label, "columns.label", "name", required: true);
            positive = Text(label, "columns.label", "positive", required: false);
            if (positive is not null && task is not null and not TrainingTask.Binary)
                Problem(label["positive"]!.Line, "columns.label.positive", $"only a binary task has a positive class, and this task is {task.ToString()!.ToLowerInvariant()}.");
        }
        else
            name = Text(columns, "columns", "label", required: true);
        if (name is null || !Column(name, node!.Line, "columns.label", "the label", names))
            return null;
        return new LabelSpec(name, positive);
    }

    private bool Column(string name, int line, string path, string role, Dictionary<string, string> names)
    {
        if (!NameRules.Check(name, "column name").TryGetValue(out _, out var error))
        {
            Problem(line, path, error.Message);
            return false;
        }
        if (ReservedColumns.Contains(name) || name.StartsWith("__", StringComparison.Ordinal))
        {
            Problem(line, path, $"the column name '{name}' is reserved for the model's own columns ({string.Join(", ", ReservedColumns)} and names starting with '__').");
            return false;
        }
        if (names.TryGetValue(name, out var other))
        {
            Problem(line, path, $"the column '{name}' is already {other}; a column has one role.");
            return false;
        }
        names[name] = role;
        return true;
    }

    private List<CandidateSpec> Candidates(SpecMapping top, TrainingTask? task)
    {
        var candidates = new List<CandidateSpec>();
        if (top["candidates"] is not { } node)
        {
            Required(top, "candidates", "list at least one trainer");
            return candidates;
        }
        if (node is not SpecSequence { Items.Count: > 0 } list)
        {
            Problem(node.Line, "candidates", $"expected a list of at least one trainer, not {node.Describe()}.");
            return candidates;
        }
        for (var i = 0; i < list.Items.Count; i++)
        {
            var path = $"candidates[{i}]";
            if (Mapping(list.Items[i], path, "trainer", "parameters") is not { } candidate || Text(candidate, path, "trainer", required: true) is not { } trainerName)
                continue;
            if (TrainerCatalog.FromSpecName(trainerName) is not { } trainer)
            {
                Problem(candidate["trainer"]!.Line, $"{path}.trainer", $"unknown trainer '{trainerName}'; expected one of {string.Join(", ", TrainerCatalog.All.Select(TrainerCatalog.SpecName))}.");
                continue;
            }
            if (task is { } t && !TrainerCatalog.Tasks(trainer).Contains(t))
                Problem(candidate["trainer"]!.Line, $"{path}.trainer",
                    $"{trainerName} does not train {t.ToString().ToLowerInvariant()} models; it trains {string.Join(" and ", TrainerCatalog.Tasks(trainer).Select(x => x.ToString().ToLowerInvariant()))}.");
            candidates.Add(new CandidateSpec(trainer, Parameters(candidate["parameters"], $"{path}.parameters", trainer)));
        }
        return candidates;
    }

    private SortedDictionary<string, ParameterRange> Parameters(SpecNode? node, string path, TrainerKind trainer)
    {
        var ranges = new SortedDictionary<string, ParameterRange>(StringComparer.Ordinal);
        var known = TrainerCatalog.Parameters(trainer);
        if (Mapping(node, path, [.. known.Select(p => p.Name)]) is not { } parameters)
            return ranges;
        foreach (var entry in parameters.Entries)
        {
            if (known.FirstOrDefault(p => p.Name == entry.Key) is { } parameter && Range(entry.Value, $"{path}.{entry.Key}", parameter) is { } range)
                ranges[entry.Key] = range;
        }
        return ranges;
    }

    private ParameterRange? Range(SpecNode node, string path, HyperParameter parameter)
    {
        ParameterRange? range = null;
        switch (node)
        {
            case SpecScalar scalar:
                range = NumberOf(scalar, path) is { } value ? ParameterRange.OneOf(value) : null;
                break;
            case SpecSequence { Items.Count: 0 }:
                Problem(node.Line, path, "the list of choices is empty.");
                return null;
            case SpecSequence choices:
                var values = choices.Items.Select(item => NumberOf(item, path)).ToList();
                range = values.All(v => v is not null) ? ParameterRange.OneOf([.. values.Select(v => v!.Value)]) : null;
                break;
            default:
                var bounds = Mapping(node, path, "min", "max", "scale")!;
                var min = Number(bounds, path, "min", required: true);
                var max = Number(bounds, path, "max", required: true);
                var log = Choice(bounds, path, "scale", required: false, ("uniform", false), ("log", true)) ?? false;
                if (min is null || max is null)
                    return null;
                if (min > max)
                {
                    Problem(node.Line, path, $"min {Format(min.Value)} is greater than max {Format(max.Value)}.");
                    return null;
                }
                if (log && min <= 0)
                {
                    Problem(node.Line, path, $"a log scale needs min above 0, not {Format(min.Value)}.");
                    return null;
                }
                range = ParameterRange.Between(min.Value, max.Value, log);
                break;
        }
        if (range is null)
            return null;
        var outside = (range.Scale == ParameterScale.Choice ? range.Choices : [range.Min, range.Max]).Where(v => !parameter.Accepts(v)).ToList();
        if (outside.Count > 0)
        {
            Problem(node.Line, path,
                $"{string.Join(", ", outside.Select(Format))} {(outside.Count == 1 ? "is" : "are")} not valid: {parameter.Name} takes {(parameter.Integer ? "whole numbers" : "numbers")} from {Format(parameter.Min)} to {Format(parameter.Max)}.");
            return null;
        }
        return range;
    }

    private SearchSpec Search(SpecMapping top)
    {
        var search = Mapping(top["search"], "search", "trials", "seed");
        var trials = Integer(search, "search", "trials", 1, SearchSpec.MaxTrials) ?? 10;
        var seed = Integer(search, "search", "seed", 0, int.MaxValue) ?? 1;
        return new SearchSpec(trials, seed);
    }

    private EvaluationSpec Evaluation(SpecMapping top, ColumnsSpec? columns)
    {
        var evaluation = Mapping(top["evaluation"], "evaluation", "holdout", "fraction", "folds");
        var holdout = Choice(evaluation, "evaluation", "holdout", required: false, ("random", HoldoutKind.Random), ("time", HoldoutKind.Time)) ?? HoldoutKind.Random;
        if (holdout == HoldoutKind.Time && columns is { Time: null })
            Problem(evaluation!["holdout"]!.Line, "evaluation.holdout", "a time-ordered holdout needs a time column; add columns.time.");
        var fraction = Number(evaluation, "evaluation", "fraction", required: false) ?? 0.2;
        if (fraction is <= 0 or > 0.5)
            Problem(evaluation!["fraction"]!.Line, "evaluation.fraction", $"must be above 0 and at most 0.5, not {Format(fraction)}.");
        var folds = Integer(evaluation, "evaluation", "folds", 0, 20) ?? 0;
        if (folds == 1)
            Problem(evaluation!["folds"]!.Line, "evaluation.folds", "cross-validation needs at least 2 folds; use 0 for none.");
        return new EvaluationSpec(holdout, fraction, folds);
    }

    private ChecksSpec Checks(SpecMapping top, TrainingTask? task)
    {
        var checks = Mapping(top["checks"], "checks", "min_rows", "max_missing_rate", "min_class_share", "schema");
        var minRows = Integer(checks, "checks", "min_rows", 1, int.MaxValue) ?? 20;
        var missing = Fraction(checks, "checks", "max_missing_rate", 0, 1);
        var share = Fraction(checks, "checks", "min_class_share", 0, 0.5);
        if (share is not null && task == TrainingTask.Regression)
            Problem(checks!["min_class_share"]!.Line, "checks.min_class_share", "a regression task has no classes.");
        var strict = Choice(checks, "checks", "schema", required: false, ("declared", false), ("strict", true)) ?? false;
        return new ChecksSpec(minRows, missing, share, strict);
    }

    private GateSpec? Gate(SpecMapping top, TrainingTask? task)
    {
        var gate = Mapping(top["gate"], "gate", "metric", "threshold", "min_absolute_change", "min_relative_change", "max_latency_p99_ms");
        if (task is null)
            return null;
        var metric = Text(gate, "gate", "metric", required: false) ?? MetricCatalog.DefaultFor(task.Value);
        if (!MetricCatalog.For(task.Value).Contains(metric))
            Problem(gate!["metric"]!.Line, "gate.metric", $"unknown metric '{metric}' for a {task.Value.ToString().ToLowerInvariant()} task; expected one of {string.Join(", ", MetricCatalog.For(task.Value))}.");
        var threshold = Number(gate, "gate", "threshold", required: false);
        var absolute = Fraction(gate, "gate", "min_absolute_change", 0, double.MaxValue);
        var relative = Fraction(gate, "gate", "min_relative_change", 0, 1);
        var latency = Number(gate, "gate", "max_latency_p99_ms", required: false);
        if (latency is <= 0)
            Problem(gate!["max_latency_p99_ms"]!.Line, "gate.max_latency_p99_ms", $"must be above 0, not {Format(latency.Value)}.");
        return new GateSpec(metric, threshold, absolute, relative, latency);
    }

    private RolloutSpec? Rollout(SpecMapping top)
    {
        var rollout = Mapping(top["rollout"], "rollout", "strategy", "steps", "step_duration");
        var canary = Choice(rollout, "rollout", "strategy", required: false, ("none", false), ("canary", true)) ?? false;
        if (!canary)
        {
            foreach (var key in new[] { "steps", "step_duration" }.Where(k => rollout?[k] is not null))
                Problem(rollout![key]!.Line, $"rollout.{key}", "only a canary rollout has steps; set strategy: canary or remove it.");
            return RolloutSpec.None;
        }
        var duration = Duration(rollout!, "rollout", "step_duration", required: false) ?? TimeSpan.FromMinutes(5);
        if (duration < TimeSpan.FromSeconds(1) || duration > TimeSpan.FromDays(7))
            Problem(rollout!["step_duration"]!.Line, "rollout.step_duration", "must be between 1s and 7d.");
        List<int> weights = [10, 50, 100];
        if (rollout!["steps"] is { } steps)
        {
            if (steps is not SpecSequence { Items.Count: > 0 } list)
            {
                Problem(steps.Line, "rollout.steps", $"expected a list of traffic percentages, not {steps.Describe()}.");
                return null;
            }
            weights = [.. list.Items.Select(item => NumberOf(item, "rollout.steps") is { } w && w == Math.Floor(w) && w is >= 1 and <= 100 ? (int)w : -1)];
            if (weights.Contains(-1) || weights.Zip(weights.Skip(1)).Any(pair => pair.First >= pair.Second))
                Problem(steps.Line, "rollout.steps", "each step is a whole percentage from 1 to 100, rising from step to step.");
        }
        return new RolloutSpec(true, weights, duration);
    }

    private TriggerSpec? Triggers(SpecMapping top)
    {
        var triggers = Mapping(top["triggers"], "triggers", "schedule", "on_alert", "after_labels");
        if (triggers is null)
            return TriggerSpec.None;
        var schedule = Text(triggers, "triggers", "schedule", required: false);
        if (schedule is not null)
        {
            try
            {
                CronExpression.Parse(schedule, CronFormat.Standard);
            }
            catch (CronFormatException e)
            {
                Problem(triggers["schedule"]!.Line, "triggers.schedule", $"'{schedule}' is not a five-field cron expression: {e.Message}");
            }
        }
        var alerts = new SortedSet<string>(StringComparer.Ordinal);
        if (triggers["on_alert"] is { } node)
        {
            var items = node is SpecSequence list ? list.Items : [node];
            foreach (var item in items)
            {
                if (Scalar(item, "triggers.on_alert") is not { } alert)
                    continue;
                if (!NameRules.Check(alert, "alert rule name").TryGetValue(out _, out var error))
                    Problem(item.Line, "triggers.on_alert", error.Message);
                else if (!alerts.Add(alert))
                    Problem(item.Line, "triggers.on_alert", $"the alert rule '{alert}' is named twice.");
            }
        }
        var labels = Integer(triggers, "triggers", "after_labels", 1, int.MaxValue);
        return new TriggerSpec(schedule, [.. alerts], labels);
    }

    private string? Name(SpecMapping top, string key, string what)
    {
        if (Text(top, "", key, required: true) is not { } value)
            return null;
        if (NameRules.Check(value, what).TryGetValue(out _, out var error))
            return value;
        Problem(top[key]!.Line, key, error.Message);
        return null;
    }

    private SpecMapping? Mapping(SpecNode? node, string path, params string[] keys)
    {
        if (node is null || node is SpecScalar { IsNull: true })
            return null;
        if (node is not SpecMapping mapping)
        {
            Problem(node.Line, path, $"expected a mapping, not {node.Describe()}.");
            return null;
        }
        if (keys.Length == 0)
            return mapping;
        foreach (var entry in mapping.Entries.Where(e => !keys.Contains(e.Key)))
            Problem(entry.Line, Join(path, entry.Key), $"unknown field '{entry.Key}'; expected one of {string.Join(", ", keys)}.");
        return mapping;
    }

    private void Required(SpecMapping parent, string path, string hint)
    {
        if (parent[path.Split('.')[^1]] is null or SpecScalar { IsNull: true })
            Problem(parent.Line, path, $"is required: {hint}.");
    }

    private string? Text(SpecMapping? parent, string path, string key, bool required)
    {
        var node = parent?[key];
        if (node is null or SpecScalar { IsNull: true })
        {
            if (required && parent is not null)
                Problem(node?.Line ?? parent.Line, Join(path, key), "is required.");
            return null;
        }
        return Scalar(node, Join(path, key));
    }

    private string? Scalar(SpecNode node, string path)
    {
        if (node is SpecScalar scalar)
            return scalar.Text;
        Problem(node.Line, path, $"expected a value, not {node.Describe()}.");
        return null;
    }

    private T? Choice<T>(SpecMapping? parent, string path, string key, bool required, params (string Name, T Value)[] choices) where T : struct
    {
        var node = parent?[key];
        if (node is null or SpecScalar { IsNull: true })
        {
            if (required)
                Problem(node?.Line ?? parent?.Line ?? 1, Join(path, key), $"is required: one of {string.Join(", ", choices.Select(c => c.Name))}.");
            return null;
        }
        return ChoiceOf(node, Join(path, key), choices);
    }

    private T? ChoiceOf<T>(SpecNode node, string path, params (string Name, T Value)[] choices) where T : struct
    {
        if (Scalar(node, path) is not { } text)
            return null;
        foreach (var (name, value) in choices)
        {
            if (name == text)
                return value;
        }
        Problem(node.Line, path, $"unknown value '{text}'; expected one of {string.Join(", ", choices.Select(c => c.Name))}.");
        return null;
    }

    private double? Number(SpecMapping? parent, string path, string key, bool required)
    {
        var node = parent?[key];
        if (node is null or SpecScalar { IsNull: true })
        {
            if (required && parent is not null)
                Problem(parent.Line, Join(path, key), "is required.");
            return null;
        }
        return NumberOf(node, Join(path, key));
    }

    private double? NumberOf(SpecNode node, string path)
    {
        if (node is SpecScalar { Quoted: false } scalar
            && double.TryParse(scalar.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            return value;
        Problem(node.Line, path, $"expected a finite number, not {node.Describe()}.");
        return null;
    }

    private double? Fraction(SpecMapping? parent, string path, string key, double min, double max)
    {
        var value = Number(parent, path, key, required: false);
        if (value is { } v && (v < min || v > max))
        {
            Problem(parent![key]!.Line, Join(path, key), max == double.MaxValue ? $"must be at least {Format(min)}, not {Format(v)}." : $"must be from {Format(min)} to {Format(max)}, not {Format(v)}.");
            return null;
        }
        return value;
    }

    private int? Integer(SpecMapping? parent, string path, string key, int min, int max)
    {
        var value = Number(parent, path, key, required: false);
        if (value is not { } v)
            return null;
        if (v != Math.Floor(v) || v < min || v > max)
        {
            Problem(parent![key]!.Line, Join(path, key), $"must be a whole number from {min} to {max}, not {Format(v)}.");
            return null;
        }
        return (int)v;
    }

    private bool? Bool(SpecMapping? parent, string path, string key) =>
        Choice(parent, path, key, required: false, ("true", true), ("false", false));

    private TimeSpan? Duration(SpecMapping parent, string path, string key, bool required)
    {
        if (Text(parent, path, key, required) is not { } text)
            return null;
        var match = DurationPattern().Match(text);
        if (match.Success && long.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var count) && count <= 1_000_000)
        {
            return match.Groups[2].Value switch
            {
                "s" => TimeSpan.FromSeconds(count),
                "m" => TimeSpan.FromMinutes(count),
                "h" => TimeSpan.FromHours(count),
                _ => TimeSpan.FromDays(count),
            };
        }
        Problem(parent[key]!.Line, Join(path, key), $"'{text}' is not a duration; write a whole number and a unit, such as 90s, 10m, 6h or 7d.");
        return null;
    }

    private void Problem(int line, string path, string message) => _problems.Add($"line {line}: {path}: {message}");

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    [GeneratedRegex("^([0-9]+)(s|m|h|d)$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
