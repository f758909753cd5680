using Capstan.Core.Errors;
using Capstan.Testing.Files;
using Capstan.Training.Pipelines;

namespace Capstan.Training.Tests.Pipelines;

public sealed class PipelineSpecReaderTests
{
    private const string FullYaml = """
        name: churn
        model: churn-model
        source:
          sql:
            provider: postgres
            connection: "Host=db;Database=crm"
            query: SELECT * FROM customers
        columns:
          features:
            tenure: numeric
            plan: categorical
            notes: text
            active: boolean
          label: {name: status, positive: churned}
          weight: w
          time: signed_up
        task: binary
        candidates:
          - trainer: fasttree
            parameters:
              number_of_trees: {min: 20, max: 200}
              learning_rate: {min: 0.01, max: 0.3, scale: log}
              number_of_leaves: [4, 8, 16]
          - trainer: lbfgs_logistic
            parameters:
              l2_regularization: 0.5
        search: {trials: 5, seed: 42}
        evaluation: {holdout: time, fraction: 0.25, folds: 4}
        checks: {min_rows: 100, max_missing_rate: 0.1, min_class_share: 0.05, schema: strict}
        gate: {metric: f1, threshold: 0.6, min_absolute_change: 0.01, min_relative_change: 0.02, max_latency_p99_ms: 5}
        export: {onnx: true}
        rollout: {strategy: canary, steps: [5, 25, 100], step_duration: 10m}
        triggers: {schedule: "0 3 * * 1", on_alert: [churn-drift, churn-accuracy], after_labels: 500}
        """;

    private const string FullJson = """
        {
          "model": "churn-model",
          "name": "churn",
          "task": "binary",
          "source": {"sql": {"query": "SELECT * FROM customers", "provider": "postgres", "connection": "Host=db;Database=crm"}},
          "columns": {
            "features": {"tenure": "numeric", "plan": "categorical", "notes": "text", "active": "boolean"},
            "label": {"name": "status", "positive": "churned"}, "weight": "w", "time": "signed_up"
          },
          "candidates": [
            {"trainer": "fasttree", "parameters": {"number_of_leaves": [4, 8, 16], "number_of_trees": {"min": 20, "max": 200}, "learning_rate": {"min": 0.01, "max": 0.3, "scale": "log"}}},
            {"trainer": "lbfgs_logistic", "parameters": {"l2_regularization": 0.5}}
          ],
          "search": {"seed": 42, "trials": 5},
          "evaluation": {"holdout": "time", "fraction": 0.25, "folds": 4},
          "checks": {"min_rows": 100, "max_missing_rate": 0.1, "min_class_share": 0.05, "schema": "strict"},
          "gate": {"metric": "f1", "threshold": 0.6, "min_absolute_change": 0.01, "min_relative_change": 0.02, "max_latency_p99_ms": 5},
          "export": {"onnx": true},
          "rollout": {"strategy": "canary", "steps": [5, 25, 100], "step_duration": "10m"},
          "triggers": {"schedule": "0 3 * * 1", "on_alert": ["churn-accuracy", "churn-drift"], "after_labels": 500}
        }
        """;

    private const string MinimalYaml = """
        name: weather
        model: weather
        source: {csv: data/weather.csv}
        columns:
          features: {temp: numeric}
          label: kind
        task: multiclass
        candidates: [{trainer: lightgbm}]
        """;

