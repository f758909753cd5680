using System.Globalization;
using System.Text;
using Capstan.Core.Errors;
using Capstan.Core.Pipelines;
using Capstan.Core.Registry;
using Capstan.Core.Rollouts;
using Capstan.Core.Security;
using Capstan.Core.Signatures;
using Capstan.Registry.Service;
using Capstan.Training.Candidates;
using Capstan.Training.Data;
using Capstan.Training.Pipelines;

namespace Capstan.Training.Runs;

/// <summary>Carries out one claimed run: finds the champion, trains and gates the candidate, and registers and rolls out a winner.</summary>
/// <remarks>
/// The champion is the model's deployed stable target, else the version its <c>champion</c> alias names, else there is
/// none. A candidate that passes is pushed through the registry in the format the champion is served in (ML.NET when
/// there is no champion and the task is multiclass, since an ONNX model cannot be scored as a multiclass champion;
/// ONNX otherwise when the spec exports it), with lineage (parent = champion, data fingerprint, the git commit the spec
/// was applied from), every holdout metric, the spec hash and the search trace in its model card; then, when
/// the spec asks for a canary and the model is deployed, a progressive rollout starts and its analysis decides promotion.
/// Registration and rollout are not cancelled half-way: cancellation is honoured up to the push. Thread-safe.
/// </remarks>
public sealed class RunExecutor(
    RegistryService registry, DeploymentService deployments, RolloutService rollouts, ITrainingDataSource source, TrainingOptions options)
{
    /// <summary>The alias a model's champion is found by when the model is not deployed.</summary>
    public const string ChampionAlias = "champion";

    /// <summary>Runs <paramref name="journal"/>'s run in <paramref name="scratch"/> and ends it; cancellation throws <see cref="OperationCanceledException"/> with the run still open.</summary>
    public async Task ExecuteAsync(RunJournal journal, string scratch, CancellationToken cancellationToken)
    {
        var run = journal.Run;
        if (!(await registry.Store.GetPipelineAsync(run.Pipeline, cancellationToken)).TryGetValue(out var pipeline, out var error)
            || !PipelineSpecReader.Parse(pipeline.Spec, run.Pipeline).TryGetValue(out var spec, out error))
        {
            await journal.FinishAsync(RunStatus.Failed, error.Message, CancellationToken.None);
            return;
        }
        if (spec.Hash != run.SpecHash)
            journal.Log($"the spec changed since the run was queued: running {spec.Hash}, not {run.SpecHash}");
        journal.Update(r => r with { SpecHash = spec.Hash, Model = spec.Model, Parameters = Parameters(spec) });
        var champion = await FetchChampionAsync(spec, scratch, cancellationToken);
        journal.Log(champion is null ? "no champion: the model is neither deployed nor has a 'champion' alias" : $"champion {champion.Version.Reference} ({champion.How})");
        var runner = new PipelineRunner(source, options);
        if (!(await runner.RunAsync(spec, champion?.Path, Path.Combine(scratch, "out"), journal, cancellationToken)).TryGetValue(out var result, out error))
        {
            await journal.FinishAsync(RunStatus.Failed, error.Message, CancellationToken.None);
            return;
        }
        var file = Pushed(spec, champion, result, out var format);
        journal.Update(r => r with { Outcome = Outcome(spec, champion, result, file, result.Gate.Passed ? format : null) });
        if (!result.Gate.Passed)
        {
            await journal.FinishAsync(RunStatus.Rejected, $"the candidate fails the gate, nothing was registered: {result.Gate.Reason}", CancellationToken.None);
            return;
        }
        cancellationToken.ThrowIfCancellationRequested();
        journal.Report("registering", 0, 1, $"pushing the {format}");
        if (!(await PushAsync(journal.Run, pipeline, spec, champion, result, file)).TryGetValue(out var version, out error))
        {
            await journal.FinishAsync(RunStatus.Failed, $"the candidate passed the gate but could not be registered: {error.Message}", CancellationToken.None);
            return;
        }
        journal.Update(r => r with { RegisteredVersion = version.Reference });
        journal.Report("registering", 1, 1, $"registered {version.Reference} ({version.Sha256})");
        if (spec.Rollout.Canary)
        {
            var rollout = await StartRolloutAsync(journal.Run, spec, version);
            journal.Update(r => r with { Rollout = rollout });
            journal.Log($"rollout: {rollout}");
        }
        await journal.FinishAsync(RunStatus.Succeeded, $"registered {version.Reference}: {result.Gate.Reason}", CancellationToken.None);
    }

    private async Task<ChampionFile?> FetchChampionAsync(PipelineSpec spec, string scratch, CancellationToken cancellationToken)
    {
        var how = "the deployed stable target";
        string reference;
        if ((await deployments.GetAsync(spec.Model, cancellationToken)).TryGetValue(out var deployment, out _))
            reference = deployment.Target;
        else
        {
            how = $"the '{ChampionAlias}' alias";
            reference = $"{spec.Model}@{ChampionAlias}";
        }
        if (!(await registry.OpenArtifactAsync(reference, cancellationToken)).TryGetValue(out var artifact, out _))
            return null;
        Directory.CreateDirectory(scratch);
        var path = Path.Combine(scratch, artifact.Version.Format == ModelFormat.Onnx ? "champion.onnx" : "champion.zip");
        await using (artifact.Content)
        await using (var file = File.Create(path))
            await artifact.Content.CopyToAsync(file, cancellationToken);
        return new ChampionFile(artifact.Version, how, path);
    }

    private static ModelFile Pushed(PipelineSpec spec, ChampionFile? champion, PipelineRunResult result, out string format)
    {
        var onnx = result.Onnx is not null && (champion is null ? spec.Task != TrainingTask.Multiclass : champion.Version.Format == ModelFormat.Onnx);
        format = onnx ? "onnx" : "mlnet";
        format += champion is null
            ? onnx ? " (exported, no champion)" : result.Onnx is null ? " (no ONNX export)" : " (multiclass, no champion)"
            : $" (the champion's format)";
        return onnx ? result.Onnx! : result.MlNet;
    }

    private static RunOutcome Outcome(PipelineSpec spec, ChampionFile? champion, PipelineRunResult result, ModelFile file, string? format) => new(
        result.DataFingerprint, result.Rows, result.TrainRows, result.HoldoutRows, spec.Gate.Metric,
        [.. result.Trials.Select(t => new RunTrial(t.Candidate, t.Trial, TrainerCatalog.SpecName(t.Trainer), t.Parameters, t.Holdout,
            t.CrossValidation.ToDictionary(m => m.Key, m => new RunMetricSpread(m.Value.Mean, m.Value.StandardDeviation, m.Value.Folds))))],
        IndexOf(result), champion?.Version.Reference, result.Champion, result.LatencyP99Ms, result.Gate.Passed, result.Gate.Reason, file.Sha256, format);

    private static int IndexOf(PipelineRunResult result)
    {
        for (var i = 0; i < result.Trials.Count; i++)
        {
            if (ReferenceEquals(result.Trials[i], result.Best) || result.Trials[i] == result.Best)
                return i;
        }
        return -1;
    }

    private async Task<Result<ModelVersionInfo>> PushAsync(PipelineRun run, PipelineInfo pipeline, PipelineSpec spec, ChampionFile? champion, PipelineRunResult result, ModelFile file)
    {
        var parameters = result.Best.Parameters.ToDictionary(p => p.Key, p => p.Value.ToString("R", CultureInfo.InvariantCulture));
        parameters["trainer"] = TrainerCatalog.SpecName(result.Best.Trainer);
        parameters["spec_hash"] = result.SpecHash;
        parameters["seed"] = spec.Search.Seed.ToString(CultureInfo.InvariantCulture);
        var metrics = new Dictionary<string, double>(result.Best.Holdout) { ["latency_p99_ms"] = result.LatencyP99Ms };
        var tags = new Dictionary<string, string> { ["pipeline"] = run.Pipeline, ["run"] = run.Id, ["trigger"] = run.Trigger };
        var lineage = new Lineage(GitCommit: pipeline.CodeCommit, DataFingerprint: result.DataFingerprint, Parent: champion?.Version.Reference);
        var metadata = new PushMetadata(
            Metrics: metrics, Params: parameters, Tags: tags, Description: $"Trained by pipeline {run.Pipeline}, run {run.Id} ({run.Trigger}).",
            ModelCard: ModelCard(run, spec, champion, result), Lineage: lineage, PushedBy: $"pipeline:{run.Pipeline}");
        if (!PushRules.Check(spec.Model, metadata).TryGetValue(out var request, out var error))
            return error;
        await using var content = File.OpenRead(file.Path);
        return await registry.PushAsync(request, content, CancellationToken.None);
    }

    private async Task<string> StartRolloutAsync(PipelineRun run, PipelineSpec spec, ModelVersionInfo version)
    {
        var request = new RolloutRequest(version.Reference, [.. spec.Rollout.Steps()], null, $"pipeline {run.Pipeline}, run {run.Id}");
        var started = await rollouts.StartAsync(spec.Model, request, new Actor($"pipeline:{run.Pipeline}"), CancellationToken.None);
        return started.TryGetValue(out var rollout, out var error)
            ? $"canary {rollout.Canary} started from {rollout.Stable}: {string.Join(", ", rollout.Steps.Select(s => $"{s.Weight}%"))}, {spec.Rollout.StepDuration} per step"
            : $"not started: {error.Message}";
    }

    private static Dictionary<string, string> Parameters(PipelineSpec spec) => new()
    {
        ["source"] = spec.Source.Kind,
        ["task"] = spec.Task.ToString().ToLowerInvariant(),
        ["candidates"] = string.Join(",", spec.Candidates.Select(c => TrainerCatalog.SpecName(c.Trainer))),
        ["trials"] = spec.Search.Trials.ToString(CultureInfo.InvariantCulture),
        ["seed"] = spec.Search.Seed.ToString(CultureInfo.InvariantCulture),
        ["holdout"] = $"{spec.Evaluation.Holdout.ToString().ToLowerInvariant()} {spec.Evaluation.Fraction.ToString(CultureInfo.InvariantCulture)}",
        ["folds"] = spec.Evaluation.Folds.ToString(CultureInfo.InvariantCulture),
        ["gate_metric"] = spec.Gate.Metric,
        ["rollout"] = spec.Rollout.Canary ? string.Join(",", spec.Rollout.Weights) : "none",
    };

    private static string ModelCard(PipelineRun run, PipelineSpec spec, ChampionFile? champion, PipelineRunResult result)
    {
        var card = new StringBuilder();
        card.AppendLine(CultureInfo.InvariantCulture, $"# {spec.Model}, trained by pipeline {run.Pipeline}");
        card.AppendLine();
        card.AppendLine(CultureInfo.InvariantCulture, $"- run: {run.Id} ({run.Trigger})");
        card.AppendLine(CultureInfo.InvariantCulture, $"- spec: {result.SpecHash}");
        card.AppendLine(CultureInfo.InvariantCulture, $"- data: {result.DataFingerprint}, {result.Rows} rows ({result.TrainRows} train, {result.HoldoutRows} holdout)");
        card.AppendLine(CultureInfo.InvariantCulture, $"- champion: {champion?.Version.Reference ?? "none"}");
        card.AppendLine(CultureInfo.InvariantCulture, $"- gate: {result.Gate.Reason}");
        card.AppendLine();
        card.AppendLine("## Search trace");
        card.AppendLine();
        var metrics = result.Best.Holdout.Keys.ToList();
        card.AppendLine($"| candidate | trial | trainer | parameters | {string.Join(" | ", metrics)} |");
        card.AppendLine($"|---|---|---|---|{string.Concat(metrics.Select(_ => "---|"))}");
        foreach (var trial in result.Trials)
        {
            var parameters = string.Join(", ", trial.Parameters.Select(p => $"{p.Key}={p.Value.ToString("G6", CultureInfo.InvariantCulture)}"));
            var values = metrics.Select(m => trial.Holdout.TryGetValue(m, out var v) ? v.ToString("0.####", CultureInfo.InvariantCulture) : "");
            card.AppendLine(CultureInfo.InvariantCulture, $"| {trial.Candidate} | {trial.Trial} | {TrainerCatalog.SpecName(trial.Trainer)} | {parameters} | {string.Join(" | ", values)} |");
        }
        return card.ToString();
    }
}
