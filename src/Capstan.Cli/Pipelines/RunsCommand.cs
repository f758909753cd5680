using System.Globalization;
using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Pipelines;
using Spectre.Console;

namespace Capstan.Cli.Pipelines;

/// <summary><c>capstan runs [NAME]</c>: lists runs newest first with their trigger, status, start, duration, best metric and registered version.</summary>
internal sealed class RunsCommand(Terminal terminal) : ClientCommand<RunsSettings, IReadOnlyList<PipelineRun>>(terminal)
{
    /// <inheritdoc />
    protected override Task<Result<IReadOnlyList<PipelineRun>>> RunAsync(CapstanClient client, RunsSettings settings, CancellationToken cancellationToken) =>
        client.ListRunsAsync(string.IsNullOrEmpty(settings.Name) ? null : settings.Name, settings.Limit, cancellationToken);

    /// <inheritdoc />
    protected override void Render(IReadOnlyList<PipelineRun> output) =>
        Terminal.Output.Write(Display.Table(output, "No runs.", ["Run", "Pipeline", "Trigger", "Status", "Started", "Duration", "Best metric", "Registered"], run =>
        [
            Markup.Escape(run.Id), Markup.Escape(run.Pipeline), Markup.Escape(run.Trigger), Status(run.Status),
            run.StartedAt is { } started ? Display.Time(started) : "-",
            run.DurationSeconds is { } seconds ? Duration(seconds) : "-",
            BestMetric(run), Display.Text(run.RegisteredVersion),
        ]));

    /// <summary>A status, coloured: green succeeded, yellow rejected, red failed.</summary>
    public static string Status(RunStatus status)
    {
        var name = Display.Name(status);
        return status switch
        {
            RunStatus.Succeeded => $"[green]{name}[/]",
            RunStatus.Rejected => $"[yellow]{name}[/]",
            RunStatus.Failed => $"[red]{name}[/]",
            _ => name,
        };
    }

    /// <summary>The best trial's value of the gate's metric, such as <c>accuracy 0.8123</c>, or a dash.</summary>
    public static string BestMetric(PipelineRun run) =>
        run.Outcome is { Best: >= 0 } outcome && outcome.Best < outcome.Trials.Count && outcome.Trials[outcome.Best].Holdout.TryGetValue(outcome.Metric, out var value)
            ? Markup.Escape($"{outcome.Metric} {value.ToString("0.####", CultureInfo.InvariantCulture)}")
            : "-";

    /// <summary>A duration in seconds as <c>42.1s</c> or <c>3m05s</c>.</summary>
    public static string Duration(double seconds) => seconds < 60
        ? seconds.ToString("0.0", CultureInfo.InvariantCulture) + "s"
        : $"{(int)(seconds / 60)}m{((int)seconds % 60).ToString("00", CultureInfo.InvariantCulture)}s";
}
