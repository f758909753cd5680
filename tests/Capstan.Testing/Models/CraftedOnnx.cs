using System.Runtime.InteropServices;
using Google.Protobuf;

namespace Capstan.Testing.Models;

/// <summary>Writes small ONNX models by hand, for the cases no converter produces: external data, sequence inputs and outputs, every element type, and a perceptron whose run outweighs a request's handling.</summary>
/// <remarks>Field numbers are those of <c>onnx.proto</c> (ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto, TypeProto).</remarks>
internal static class CraftedOnnx
{
    private const int Float = 1;

    /// <summary>The ONNX element type (<c>TensorProto.DataType</c>) of each Open Inference Protocol type name.</summary>
    private static readonly (string Name, int OnnxType)[] ElementTypes =
    [
        ("BOOL", 9), ("UINT8", 2), ("UINT16", 4), ("UINT32", 12), ("UINT64", 13), ("INT8", 3), ("INT16", 5),
        ("INT32", 6), ("INT64", 7), ("FP16", 10), ("FP32", Float), ("FP64", 11), ("BYTES", 8),
    ];

    /// <summary>
    /// Writes <c>Y = X + W</c> and <c>Copy</c>, a copy of <c>X</c> (FP32 [1]), whose initializer <c>W</c> is external
    /// data in <paramref name="dataFileName"/> beside the model, and writes that file too.
    /// </summary>
    public static void WriteExternalData(string path, string dataFileName)
    {
        File.WriteAllBytes(Path.Combine(Path.GetDirectoryName(path)!, dataFileName), BitConverter.GetBytes(1.0f));
        var initializer = Message(writer =>
        {
            WriteVarint(writer, 1, 1); // dims: [1]
            WriteVarint(writer, 2, Float); // data_type
            WriteString(writer, 8, "W");
            WriteMessage(writer, 13, Message(entry => { WriteString(entry, 1, "location"); WriteString(entry, 2, dataFileName); }));
            WriteMessage(writer, 13, Message(entry => { WriteString(entry, 1, "length"); WriteString(entry, 2, "4"); }));
            WriteVarint(writer, 14, 1); // data_location: EXTERNAL
        });
        WriteModel(path, [Node("Add", ["X", "W"], "Y"), Node("Identity", ["X"], "Copy")], [initializer], [TensorInfo("X")], [TensorInfo("Y"), TensorInfo("Copy")]);
    }

    /// <summary>
    /// Writes a model with FP32 input <c>X</c> and BOOL input <c>Condition</c> (both [1]) and two outputs: <c>Y</c>,
    /// which an If node sets to <c>Negated = -X</c> when <c>Condition</c> holds and to <c>X</c> otherwise, and
    /// <c>Copy</c>, a copy of <c>X</c>. The If node's branches read <c>Negated</c> and <c>X</c> from the outer graph
    /// without listing them as its inputs, as ONNX allows.
    /// </summary>
    public static void WriteSubgraphReadingOuterValues(string path)
    {
        var thenBranch = Branch("then", "Negated");
        var elseBranch = Branch("else", "X");
        var ifNode = Message(writer =>
        {
            WriteString(writer, 1, "Condition");
            WriteString(writer, 2, "Y");
            WriteString(writer, 4, "If");
            WriteMessage(writer, 5, GraphAttribute("then_branch", thenBranch));
            WriteMessage(writer, 5, GraphAttribute("else_branch", elseBranch));
        });
        WriteModel(path,
            [Node("Neg", ["X"], "Negated"), ifNode, Node("Identity", ["X"], "Copy")],
            [],
            [TensorInfo("X"), Info("Condition", TensorType(9, null, 1))],
            [TensorInfo("Y"), TensorInfo("Copy")]);

        static byte[] Branch(string name, string outerValue) => Message(graph =>
        {
            WriteMessage(graph, 1, Node("Identity", [outerValue], $"{name}_out"));
            WriteString(graph, 2, name);
            WriteMessage(graph, 12, TensorInfo($"{name}_out"));
        });

        static byte[] GraphAttribute(string name, byte[] graph) => Message(attribute =>
        {
            WriteString(attribute, 1, name);
            WriteMessage(attribute, 6, graph); // g
            WriteVarint(attribute, 20, 5); // type: GRAPH
        });
    }

    /// <summary>Writes a model with FP32 input <c>X</c> and two outputs: <c>Y</c>, a copy of it, and <c>Items</c>, a sequence holding it.</summary>
    public static void WriteSequenceOutput(string path) =>
        WriteModel(path,
            [Node("Identity", ["X"], "Y"), Node("SequenceConstruct", ["X"], "Items")],
            [], [TensorInfo("X")], [TensorInfo("Y"), SequenceInfo("Items")]);