    [Fact]
    public void Parse_ReadsEveryFieldOfAYamlSpec()
    {
        var spec = Parse(FullYaml);

        Assert.Equal("churn", spec.Name);
        Assert.Equal("churn-model", spec.Model);
        Assert.Equal(new SqlSource(SqlProvider.Postgres, "Host=db;Database=crm", "SELECT * FROM customers"), spec.Source);
        Assert.Equal([new("tenure", FeatureType.Numeric), new("plan", FeatureType.Categorical), new("notes", FeatureType.Text), new FeatureSpec("active", FeatureType.Boolean)], spec.Columns.Features);
        Assert.Equal(new LabelSpec("status", "churned"), spec.Columns.Label);
        Assert.Equal(("w", "signed_up"), (spec.Columns.Weight, spec.Columns.Time));
        Assert.Equal(TrainingTask.Binary, spec.Task);
        Assert.Equal([TrainerKind.FastTree, TrainerKind.LbfgsLogistic], spec.Candidates.Select(c => c.Trainer));
        var trees = spec.Candidates[0].Parameters;
        Assert.Equal((ParameterScale.Uniform, 20.0, 200.0), (trees["number_of_trees"].Scale, trees["number_of_trees"].Min, trees["number_of_trees"].Max));
        Assert.Equal(ParameterScale.Log, trees["learning_rate"].Scale);
        Assert.Equal([4.0, 8, 16], trees["number_of_leaves"].Choices);
        Assert.Equal([0.5], spec.Candidates[1].Parameters["l2_regularization"].Choices);
        Assert.Equal(new SearchSpec(5, 42), spec.Search);
        Assert.Equal(new EvaluationSpec(HoldoutKind.Time, 0.25, 4), spec.Evaluation);
        Assert.Equal(new ChecksSpec(100, 0.1, 0.05, StrictSchema: true), spec.Checks);
        Assert.Equal(new GateSpec("f1", 0.6, 0.01, 0.02, 5), spec.Gate);
        Assert.True(spec.Gate.GreaterIsBetter);
        Assert.True(spec.Export.Onnx);
        Assert.True(spec.Rollout.Canary);
        Assert.Equal([5, 25, 100], spec.Rollout.Weights);
        Assert.Equal([new(5, 600), new Capstan.Core.Rollouts.RolloutStep(100, 600)], [spec.Rollout.Steps()[0], spec.Rollout.Steps()[2]]);
        Assert.Equal("0 3 * * 1", spec.Triggers.Schedule);
        Assert.Equal(["churn-accuracy", "churn-drift"], spec.Triggers.OnAlert);
        Assert.Equal(500, spec.Triggers.AfterLabels);
        Assert.Equal(new DateTimeOffset(2025, 1, 6, 3, 0, 0, TimeSpan.Zero), spec.Triggers.NextScheduled(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Parse_GivesTheSameCanonicalFormAndHashForTheYamlAndJsonOfOneSpec()
    {
        var yaml = Parse(FullYaml);
        var json = PipelineSpecReader.Parse(FullJson, "churn.json").Value;

        Assert.Equal(yaml.ToCanonicalJson(), json.ToCanonicalJson());
        Assert.Equal(yaml.Hash, json.Hash);
        Assert.Matches("^sha256:[0-9a-f]{64}$", yaml.Hash);
    }

    [Fact]
    public void Hash_ChangesWithAnyValueAndNotWithDefaultsWrittenOut()
    {
        var minimal = Parse(MinimalYaml);
        var explicitDefaults = Parse(MinimalYaml + """

            search: {trials: 10, seed: 1}
            evaluation: {holdout: random, fraction: 0.2, folds: 0}
            checks: {min_rows: 20, schema: declared}
            gate: {metric: macro_accuracy}
            export: {onnx: false}
            rollout: {strategy: none}
            """);
        var otherSeed = Parse(MinimalYaml + "\nsearch: {seed: 2}");

        Assert.Equal(minimal.Hash, explicitDefaults.Hash);
        Assert.NotEqual(minimal.Hash, otherSeed.Hash);
    }

    [Fact]
    public void Parse_FillsTheDefaults()
    {
        var spec = Parse(MinimalYaml);

        Assert.Equal(new CsvSource("data/weather.csv"), spec.Source);
        Assert.Equal(new SearchSpec(10, 1), spec.Search);
        Assert.Equal(new EvaluationSpec(HoldoutKind.Random, 0.2, 0), spec.Evaluation);
        Assert.Equal(new ChecksSpec(20, null, null, false), spec.Checks);
        Assert.Equal(new GateSpec("macro_accuracy", null, null, null, null), spec.Gate);
        Assert.False(spec.Export.Onnx);
        Assert.Same(RolloutSpec.None, spec.Rollout);
        Assert.Same(TriggerSpec.None, spec.Triggers);
        Assert.Empty(spec.Candidates[0].Parameters);
    }

    [Fact]
    public void Parse_ReadsTheOtherSources()
    {
        Assert.Equal(new ParquetSource("x.parquet"), Parse(MinimalYaml.Replace("{csv: data/weather.csv}", "{parquet: x.parquet}")).Source);
        Assert.Equal(new InferenceLogSource(TimeSpan.FromDays(7)), Parse(MinimalYaml.Replace("{csv: data/weather.csv}", "{inference_log: {window: 7d}}")).Source);
    }

    public static TheoryData<string, string, string> Mistakes() => new()
    {
        // replace this, with this, and the error says this
        { "task: multiclass", "task: multiclass\nlabel: x", "line 8: label: unknown field 'label'; expected one of name, model," },
        { "  label: kind", "  label: kind\n  lable: x", "line 7: columns.lable: unknown field 'lable'" },
        { "[{trainer: lightgbm}]", "[{trainer: xgboost}]", "line 8: candidates[0].trainer: unknown trainer 'xgboost'; expected one of fasttree, lightgbm, sdca, lbfgs_logistic, lbfgs_maxent." },
        { "[{trainer: lightgbm}]", "[{trainer: fasttree}]", "candidates[0].trainer: fasttree does not train multiclass models; it trains binary and regression." },
        { "[{trainer: lightgbm}]", "[{trainer: lbfgs_logistic}]", "lbfgs_logistic does not train multiclass models" },
        { "[{trainer: lightgbm}]", "[]", "line 8: candidates: expected a list of at least one trainer" },
        { "[{trainer: lightgbm}]", "[{trainer: lightgbm, parameters: {depth: 3}}]", "candidates[0].parameters.depth: unknown field 'depth'; expected one of number_of_iterations, number_of_leaves," },
        { "[{trainer: lightgbm}]", "[{trainer: lightgbm, parameters: {learning_rate: {min: 0.5, max: 0.1}}}]", "candidates[0].parameters.learning_rate: min 0.5 is greater than max 0.1." },
        { "[{trainer: lightgbm}]", "[{trainer: lightgbm, parameters: {learning_rate: {min: 0, max: 0.1, scale: log}}}]", "a log scale needs min above 0, not 0." },
        { "[{trainer: lightgbm}]", "[{trainer: lightgbm, parameters: {number_of_leaves: [1, 8, 2.5]}}]", "1, 2.5 are not valid: number_of_leaves takes whole numbers from 2 to 1024." },
        { "[{trainer: lightgbm}]", "[{trainer: lightgbm, parameters: {number_of_leaves: []}}]", "the list of choices is empty." },
        { "[{trainer: lightgbm}]", "[{trainer: lightgbm, parameters: {learning_rate: {min: 0.1}}}]", "candidates[0].parameters.learning_rate.max: is required." },
        { "[{trainer: lightgbm}]", "[{trainer: lightgbm, parameters: {learning_rate: \"0.1\"}}]", "expected a finite number, not '0.1'." },
        { "[{trainer: lightgbm}]", "[{trainer: lightgbm, parameters: {learning_rate: .nan}}]", "expected a finite number, not '.nan'." },
        { "  label: kind", "  label: temp", "line 6: columns.label: the column 'temp' is already a feature; a column has one role." },
        { "  label: kind", "  label: {name: kind, positive: rain}", "columns.label.positive: only a binary task has a positive class, and this task is multiclass." },
        { "  label: kind", "  label: Score", "the column name 'Score' is reserved" },
        { "  label: kind", "  label: \"a/b\"", "The column name 'a/b' contains a path separator '/'" },
        { "  label: kind", "", "line 5: columns.label: is required." },
        { "task: multiclass", "task: ranking", "line 7: task: unknown value 'ranking'; expected one of binary, multiclass, regression." },
        { "task: multiclass", "task: multiclass\ngate: {metric: auc}", "line 8: gate.metric: unknown metric 'auc' for a multiclass task; expected one of log_loss, macro_accuracy, micro_accuracy." },
        { "task: multiclass", "task: multiclass\ngate: {min_relative_change: 1.5}", "gate.min_relative_change: must be from 0 to 1, not 1.5." },
        { "task: multiclass", "task: multiclass\ngate: {max_latency_p99_ms: 0}", "gate.max_latency_p99_ms: must be above 0, not 0." },
        { "task: multiclass", "task: multiclass\nevaluation: {holdout: time}", "evaluation.holdout: a time-ordered holdout needs a time column; add columns.time." },
        { "task: multiclass", "task: multiclass\nevaluation: {fraction: 0.9}", "evaluation.fraction: must be above 0 and at most 0.5, not 0.9." },
        { "task: multiclass", "task: multiclass\nevaluation: {folds: 1}", "evaluation.folds: cross-validation needs at least 2 folds; use 0 for none." },
        { "task: multiclass", "task: multiclass\nsearch: {trials: 0}", "search.trials: must be a whole number from 1 to 1000, not 0." },
        { "task: multiclass", "task: multiclass\nchecks: {max_missing_rate: -0.1}", "checks.max_missing_rate: must be from 0 to 1, not -0.1." },
        { "task: multiclass", "task: multiclass\nchecks: {schema: loose}", "checks.schema: unknown value 'loose'; expected one of declared, strict." },
        { "task: multiclass", "task: multiclass\ntriggers: {schedule: '61 * * * *'}", "line 8: triggers.schedule: '61 * * * *' is not a five-field cron expression" },
        { "task: multiclass", "task: multiclass\ntriggers: {on_alert: [a, a]}", "triggers.on_alert: the alert rule 'a' is named twice." },
        { "task: multiclass", "task: multiclass\ntriggers: {after_labels: 0}", "triggers.after_labels: must be a whole number from 1 to 2147483647, not 0." },
        { "task: multiclass", "task: multiclass\nrollout: {strategy: canary, steps: [50, 10]}", "rollout.steps: each step is a whole percentage from 1 to 100, rising from step to step." },
        { "task: multiclass", "task: multiclass\nrollout: {steps: [10]}", "rollout.steps: only a canary rollout has steps; set strategy: canary or remove it." },
        { "task: multiclass", "task: multiclass\nrollout: {strategy: canary, step_duration: 10 minutes}", "rollout.step_duration: '10 minutes' is not a duration; write a whole number and a unit, such as 90s, 10m, 6h or 7d." },
        { "{csv: data/weather.csv}", "{csv: a.csv, parquet: b.parquet}", "line 3: source: give exactly one of csv, parquet, sql or inference_log, not 2." },
        { "{csv: data/weather.csv}", "{sql: {provider: mysql, query: x}}", "source.sql.provider: unknown value 'mysql'; expected one of sqlite, postgres." },
        { "{csv: data/weather.csv}", "{sql: {provider: sqlite, query: x}}", "source.sql.connection: is required." },
        { "{csv: data/weather.csv}", "{inference_log: {window: 30s}}", "source.inference_log.window: must be between 1m and 366d." },
        { "name: weather", "name: ../etc", "line 1: name: The pipeline name '../etc' starts with '.'." },
        { "model: weather", "model: a b", "line 2: model: The model name 'a b' contains a space" },
        { "model: weather", "model: [a]", "line 2: model: expected a value, not a list." },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void Parse_NamesTheLineFieldAndProblem(string replace, string with, string message)
    {
        var result = PipelineSpecReader.Parse(MinimalYaml.Replace(replace, with), "spec.yaml");

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorCode.InvalidInput, result.Error.Code);
        Assert.Contains(message, result.Error.Message);
    }

    [Fact]
    public void Parse_ReportsEveryProblemAtOnce()
    {
        var result = PipelineSpecReader.Parse(MinimalYaml.Replace("task: multiclass", "task: multiclass\nsearch: {trials: -1, seeed: 2}\ngate: {metric: auc}"), "spec.yaml");

        Assert.StartsWith("spec.yaml has 3 problems:", result.Error.Message);
        Assert.Contains("line 8: search.seeed: unknown field", result.Error.Message);
        Assert.Contains("line 8: search.trials: must be a whole number", result.Error.Message);
        Assert.Contains("line 9: gate.metric: unknown metric 'auc'", result.Error.Message);
    }

    [Theory]
    [InlineData("name: a\nname: b", "line 2: the key 'name' appears twice in the same mapping.")]
    [InlineData("base: &b {x: 1}\nother: *b", "line 1: YAML anchors ('&name') are not allowed in a spec.")]
    [InlineData("name: !!python/object x", "YAML tags ('!tag:yaml.org,2002:python/object') are not allowed in a spec.")]
    [InlineData("name: [unclosed", "the YAML does not parse")]
    [InlineData("a: 1\n---\nb: 2", "more than one YAML document")]
    [InlineData("", "line 1: the file is empty.")]
    [InlineData("- just\n- a list", "line 1: : expected a mapping, not a list.")]
    public void Parse_RefusesHostileAndMalformedYaml(string yaml, string message) =>
        Assert.Contains(message, PipelineSpecReader.Parse(yaml, "spec.yaml").Error.Message);

    [Theory]
    [InlineData("{\"name\": \"a\", \"name\": \"b\"}", "line 1: the key 'name' appears twice in the same object.")]
    [InlineData("{\"name\": \"a\",\n \"model\": }", "line 2: the JSON does not parse")]
    [InlineData("{} {}", "line 1: the JSON does not parse")]
    [InlineData("{\"name\": \"a\",\n\"bogus\": 1}", "line 2: bogus: unknown field 'bogus'")]
    public void Parse_RefusesMalformedJsonWithTheLine(string json, string message) =>
        Assert.Contains(message, PipelineSpecReader.Parse(json, "spec.json").Error.Message);

    [Fact]
    public void Parse_RefusesNestingDeeperThanTheLimit()
    {
        var deep = "name: " + new string('[', 40) + new string(']', 40);

        Assert.Contains("nest deeper than 16 levels", PipelineSpecReader.Parse(deep, "spec.yaml").Error.Message);
    }

    [Fact]
    public void Parse_RefusesTooManyValuesAsTooLarge()
    {
        var many = "name: [" + string.Join(",", Enumerable.Repeat("1", 20_000)) + "]";

        var result = PipelineSpecReader.Parse(many, "spec.yaml");

        Assert.Equal(ErrorCode.TooLarge, result.Error.Code);
        Assert.Contains("more than 10000 values", result.Error.Message);
    }

    [Fact]
    public void Read_RefusesAMissingFileAndAnOversizedOne()
    {
        using var directory = new TempDirectory();
        var big = directory.Combine("big.yaml");
        File.WriteAllText(big, "# " + new string('x', PipelineSpecReader.MaxBytes));

        Assert.Equal(ErrorCode.NotFound, PipelineSpecReader.Read(directory.Combine("none.yaml")).Error.Code);
        var tooLarge = PipelineSpecReader.Read(big);
        Assert.Equal(ErrorCode.TooLarge, tooLarge.Error.Code);
        Assert.Contains($"at most {PipelineSpecReader.MaxBytes}", tooLarge.Error.Message);
    }

    [Fact]
    public void Read_ReadsAFileByItsExtension()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.Combine("churn.json"), FullJson);

        Assert.Equal(Parse(FullYaml).Hash, PipelineSpecReader.Read(directory.Combine("churn.json")).Value.Hash);
    }

    private static PipelineSpec Parse(string yaml) => Support.Weather.Succeeded(PipelineSpecReader.Parse(yaml, "spec.yaml"));
}
