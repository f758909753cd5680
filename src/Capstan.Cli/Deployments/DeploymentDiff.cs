using System.Globalization;
using Capstan.Core.Registry;

namespace Capstan.Cli.Deployments;

/// <summary>Compares two deployment specs field by field, as text a person reads.</summary>
internal static class DeploymentDiff
{
    private static readonly (string Field, Func<DeploymentSpec, string> Text)[] Fields =
    [
        ("target", s => s.Target),
        ("variants", s => s.Variants is { } variants ? DeploymentView.Variants(variants) : "-"),
        ("shadow", s => s.Shadow is { } shadow ? DeploymentView.Shadow(shadow) : "-"),
        ("sticky", s => s.Sticky is { } sticky ? DeploymentView.Sticky(sticky) : "-"),
        ("batching", s => string.Create(CultureInfo.InvariantCulture,
            $"max batch {s.Batching.MaxBatchSize}, delay {s.Batching.MaxQueueDelayMicroseconds} us, queue {s.Batching.MaxQueueSize}")),
        ("outputs", s => s.Outputs is { } o ? string.Join(", ", o) : "-"),
    ];

    /// <summary>The fields that differ between <paramref name="before"/> (null when not deployed) and <paramref name="after"/>.</summary>
    public static IReadOnlyList<FieldChange> Between(DeploymentSpec? before, DeploymentSpec after) =>
        Fields.Select(f => new FieldChange(f.Field, before is null ? "-" : f.Text(before), f.Text(after)))
            .Where(c => c.Before != c.After)
            .ToList();
}
