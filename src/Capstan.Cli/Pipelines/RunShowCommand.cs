using System.Globalization;
using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Pipelines;
using Spectre.Console;

namespace Capstan.Cli.Pipelines;

/// <summary><c>capstan run show ID</c>: a run's status, parameters, metrics per candidate and fold, gate decision, lineage, rollout and log.</summary>
internal sealed class RunShowCommand(Terminal terminal) : ClientCommand<RunIdSettings, PipelineRun>(terminal)
{
    /// <inheritdoc />
    protected override Task<Result<PipelineRun>> RunAsync(CapstanClient client, RunIdSettings settings, CancellationToken cancellationToken) =>
        client.GetRunAsync(settings.Id, cancellationToken);

    /// <inheritdoc />
    protected override void Render(PipelineRun run)
    {
        var output = Terminal.Output;
        output.MarkupLine(PipelineRunCommand.Summary(run));
        output.MarkupLine($"Trigger {Markup.Escape(run.Trigger)} by {Markup.Escape(run.QueuedBy)}; queued {Display.Time(run.QueuedAt)}"
            + (run.StartedAt is { } started ? $", started {Display.Time(started)}" : "")
            + (run.DurationSeconds is { } seconds ? $", took {RunsCommand.Duration(seconds)}" : "") + ".");
        output.MarkupLine($"Spec {Markup.Escape(run.SpecHash)}; parameters: {Display.Pairs(run.Parameters)}");
        if (run.Outcome is { } outcome)
        {
            output.MarkupLine($"Data {Markup.Escape(outcome.DataFingerprint)}: {outcome.Rows} rows, {outcome.TrainRows} to train, {outcome.HoldoutRows} held out.");
            var metrics = outcome.Trials.SelectMany(t => t.Holdout.Keys).Distinct().ToList();
            output.Write(Display.Table(outcome.Trials.Select((t, i) => (Trial: t, Best: i == outcome.Best)).ToList(), "No trials.",
                ["Candidate", "Trial", "Trainer", "Parameters", .. metrics, "Folds"], row =>
                [
                    row.Best ? $"[bold]{row.Trial.Candidate}*[/]" : row.Trial.Candidate.ToString(CultureInfo.InvariantCulture),
                    row.Trial.Trial.ToString(CultureInfo.InvariantCulture), Markup.Escape(row.Trial.Trainer), Display.Pairs(row.Trial.Parameters),
                    .. metrics.Select(m => row.Trial.Holdout.TryGetValue(m, out var v) ? Number(v) : "-"),
                    row.Trial.Folds.Count == 0 ? "-" : Markup.Escape(string.Join("; ", row.Trial.Folds.Select(f =>
                        $"{f.Key} {Number(f.Value.Mean)}±{Number(f.Value.StandardDeviation)} [{string.Join(", ", f.Value.Folds.Select(Number))}]"))),
                ]));
            output.MarkupLine($"Champion: {Display.Text(outcome.Champion)}" + (outcome.ChampionMetrics is { } champion ? $" ({Display.Pairs(champion)})" : "") + ".");
            output.MarkupLine($"Gate: {(outcome.GatePassed ? "[green]passed[/]" : "[yellow]failed[/]")}: {Markup.Escape(outcome.GateReason)}");
            output.MarkupLine($"Latency p99 {Number(outcome.LatencyP99Ms)} ms per row; model {Markup.Escape(outcome.ModelSha256)}" + (outcome.Format is { } format ? $", pushed as {Markup.Escape(format)}." : "."));
        }
        if (run.RegisteredVersion is { } version)
            output.MarkupLine($"Registered {Markup.Escape(version)} (parent {Display.Text(run.Outcome?.Champion)}).");
        if (run.Rollout is { } rollout)
            output.MarkupLine($"Rollout: {Markup.Escape(rollout)}");
        if (run.Log.Count > 0)
        {
            output.MarkupLine("Log:");
            foreach (var line in run.Log)
                output.MarkupLine($"  {Markup.Escape(line)}");
        }
    }

    private static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
