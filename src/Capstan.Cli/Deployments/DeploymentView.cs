using Capstan.Cli.Application;
using Capstan.Core.Registry;
using Spectre.Console;

namespace Capstan.Cli.Deployments;

/// <summary>Renders deployments for people.</summary>
internal static class DeploymentView
{
    /// <summary>One line for one deployment.</summary>
    public static void Render(IAnsiConsole console, Deployment deployment)
    {
        var serving = deployment.Status.ServingVersion is { } version ? $"{deployment.Model}:{version}" : "nothing yet";
        console.MarkupLine($"{Markup.Escape(deployment.Model)} ← {Markup.Escape(deployment.Target)}: {State(deployment.Status.State)}, serving {Markup.Escape(serving)}"
            + (deployment.Status.Reason is { } reason ? $" ({Markup.Escape(reason)})" : ""));
    }

    /// <summary>A table of deployments.</summary>
    public static void Render(IAnsiConsole console, IReadOnlyList<Deployment> deployments) =>
        console.Write(Display.Table(deployments, "No deployments.", ["Model", "Target", "State", "Serving", "Batch", "Revision", "Updated", "Reason"], d =>
        [
            Markup.Escape(d.Model),
            Markup.Escape(d.Target),
            State(d.Status.State),
            d.Status.ServingVersion?.ToString() ?? "-",
            d.Batching.MaxBatchSize.ToString(),
            d.Revision.ToString(),
            Display.Time(d.UpdatedAt),
            Display.Text(d.Status.Reason),
        ]));

    private static string State(DeploymentState state) => state switch
    {
        DeploymentState.Ready => "[green]ready[/]",
        DeploymentState.Failed => "[red]failed[/]",
        _ => $"[yellow]{Display.Name(state)}[/]",
    };
}
