using Capstan.Runtime.Onnx.Graph;
using Google.Protobuf;

namespace Capstan.Runtime.Onnx;

/// <summary>Rewrites an ONNX model so that its graph computes only the outputs a deployment serves.</summary>
/// <remarks>
/// ONNX Runtime runs every node of a graph on every run, whichever outputs the caller asks for: an ML.NET export's
/// copies of its input and of its raw score, or a scikit-learn classifier's ZipMap, cost each request although no
/// client sees them. Pruning drops the graph outputs that are not served, then every node that no served output
/// depends on, found by walking back from the served outputs through the nodes that write each value, so the nodes
/// need not be in order. Inputs and initializers stay: the signature keeps its inputs, and ONNX Runtime drops
/// initializers that nothing reads when it loads the graph. A graph whose nodes hold subgraphs (If, Loop, Scan) is
/// left whole, since a subgraph may read values of the outer graph that its node does not list as inputs. While a
/// pruned model loads, its parsed form and its rewritten bytes sit in managed memory, about twice the file, until the
/// session has read them; only models with outputs to drop pay that, since the decision reads the file once without
/// keeping its weights.
/// </remarks>
internal static class OnnxGraphPruner
{
    /// <summary>Reads only what deciding needs (nodes, outputs, subgraph markers), dropping weights as it goes, so a model with nothing to prune is never held in memory.</summary>
    private static readonly MessageParser<ModelProto> Outline = ModelProto.Parser.WithDiscardUnknownFields(true);

    /// <summary>The model at <paramref name="path"/> with only <paramref name="servedOutputs"/> left to compute, or null when there is nothing to drop or the graph should be left whole.</summary>
    /// <remarks>
    /// Null too when the file does not parse as a model or lacks one of the served outputs: loading the file as it is
    /// then reports the problem in ONNX Runtime's or the signature check's words.
    /// </remarks>
    public static byte[]? Prune(string path, IReadOnlyCollection<string> servedOutputs)
    {
        var served = servedOutputs.ToHashSet(StringComparer.Ordinal);
        if (Read(path, Outline)?.Graph is not { } outline || !CanPrune(outline, served))
            return null;
        if (Read(path, ModelProto.Parser) is not { Graph: { } graph } model)
            return null;
        var kept = NodesFeeding(graph, served);
        var nodes = graph.Node.Where((_, index) => kept[index]).ToList();
        var outputs = graph.Output.Where(output => served.Contains(output.Name)).ToList();
        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        graph.Output.Clear();
        graph.Output.AddRange(outputs);
        return model.ToByteArray();
    }

    /// <summary>The model at <paramref name="path"/> read by <paramref name="parser"/>, or null when the file does not parse as one.</summary>
    private static ModelProto? Read(string path, MessageParser<ModelProto> parser)
    {
        try
        {
            using var file = File.OpenRead(path);
            return parser.ParseFrom(file);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>Whether the graph has outputs beyond the served ones, has every served one, and holds no subgraph.</summary>
    private static bool CanPrune(GraphProto graph, HashSet<string> served)
    {
        var names = graph.Output.Select(output => output.Name).ToHashSet(StringComparer.Ordinal);
        return !names.IsSubsetOf(served)
            && served.IsSubsetOf(names)
            && !graph.Node.Any(node => node.Attribute.Any(attribute => attribute.HasG || attribute.Graphs.Count > 0));
    }

    /// <summary>For each node, whether a served output depends on what it writes.</summary>
    private static bool[] NodesFeeding(GraphProto graph, HashSet<string> served)
    {
        var writer = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < graph.Node.Count; index++)
        {
            foreach (var output in graph.Node[index].Output)
                writer.TryAdd(output, index);
        }
        var kept = new bool[graph.Node.Count];
        var pending = new Stack<string>(served);
        while (pending.TryPop(out var value))
        {
            if (!writer.TryGetValue(value, out var index) || kept[index])
                continue;
            kept[index] = true;
            foreach (var input in graph.Node[index].Input)
                pending.Push(input);
        }
        return kept;
    }
}