    /// <summary>Writes a model whose input <c>Items</c> is a sequence of FP32 tensors and whose output <c>Length</c> counts them.</summary>
    public static void WriteSequenceInput(string path) =>
        WriteModel(path, [Node("SequenceLength", ["Items"], "Length")], [], [SequenceInfo("Items")], [Info("Length", Message(type =>
            WriteMessage(type, 1, Message(tensor => { WriteVarint(tensor, 1, 7); WriteMessage(tensor, 2, []); }))))]);

    /// <summary>
    /// Writes a model with one Identity per element type Capstan serves: input <c>X_TYPE</c> to output <c>Y_TYPE</c>,
    /// each of shape [N, 2] with a symbolic batch dimension N, where TYPE is the protocol name (BOOL, UINT8, ..., BYTES).
    /// </summary>
    public static void WriteIdentityPerType(string path) =>
        WriteModel(path,
            ElementTypes.Select(type => Node("Identity", [$"X_{type.Name}"], $"Y_{type.Name}")).ToArray(),
            [],
            ElementTypes.Select(type => Info($"X_{type.Name}", TensorType(type.OnnxType, "N", 2))).ToArray(),
            ElementTypes.Select(type => Info($"Y_{type.Name}", TensorType(type.OnnxType, "N", 2))).ToArray());

    /// <summary>
    /// Writes a model with FP32 input <c>X</c> [N, 2] whose four outputs are all declared [N, 2]: <c>Y</c>, a copy of
    /// <c>X</c>, and <c>Negated</c>, <c>-X</c>, which are that shape; <c>Tiled</c>, <c>X</c> stacked twice, which is
    /// [2N, 2]; and <c>Constant</c>, the initializer [[1, 2]], which is [1, 2] whatever N is (and which ONNX Runtime
    /// reports as [1, 2]).
    /// </summary>
    public static void WriteMisdeclaredShapes(string path)
    {
        var repeats = Message(writer =>
        {
            WriteVarint(writer, 1, 2); // dims: [2]
            WriteVarint(writer, 2, 7); // data_type: INT64
            WriteString(writer, 8, "Repeats");
            WriteBytes(writer, 9, [.. BitConverter.GetBytes(2L), .. BitConverter.GetBytes(1L)]); // raw_data: [2, 1]
        });
        var constant = FloatInitializer("Constant", [1, 2], [1f, 2f]);
        WriteModel(path,
            [Node("Identity", ["X"], "Y"), Node("Neg", ["X"], "Negated"), Node("Tile", ["X", "Repeats"], "Tiled")],
            [repeats, constant],
            [Info("X", TensorType(Float, "N", 2))],
            [Info("Y", TensorType(Float, "N", 2)), Info("Negated", TensorType(Float, "N", 2)), Info("Tiled", TensorType(Float, "N", 2)), Info("Constant", TensorType(Float, "N", 2))]);
    }

    /// <summary>
    /// Writes a model with FP32 input <c>X</c> [N, 2] and two outputs: <c>Y</c>, a copy of <c>X</c> [N, 2], which rows
    /// can be stacked along, and <c>Constant</c>, the initializer [[1, 2]], declared [1, 2], which they cannot.
    /// </summary>
    public static void WriteFixedSizeOutput(string path) =>
        WriteModel(path,
            [Node("Identity", ["X"], "Y")],
            [FloatInitializer("Constant", [1, 2], [1f, 2f])],
            [Info("X", TensorType(Float, "N", 2))],
            [Info("Y", TensorType(Float, "N", 2)), Info("Constant", TensorType(Float, null, 1, 2))]);

    /// <summary>
    /// Writes a multilayer perceptron with FP32 input <c>Features</c> [N, widths[0]] and output <c>Probability</c>
    /// [N, widths[^1]]: each layer is MatMul and Add (its bias), followed by Relu, or by Softmax for the last layer,
    /// with the weights of <see cref="MlpLayers"/>.
    /// </summary>
    public static void WriteMlp(string path, int[] widths, int seed)
    {
        var layers = MlpLayers(widths, seed);
        var nodes = new List<byte[]>();
        var initializers = new List<byte[]>();
        var input = "Features";
        for (var i = 0; i < layers.Length; i++)
        {
            initializers.Add(FloatInitializer($"W{i}", [widths[i], widths[i + 1]], layers[i].Weights));
            initializers.Add(FloatInitializer($"B{i}", [widths[i + 1]], layers[i].Biases));
            nodes.Add(Node("MatMul", [input, $"W{i}"], $"Product{i}"));
            nodes.Add(Node("Add", [$"Product{i}", $"B{i}"], $"Sum{i}"));
            input = i == layers.Length - 1 ? "Probability" : $"Hidden{i}";
            nodes.Add(Node(i == layers.Length - 1 ? "Softmax" : "Relu", [$"Sum{i}"], input));
        }
        WriteModel(path, [.. nodes], [.. initializers],
            [Info("Features", TensorType(Float, "N", widths[0]))], [Info("Probability", TensorType(Float, "N", widths[^1]))]);
    }

