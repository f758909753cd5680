using System.Globalization;
using Capstan.Cli.Application;
using Capstan.Core.Rollouts;
using Spectre.Console;

namespace Capstan.Cli.Rollouts;

/// <summary>Renders a rollout for people: a summary line, its steps with the current one marked, its last analysis and its decisions.</summary>
internal static class RolloutView
{
    /// <summary>Writes the whole rollout.</summary>
    public static void Render(IAnsiConsole console, Rollout rollout)
    {
        console.MarkupLine(
            $"Rollout of {Markup.Escape(rollout.Canary)} from {Markup.Escape(rollout.Stable)}: [bold]{Display.Name(rollout.State)}[/] at step {rollout.Step}/{rollout.Steps.Count}, started {Display.Time(rollout.StartedAt)} by {Markup.Escape(rollout.StartedBy)}");
        var thresholds = rollout.Thresholds;
        console.MarkupLine(Markup.Escape(string.Create(
            CultureInfo.InvariantCulture,
            $"Aborts when the canary's error rate is more than {thresholds.MaxErrorRateIncrease:0.0#} points higher or its p99 more than {thresholds.MaxP99Ratio:0.0#} times the stable version's; judges a step after {thresholds.MinRequests} requests per version.")));
        var steps = rollout.Steps.Select((s, i) => (Step: s, Number: i + 1)).ToList();
        console.Write(Display.Table(steps, "No steps.", ["", "Step", "Canary", "Hold"], s =>
        [
            s.Number == rollout.Step ? "→" : "",
            s.Number.ToString(CultureInfo.InvariantCulture),
            $"{s.Step.Weight}%",
            s.Step.Weight == 100 ? "-" : Hold(s.Step.HoldSeconds),
        ]));
        if (rollout.LastAnalysis is { } analysis)
            console.MarkupLine($"Last analysis ({Display.Time(analysis.At)}, step {analysis.Step}): [bold]{Display.Name(analysis.Verdict)}[/], {Markup.Escape(analysis.Summary)}");
        else
            console.MarkupLine("[grey]No analysis yet.[/]");
        console.Write(Display.Table(rollout.History, "No decisions.", ["When", "Who", "Decision", "Step", "Revision", "Why"], d =>
        [
            Display.Time(d.At),
            Markup.Escape(d.By),
            Display.Name(d.Action),
            d.Step.ToString(CultureInfo.InvariantCulture),
            d.DeploymentRevision?.ToString(CultureInfo.InvariantCulture) ?? "-",
            Markup.Escape(d.Reason),
        ]));
    }

    private static string Hold(int seconds) => seconds switch
    {
        _ when seconds % 3600 == 0 => $"{seconds / 3600}h",
        _ when seconds % 60 == 0 => $"{seconds / 60}m",
        _ => $"{seconds}s",
    };
}
