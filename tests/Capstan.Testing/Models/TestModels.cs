using Capstan.Training.Datasets;
using Capstan.Training.Trainers;

namespace Capstan.Testing.Models;

/// <summary>Real model files made by Capstan's own code, and hostile files, for tests.</summary>
/// <remarks>
/// Every file is created on first use, once per test process, in one temporary directory that is deleted when the
/// process exits; every member is safe to use from tests running in parallel. Treat the files as read-only: copy one
/// (<see cref="CopyAs"/>) before changing or renaming it.
/// </remarks>
public static class TestModels
{
    private static readonly Lazy<string> Root = new(CreateRoot);
    private static readonly Lazy<TrainedModel> BreastCancerModel = new(() =>
        new BinaryClassifierTrainer(new TrainingParameters()).Train(BreastCancerDataset.Load(), PathFor("breast-cancer")));
    private static readonly Lazy<TrainedModel> SmallBreastCancerModel = new(() =>
        new BinaryClassifierTrainer(new TrainingParameters(Seed: 11, NumberOfTrees: 5, NumberOfLeaves: 4)).Train(BreastCancerDataset.Load(), PathFor("small-breast-cancer")));
    private static readonly Lazy<string> MixedInputs = Create("mixed-inputs.zip", FixtureModels.WriteMixedInputsMlNet);
    private static readonly Lazy<string> EveryColumnType = Create("every-column-type.zip", FixtureModels.WriteEveryColumnTypeMlNet);
    private static readonly Lazy<string> IdentityPerType = Create("identity-per-type.onnx", CraftedOnnx.WriteIdentityPerType);
    private static readonly Lazy<string> MisdeclaredShapes = Create("misdeclared-shapes.onnx", CraftedOnnx.WriteMisdeclaredShapes);
    private static readonly Lazy<string> FixedSizeOutput = Create("fixed-size-output.onnx", CraftedOnnx.WriteFixedSizeOutput);
    private static readonly Lazy<string> DateTimeInput = Create("datetime-input.zip", FixtureModels.WriteDateTimeInputMlNet);
    private static readonly Lazy<string> WithoutInputSchema = Create("without-input-schema.zip", path => FixtureModels.WriteWithoutInputSchema(BreastCancerMlNet, path));
    private static readonly Lazy<string> ScalarInputs = Create("scalar-inputs.onnx", FixtureModels.WriteScalarInputsOnnx);
    private static readonly Lazy<string> SequenceOutput = Create("sequence-output.onnx", CraftedOnnx.WriteSequenceOutput);
    private static readonly Lazy<string> SequenceInput = Create("sequence-input.onnx", CraftedOnnx.WriteSequenceInput);
    private static readonly Lazy<string> SubgraphReadingOuterValues = Create("subgraph-reading-outer-values.onnx", CraftedOnnx.WriteSubgraphReadingOuterValues);
    private static readonly int[] MlpWidths = [30, 8, 3];
    private static readonly Lazy<string> Mlp = Create("mlp.onnx", path => CraftedOnnx.WriteMlp(path, MlpWidths, MlpSeed));
    private static readonly Lazy<string> Bomb = Create("zip-bomb.zip", HostileFiles.WriteZipBomb);
    private static readonly Lazy<string> Traversal = Create("traversal.zip", path => HostileFiles.WriteZip(path, "TransformerChain/Model.key", "../../evil.txt"));
    private static readonly Lazy<string> LyingHeader = Create("lying-header.zip", HostileFiles.WriteLyingHeaderZip);
    private static readonly Lazy<string> NotAModel = Create("not-a-model.zip", path => HostileFiles.WriteZip(path, "readme.txt", "data/values.csv"));
    private static readonly Lazy<string> Truncated = Create("truncated.onnx", path => HostileFiles.WriteTruncated(BreastCancerOnnx, path));
    private static readonly Lazy<string> RandomFile = Create("random.bin", HostileFiles.WriteRandomBytes);
    private static readonly Lazy<string> ExternalData = new(() =>
    {
        var path = Path.Combine(NewDirectory(), "external-data.onnx");
        CraftedOnnx.WriteExternalData(path, "weights.bin");
        return path;
    });
    private static readonly Lazy<string> ExternalDataOutside = new(() =>
    {
        var path = Path.Combine(NewDirectory(), "external-data-outside.onnx");
        CraftedOnnx.WriteExternalData(path, "../outside-weights.bin");
        return path;
    });
    private static readonly Lazy<string> Empty = Create("empty.onnx", path => File.WriteAllBytes(path, []));
    private const int MlpSeed = 3;
    private static int _copies;

