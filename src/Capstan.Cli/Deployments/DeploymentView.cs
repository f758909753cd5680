using System.Globalization;
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
        console.MarkupLine($"{Markup.Escape(deployment.Model)} ← {Markup.Escape(Traffic(DeploymentSpec.Of(deployment)))}: {State(deployment.Status.State)}, serving {Markup.Escape(serving)}"
            + (deployment.Status.Reason is { } reason ? $" ({Markup.Escape(reason)})" : ""));
    }

    /// <summary>A table of deployments.</summary>
    public static void Render(IAnsiConsole console, IReadOnlyList<Deployment> deployments) =>
        console.Write(Display.Table(deployments, "No deployments.", ["Model", "Traffic", "State", "Serving", "Batch", "Revision", "Updated", "Reason"], d =>
        [
            Markup.Escape(d.Model),
            Markup.Escape(Traffic(DeploymentSpec.Of(d))),
            State(d.Status.State),
            d.Status.ServingVersion?.ToString() ?? "-",
            d.Batching.MaxBatchSize.ToString(),
            d.Revision.ToString(),
            Display.Time(d.UpdatedAt),
            Display.Text(d.Status.Reason),
        ]));

    /// <summary>A table of a deployment's revisions: revision, when, who, what and why.</summary>
    public static void Render(IAnsiConsole console, IReadOnlyList<DeploymentRevision> revisions) =>
        console.Write(Display.Table(revisions, "No revisions.", ["Revision", "When", "Who", "What", "Why"], r =>
        [
            r.Revision.ToString(CultureInfo.InvariantCulture),
            Display.Time(r.ChangedAt),
            Markup.Escape(r.ChangedBy),
            Markup.Escape(r.Change switch
            {
                DeploymentChange.Remove => "undeployed",
                DeploymentChange.Rollback => $"rolled back to {r.RestoredRevision}: {Traffic(r.Spec)}",
                _ => Traffic(r.Spec),
            }),
            Display.Text(r.Reason),
        ]));

    /// <summary>Where a spec sends requests, as plain text: <c>fraud:1 90%, fraud:2 10%; shadow fraud:3 20%; sticky on header x-user-id</c>, or just the target.</summary>
    public static string Traffic(DeploymentSpec spec)
    {
        var text = spec.Variants is { } variants ? Variants(variants) : spec.Target;
        if (spec.Shadow is { } shadow)
            text += $"; shadow {Shadow(shadow)}";
        return spec.Sticky is { } sticky ? $"{text}; sticky on {Sticky(sticky)}" : text;
    }

    /// <summary>Variants with their weights: <c>fraud:1 90%, fraud:2 10%</c>.</summary>
    public static string Variants(IReadOnlyList<TrafficVariant> variants) => string.Join(", ", variants.Select(v => $"{v.Target} {v.Weight}%"));

    /// <summary>A shadow and its share: <c>fraud:3 20%</c>.</summary>
    public static string Shadow(ShadowTraffic shadow) => $"{shadow.Target} {shadow.Percent}%";

    /// <summary>Where the sticky key is: <c>header x-user-id</c> or <c>parameter user-id</c>.</summary>
    public static string Sticky(StickyKey sticky) => sticky.Header is { } header ? $"header {header}" : $"parameter {sticky.Parameter}";

    private static string State(DeploymentState state) => state switch
    {
        DeploymentState.Ready => "[green]ready[/]",
        DeploymentState.Failed => "[red]failed[/]",
        _ => $"[yellow]{Display.Name(state)}[/]",
    };
}