    /// <summary>
    /// The layers of <see cref="WriteMlp"/>'s perceptron: per layer, its weights [widths[i], widths[i + 1]] row-major
    /// and biases [widths[i + 1]], drawn from a <see cref="Random"/> of <paramref name="seed"/>, uniform within the
    /// bounds of He initialisation (sqrt(6 / inputs)) for weights and within 0.1 for biases.
    /// </summary>
    public static (float[] Weights, float[] Biases)[] MlpLayers(int[] widths, int seed)
    {
        var random = new Random(seed);
        float Uniform(double bound) => (float)((random.NextDouble() * 2 - 1) * bound);
        return widths.Zip(widths.Skip(1), (inputs, outputs) =>
        (
            Enumerable.Range(0, inputs * outputs).Select(_ => Uniform(Math.Sqrt(6.0 / inputs))).ToArray(),
            Enumerable.Range(0, outputs).Select(_ => Uniform(0.1)).ToArray()
        )).ToArray();
    }

    private static void WriteModel(string path, byte[][] nodes, byte[][] initializers, byte[][] inputs, byte[][] outputs)
    {
        var graph = Message(writer =>
        {
            foreach (var node in nodes)
                WriteMessage(writer, 1, node);
            WriteString(writer, 2, "crafted");
            foreach (var initializer in initializers)
                WriteMessage(writer, 5, initializer);
            foreach (var input in inputs)
                WriteMessage(writer, 11, input);
            foreach (var output in outputs)
                WriteMessage(writer, 12, output);
        });
        File.WriteAllBytes(path, Message(writer =>
        {
            WriteVarint(writer, 1, 8); // ir_version
            WriteMessage(writer, 8, Message(opset => WriteVarint(opset, 2, 17)));
            WriteMessage(writer, 7, graph);
        }));
    }

    /// <summary>An FP32 initializer of shape <paramref name="dimensions"/> holding <paramref name="values"/> as raw data.</summary>
    private static byte[] FloatInitializer(string name, long[] dimensions, float[] values) => Message(writer =>
    {
        foreach (var size in dimensions)
            WriteVarint(writer, 1, size); // dims
        WriteVarint(writer, 2, Float); // data_type
        WriteString(writer, 8, name);
        WriteBytes(writer, 9, MemoryMarshal.AsBytes(values.AsSpan()).ToArray()); // raw_data, little-endian
    });

    private static byte[] Node(string operatorType, string[] inputs, string output) => Message(writer =>
    {
        foreach (var input in inputs)
            WriteString(writer, 1, input);
        WriteString(writer, 2, output);
        WriteString(writer, 4, operatorType);
    });

    /// <summary>The type of an FP32 tensor of shape [1].</summary>
    private static byte[] FloatTensorType() => TensorType(Float, null, 1);

    /// <summary>The type of a tensor of <paramref name="elementType"/> whose shape is the symbolic <paramref name="batch"/> (when given) followed by <paramref name="dimensions"/>.</summary>
    private static byte[] TensorType(int elementType, string? batch, params long[] dimensions) => Message(type => WriteMessage(type, 1, Message(tensor =>
    {
        WriteVarint(tensor, 1, elementType);
        WriteMessage(tensor, 2, Message(shape =>
        {
            if (batch is not null)
                WriteMessage(shape, 1, Message(dimension => WriteString(dimension, 2, batch)));
            foreach (var size in dimensions)
                WriteMessage(shape, 1, Message(dimension => WriteVarint(dimension, 1, size)));
        }));
    })));

    private static byte[] TensorInfo(string name) => Info(name, FloatTensorType());

    private static byte[] SequenceInfo(string name) =>
        Info(name, Message(type => WriteMessage(type, 4, Message(sequence => WriteMessage(sequence, 1, FloatTensorType())))));

    private static byte[] Info(string name, byte[] type) => Message(writer =>
    {
        WriteString(writer, 1, name);
        WriteMessage(writer, 2, type);
    });

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new CodedOutputStream(buffer, leaveOpen: true))
            write(writer);
        return buffer.ToArray();
    }

    private static void WriteVarint(CodedOutputStream writer, int field, long value)
    {
        writer.WriteTag(field, WireFormat.WireType.Varint);
        writer.WriteInt64(value);
    }

    private static void WriteString(CodedOutputStream writer, int field, string value)
    {
        writer.WriteTag(field, WireFormat.WireType.LengthDelimited);
        writer.WriteString(value);
    }

    private static void WriteMessage(CodedOutputStream writer, int field, byte[] message) => WriteBytes(writer, field, message);

    private static void WriteBytes(CodedOutputStream writer, int field, byte[] bytes)
    {
        writer.WriteTag(field, WireFormat.WireType.LengthDelimited);
        writer.WriteBytes(ByteString.CopyFrom(bytes));
    }
}
