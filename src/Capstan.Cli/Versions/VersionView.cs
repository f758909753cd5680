using System.Globalization;
using Capstan.Cli.Application;
using Capstan.Core.Registry;
using Capstan.Core.Signatures;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Capstan.Cli.Versions;

/// <summary>Renders one version for people: artifact, signature, metadata, lineage, aliases and model card.</summary>
internal static class VersionView
{
    /// <summary>A tree of the version's facts, followed by its model card in a panel when it has one.</summary>
    public static IRenderable Render(ModelVersionInfo version)
    {
        var tree = new Tree($"[bold]{Markup.Escape(version.Reference)}[/]" + (version.Archived ? " [grey](archived)[/]" : ""));
        var artifact = tree.AddNode("[blue]Artifact[/]");
        artifact.AddNode($"format: {Display.Name(version.Format)}");
        artifact.AddNode($"size: {Display.Bytes(version.SizeBytes)} ({version.SizeBytes.ToString(CultureInfo.InvariantCulture)} bytes)");
        artifact.AddNode($"sha256: {Markup.Escape(version.Sha256)}");

        var signature = tree.AddNode("[blue]Signature[/]");
        AddTensors(signature.AddNode("inputs"), version.Signature.Inputs, version.Signature.RequiredInputs);
        AddTensors(signature.AddNode("outputs"), version.Signature.Outputs, null);

        AddPairs(tree, "Metrics", version.Metrics);
        AddPairs(tree, "Params", version.Params);
        AddPairs(tree, "Tags", version.Tags);

        var lineage = tree.AddNode("[blue]Lineage[/]");
        AddFact(lineage, "git commit", version.Lineage.GitCommit);
        AddFact(lineage, "git branch", version.Lineage.GitBranch);
        AddFact(lineage, "git dirty", version.Lineage.GitDirty?.ToString().ToLowerInvariant());
        AddFact(lineage, "data", version.Lineage.DataFingerprint);
        AddFact(lineage, "parent", version.Lineage.Parent);

        tree.AddNode($"[blue]Aliases[/]: {(version.Aliases.Count == 0 ? "-" : Display.List(version.Aliases))}");
        tree.AddNode($"[blue]Pushed[/]: {Display.Time(version.CreatedAt)} by {Markup.Escape(version.PushedBy)}");
        if (!string.IsNullOrEmpty(version.Description))
            tree.AddNode($"[blue]Description[/]: {Markup.Escape(version.Description)}");

        return string.IsNullOrEmpty(version.ModelCard)
            ? tree
            : new Rows(tree, new Panel(new Text(version.ModelCard.TrimEnd())).Header("Model card"));
    }

    private static void AddTensors(TreeNode node, IReadOnlyList<TensorSpec> tensors, IReadOnlyList<string>? required)
    {
        foreach (var tensor in tensors)
        {
            var shape = string.Join(", ", tensor.Shape.Select(d => d < 0 ? "?" : d.ToString(CultureInfo.InvariantCulture)));
            var optional = required is not null && !required.Contains(tensor.Name) ? " [grey](not required)[/]" : "";
            node.AddNode($"{Markup.Escape(tensor.Name)}: {Display.Name(tensor.DataType)} [[{shape}]]{optional}");
        }
    }

    private static void AddPairs<T>(Tree tree, string title, IReadOnlyDictionary<string, T> pairs)
    {
        var node = tree.AddNode($"[blue]{title}[/]" + (pairs.Count == 0 ? ": -" : ""));
        foreach (var (key, value) in pairs)
            node.AddNode(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{key} = {value}")));
    }

    private static void AddFact(TreeNode node, string label, string? value)
    {
        if (value is not null)
            node.AddNode($"{label}: {Markup.Escape(value)}");
    }
}