    /// <summary>The breast cancer classifier as <see cref="BinaryClassifierTrainer"/> trains it with default parameters.</summary>
    public static TrainedModel BreastCancer => BreastCancerModel.Value;

    /// <summary>The breast cancer ML.NET zip: inputs <c>Features</c> (FP32 [-1,30]) and <c>Label</c> (BOOL, not required).</summary>
    public static string BreastCancerMlNet => BreastCancer.MlNetPath;

    /// <summary>The breast cancer ONNX model: one input <c>Features</c> (FP32 [-1,30]).</summary>
    public static string BreastCancerOnnx => BreastCancer.OnnxPath;

    /// <summary>A second, smaller breast cancer classifier (5 trees of 4 leaves, another seed): the same signature, other answers, as a next version would be.</summary>
    public static TrainedModel SmallBreastCancer => SmallBreastCancerModel.Value;

    /// <summary>An ML.NET zip with mixed inputs: text <c>Comment</c>, boolean <c>Flag</c>, FP32 <c>Amount</c>, INT32 <c>Count</c>,
    /// key <c>Category</c> (UINT32), FP32 vector <c>Readings</c> of 4, and the unused <c>Id</c> (INT64), variable-size FP32
    /// vector <c>Extras</c> and <c>Label</c> (BOOL).</summary>
    public static string MixedInputsMlNet => MixedInputs.Value;

    /// <summary>
    /// An ML.NET zip that copies each of its inputs to an output named after it with "Copy" appended: scalars <c>Bool</c>,
    /// <c>UInt8</c>, <c>UInt16</c>, <c>UInt32</c>, <c>UInt64</c>, <c>Int8</c>, <c>Int16</c>, <c>Int32</c>, <c>Int64</c>,
    /// <c>Fp32</c>, <c>Fp64</c>, <c>Text</c> and <c>Key</c> (a key of 10 values, UINT32), the same names with "Vector"
    /// appended for vectors of 2, and <c>Fp32Variable</c>, an FP32 vector of variable size.
    /// </summary>
    public static string EveryColumnTypeMlNet => EveryColumnType.Value;

    /// <summary>
    /// An ONNX model with one Identity per element type: input <c>X_TYPE</c> to output <c>Y_TYPE</c>, each of shape [-1, 2],
    /// for every protocol type name TYPE (BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES).
    /// </summary>
    public static string IdentityPerTypeOnnx => IdentityPerType.Value;

    /// <summary>
    /// An ONNX model with FP32 input <c>X</c> [-1, 2] and four outputs declared [-1, 2]: <c>Y</c>, a copy of <c>X</c>;
    /// <c>Negated</c>, <c>-X</c>; <c>Tiled</c>, which is really <c>X</c> twice, [2N, 2]; and <c>Constant</c>, really the
    /// initializer [[1, 2]], which ONNX Runtime (and so the signature) reports as [1, 2].
    /// </summary>
    public static string MisdeclaredShapesOnnx => MisdeclaredShapes.Value;

    /// <summary>A model with a batchable output <c>Y</c> [N, 2] and a fixed-size one, <c>Constant</c> [1, 2] (<see cref="CraftedOnnx.WriteFixedSizeOutput"/>).</summary>
    public static string FixedSizeOutputOnnx => FixedSizeOutput.Value;

    /// <summary>An ML.NET zip whose saved schema has a DateTime input column <c>MeasuredAt</c>, which Capstan cannot serve.</summary>
    public static string DateTimeInputMlNet => DateTimeInput.Value;

    /// <summary>The breast cancer ML.NET model saved without its input schema.</summary>
    public static string WithoutInputSchemaMlNet => WithoutInputSchema.Value;

    /// <summary>An ONNX model with four scalar FP32 inputs: <c>MeanRadius</c>, <c>MeanTexture</c>, <c>MeanPerimeter</c>, <c>MeanArea</c>.</summary>
    public static string ScalarInputsOnnx => ScalarInputs.Value;

    /// <summary>An ONNX model with FP32 input <c>X</c> [1] and outputs <c>Y</c> (FP32 [1]) and <c>Items</c> (a sequence of tensors).</summary>
    public static string SequenceOutputOnnx => SequenceOutput.Value;

    /// <summary>An ONNX model whose one input <c>Items</c> is a sequence of FP32 tensors, which Capstan cannot serve.</summary>
    public static string SequenceInputOnnx => SequenceInput.Value;

    /// <summary>An If model whose branches read outer values they do not list (<see cref="CraftedOnnx.WriteSubgraphReadingOuterValues"/>).</summary>
    public static string SubgraphReadingOuterValuesOnnx => SubgraphReadingOuterValues.Value;

    /// <summary>A multilayer perceptron 30-8-3 with seeded weights: input <c>Features</c> (FP32 [-1,30]), output <c>Probability</c> (FP32 [-1,3], a softmax).</summary>
    public static string MlpOnnx => Mlp.Value;

    /// <summary>The weights ([inputs, outputs] row-major) and biases of each layer of <see cref="MlpOnnx"/>, first layer first.</summary>
    public static IReadOnlyList<(float[] Weights, float[] Biases)> MlpOnnxLayers => CraftedOnnx.MlpLayers(MlpWidths, MlpSeed);

    /// <summary>A zip of ten 1 GiB entries of zeros (10 GiB uncompressed, about 10 MB on disk) named like an ML.NET model.</summary>
    public static string ZipBomb => Bomb.Value;

    /// <summary>A zip with an ML.NET-looking entry and the traversal entry <c>../../evil.txt</c>.</summary>
    public static string TraversalZip => Traversal.Value;

    /// <summary>A zip whose one entry declares 1,024 bytes but holds 16 MiB of zeros (the CRC-32 is that of the real content).</summary>
    public static string LyingHeaderZip => LyingHeader.Value;

    /// <summary>A well-formed zip that is not an ML.NET model (no <c>Model.key</c> entry).</summary>
    public static string NotAModelZip => NotAModel.Value;

    /// <summary>The first half of the breast cancer ONNX model.</summary>
    public static string TruncatedOnnx => Truncated.Value;

    /// <summary>4 KiB of seeded random bytes.</summary>
    public static string RandomBytes => RandomFile.Value;

    /// <summary>A valid ONNX model (<c>Y = X + W</c>, and <c>Copy</c> of <c>X</c>) in a directory of its own whose initializer <c>W</c> is external data in the sibling file <c>weights.bin</c>.</summary>
    public static string ExternalDataOnnx => ExternalData.Value;

    /// <summary>The model of <see cref="ExternalDataOnnx"/> in a directory of its own, whose external data is <c>../outside-weights.bin</c>, a file that exists outside that directory.</summary>
    public static string ExternalDataOutsideOnnx => ExternalDataOutside.Value;

    /// <summary>An empty file named like an ONNX model.</summary>
    public static string EmptyFile => Empty.Value;

    /// <summary>Writes a new small zip whose entries have exactly <paramref name="entryNames"/> (each holding a few bytes) and returns its path.</summary>
    public static string ZipWithEntries(params string[] entryNames)
    {
        var path = Path.Combine(NewDirectory(), "entries.zip");
        HostileFiles.WriteZip(path, entryNames);
        return path;
    }

    /// <summary>Writes a new zip with an ML.NET-looking entry and <paramref name="linkName"/>, a Unix symbolic link entry to <paramref name="target"/>, and returns its path.</summary>
    public static string ZipWithSymlink(string linkName, string target)
    {
        var path = Path.Combine(NewDirectory(), "symlink.zip");
        HostileFiles.WriteSymlinkZip(path, linkName, target);
        return path;
    }

    /// <summary>Writes the model of <see cref="ExternalDataOnnx"/> into a new directory with its external data at <paramref name="location"/> (relative to that directory, or absolute), writes that data file too, and returns the model's path.</summary>
    public static string OnnxWithExternalData(string location)
    {
        var path = Path.Combine(NewDirectory(), "model.onnx");
        CraftedOnnx.WriteExternalData(path, location);
        return path;
    }

    /// <summary>Copies <paramref name="source"/> into a new directory as <paramref name="fileName"/> and returns the copy's path.</summary>
    public static string CopyAs(string source, string fileName)
    {
        var path = Path.Combine(NewDirectory(), fileName);
        File.Copy(source, path);
        return path;
    }

    private static Lazy<string> Create(string fileName, Action<string> write) => new(() =>
    {
        var path = PathFor(fileName);
        write(path);
        return path;
    });

    private static string PathFor(string name) => Path.Combine(Root.Value, name);

    private static string NewDirectory() =>
        Directory.CreateDirectory(PathFor($"copy-{Interlocked.Increment(ref _copies)}")).FullName;

    private static string CreateRoot()
    {
        var root = Directory.CreateTempSubdirectory("capstan-test-models-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // Another process still holds a file open; the temporary directory is left for the OS to clean.
            }
        };
        return root;
    }
}
