using System.Diagnostics;
using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Runtime.Inspection;
using Capstan.Testing.Models;
using Microsoft.ML.OnnxRuntime;

namespace Capstan.Runtime.Tests.Inspection;

public sealed class ModelInspectorTests
{
    private static readonly ModelInspector Inspector = new(new InspectionOptions());

    [Fact]
    public async Task Inspect_ReadsTheBreastCancerOnnxSignature()
    {
        var inspection = await InspectAsync(TestModels.BreastCancerOnnx);

        Assert.Equal(ModelFormat.Onnx, inspection.Format);
        Assert.Equal([new TensorSpec("Features", TensorDataType.Fp32, [-1, 30])], inspection.Signature.Inputs);
        Assert.Equal(["Features"], inspection.Signature.RequiredInputs);
        Assert.Contains(new TensorSpec("Probability.output", TensorDataType.Fp32, [-1, 1]), inspection.Signature.Outputs);
        Assert.Contains(new TensorSpec("Score.output", TensorDataType.Fp32, [-1, 1]), inspection.Signature.Outputs);
        Assert.Contains(new TensorSpec("PredictedLabel.output", TensorDataType.Bool, [-1, 1]), inspection.Signature.Outputs);
    }

    [Fact]
    public async Task Inspect_ReadsTheBreastCancerMlNetSignatureWithoutRequiringTheLabel()
    {
        var inspection = await InspectAsync(TestModels.BreastCancerMlNet);

        Assert.Equal(ModelFormat.MlNet, inspection.Format);
        Assert.Equal(
            [new TensorSpec("Features", TensorDataType.Fp32, [-1, 30]), new TensorSpec("Label", TensorDataType.Bool, [-1])],
            inspection.Signature.Inputs);
        Assert.Equal(
            [
                new TensorSpec("PredictedLabel", TensorDataType.Bool, [-1]),
                new TensorSpec("Score", TensorDataType.Fp32, [-1]),
                new TensorSpec("Probability", TensorDataType.Fp32, [-1]),
            ],
            inspection.Signature.Outputs);
        Assert.Equal(["Features"], inspection.Signature.RequiredInputs);
    }

    [Fact]
    public async Task Inspect_MapsEveryMlNetColumnTypeAndRequiresOnlyTheColumnsThePipelineReads()
    {
        var inspection = await InspectAsync(TestModels.MixedInputsMlNet);

        Assert.Equal(
            [
                new TensorSpec("Id", TensorDataType.Int64, [-1]),
                new TensorSpec("Comment", TensorDataType.Bytes, [-1]),
                new TensorSpec("Flag", TensorDataType.Bool, [-1]),
                new TensorSpec("Amount", TensorDataType.Fp32, [-1]),
                new TensorSpec("Count", TensorDataType.Int32, [-1]),
                new TensorSpec("Category", TensorDataType.UInt32, [-1]),
                new TensorSpec("Readings", TensorDataType.Fp32, [-1, 4]),
                new TensorSpec("Extras", TensorDataType.Fp32, [-1, -1]),
                new TensorSpec("Label", TensorDataType.Bool, [-1]),
            ],
            inspection.Signature.Inputs);
        Assert.Equal(["Comment", "Flag", "Amount", "Count", "Category", "Readings"], inspection.Signature.RequiredInputs);
        var outputs = inspection.Signature.Outputs.Select(output => output.Name).ToList();
        Assert.Equal(
            ["CommentFeatures", "FlagValue", "CountValue", "CategoryVector", "Features", "PredictedLabel", "Score", "Probability"],
            outputs);
        Assert.Contains(new TensorSpec("FlagValue", TensorDataType.Fp32, [-1]), inspection.Signature.Outputs);
    }

    [Fact]
    public async Task Inspect_ReadsEveryInputOfAMultiInputOnnxModel()
    {
        var inspection = await InspectAsync(TestModels.ScalarInputsOnnx);

        string[] names = ["MeanRadius", "MeanTexture", "MeanPerimeter", "MeanArea"];
        Assert.Equal(ModelFormat.Onnx, inspection.Format);
        Assert.Equal(names.Select(name => new TensorSpec(name, TensorDataType.Fp32, [-1, 1])), inspection.Signature.Inputs);
        Assert.Equal(names, inspection.Signature.RequiredInputs);
        Assert.Contains(new TensorSpec("Probability.output", TensorDataType.Fp32, [-1, 1]), inspection.Signature.Outputs);
    }

    [Fact]
    public async Task Inspect_LeavesOutAnOnnxOutputCapstanCannotServe()
    {
        var inspection = await InspectAsync(TestModels.SequenceOutputOnnx);

        Assert.Equal([new TensorSpec("X", TensorDataType.Fp32, [1])], inspection.Signature.Inputs);
        Assert.Equal([new TensorSpec("Y", TensorDataType.Fp32, [1])], inspection.Signature.Outputs);
    }

    [Fact]
    public async Task Inspect_RefusesAnOnnxInputCapstanCannotServeAndNamesIt()
    {
        var error = await RefusalAsync(TestModels.SequenceInputOnnx);

        Assert.Equal("The ONNX model's input 'Items' is of ONNX type ONNX_TYPE_SEQUENCE, which Capstan cannot serve.", error.Message);
    }

    [Fact]
    public async Task Inspect_RefusesAnInputColumnCapstanCannotServeAndNamesIt()
    {
        var error = await RefusalAsync(TestModels.DateTimeInputMlNet);

        Assert.Contains("'MeasuredAt'", error.Message);
        Assert.Contains("DateTime", error.Message);
    }

    [Theory]
    [InlineData(ModelFormat.Onnx, "model.zip")]
    [InlineData(ModelFormat.Onnx, "model.ort")]
    [InlineData(ModelFormat.Onnx, "model")]
    [InlineData(ModelFormat.MlNet, "model.onnx")]
    [InlineData(ModelFormat.MlNet, "model.ort")]
    [InlineData(ModelFormat.MlNet, "model")]
    public async Task Inspect_DetectsTheFormatFromTheContentWhateverTheFileName(ModelFormat format, string fileName)
    {
        var source = format == ModelFormat.Onnx ? TestModels.BreastCancerOnnx : TestModels.BreastCancerMlNet;

        var inspection = await InspectAsync(TestModels.CopyAs(source, fileName));

        Assert.Equal(format, inspection.Format);
        Assert.Equal((await InspectAsync(source)).Signature, inspection.Signature);
    }

    [Fact]
    public async Task Inspect_GivesTheSameAnswersWhenCalledConcurrently()
    {
        string[] paths =
        [
            TestModels.BreastCancerOnnx, TestModels.BreastCancerMlNet, TestModels.MixedInputsMlNet,
            TestModels.ScalarInputsOnnx, TestModels.TruncatedOnnx, TestModels.TraversalZip,
        ];
        var expected = new List<Result<ModelInspection>>();
        foreach (var path in paths)
            expected.Add(await Inspector.InspectAsync(path, TestContext.Current.CancellationToken));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).SelectMany(_ => paths)
            .Select(path => Inspector.InspectAsync(path, TestContext.Current.CancellationToken)));

        for (var i = 0; i < results.Length; i++)
        {
            var want = expected[i % paths.Length];
            Assert.Equal(want.IsSuccess, results[i].IsSuccess);
            if (want.IsSuccess)
                Assert.Equal(want.Value, results[i].Value);
            else
                Assert.Equal(want.Error, results[i].Error);
        }
    }

    [Fact]
    public async Task Inspect_RefusesATenGibibyteZipBombInUnderASecond()
    {
        var path = TestModels.ZipBomb;

        var stopwatch = Stopwatch.StartNew();
        var error = await RefusalAsync(path);
        stopwatch.Stop();

        Assert.Contains("not a safe ML.NET model", error.Message);
        Assert.Contains("TransformerChain/Model/Part0.bin", error.Message);
        Assert.Contains("expands from", error.Message);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"The zip bomb took {stopwatch.Elapsed} to refuse.");
    }

    [Fact]
    public async Task Inspect_RefusesAZipOverTheUncompressedTotalEvenWhenTheRatioIsAllowed()
    {
        var lenient = new ModelInspector(new InspectionOptions { MaxCompressionRatio = 10_000 });
        var path = TestModels.ZipBomb;

        var stopwatch = Stopwatch.StartNew();
        var result = await lenient.InspectAsync(path, TestContext.Current.CancellationToken);
        stopwatch.Stop();

        Assert.Equal(ErrorCode.InvalidInput, result.Error.Code);
        Assert.Contains("its entries expand to more than 4,294,967,296 bytes", result.Error.Message);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"The zip bomb took {stopwatch.Elapsed} to refuse.");
    }

    [Fact]
    public async Task Inspect_RefusesAZipWhoseHeaderUnderstatesAnEntrySize()
    {
        var path = TestModels.LyingHeaderZip;

        var stopwatch = Stopwatch.StartNew();
        var error = await RefusalAsync(path);
        stopwatch.Stop();

        Assert.Contains("'TransformerChain/Model.key' does not match its CRC-32", error.Message);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"The lying header took {stopwatch.Elapsed} to refuse.");
    }

    [Fact]
    public async Task Inspect_RefusesAZipWithATraversalEntryName()
    {
        var error = await RefusalAsync(TestModels.TraversalZip);

        Assert.Equal("The zip is not a safe ML.NET model: the entry name '../../evil.txt' has a '..' segment.", error.Message);
    }

    [Theory]
    [InlineData("/etc/passwd", "is an absolute path")]
    [InlineData("TransformerChain\\Model.key", "contains a backslash")]
    [InlineData("C:/Windows/win.ini", "contains ':'")]
    [InlineData("Model.key:stream", "contains ':'")]
    [InlineData("Transformer\u0001Chain/Model.key", "contains a control character")]
    [InlineData("TransformerChain/../../Model.key", "has a '..' segment")]
    public async Task Inspect_RefusesUnsafeEntryNames(string entryName, string reason)
    {
        var error = await RefusalAsync(TestModels.ZipWithEntries("Model.key", entryName));

        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public async Task Inspect_RefusesDuplicateEntryNamesIgnoringCase()
    {
        var error = await RefusalAsync(TestModels.ZipWithEntries("Model.key", "Schema", "schema"));

        Assert.Contains("the entry 'schema' appears more than once", error.Message);
    }

    [Fact]
    public async Task Inspect_RefusesAZipWithMoreEntriesThanAllowed()
    {
        var strict = new ModelInspector(new InspectionOptions { MaxZipEntries = 5 });

        var result = await strict.InspectAsync(TestModels.BreastCancerMlNet, TestContext.Current.CancellationToken);

        Assert.Equal("The zip is not a safe ML.NET model: it has 8 entries; at most 5 are allowed.", result.Error.Message);
    }

    [Fact]
    public async Task Inspect_RefusesAZipThatIsNotAnMlNetModel()
    {
        var error = await RefusalAsync(TestModels.NotAModelZip);

        Assert.Equal("The zip is not an ML.NET model: it has no Model.key entry.", error.Message);
    }

    [Fact]
    public async Task Inspect_RefusesAZipWhoseModelKeyIsNotAnMlNetModel()
    {
        var error = await RefusalAsync(TestModels.ZipWithEntries("Model.key"));

        Assert.StartsWith("The zip is not an ML.NET model: ", error.Message);
        Assert.DoesNotContain(Path.GetTempPath(), error.Message);
    }

    [Fact]
    public async Task Inspect_RefusesAnMlNetModelSavedWithoutItsInputSchema()
    {
        var error = await RefusalAsync(TestModels.WithoutInputSchemaMlNet);

        Assert.StartsWith("The ML.NET model was saved without its input schema", error.Message);
    }

    [Fact]
    public async Task Inspect_RefusesATruncatedOnnxModel()
    {
        var error = await RefusalAsync(TestModels.TruncatedOnnx);

        Assert.Equal("The file is not a valid ONNX model: Protobuf parsing failed.", error.Message);
    }

    [Fact]
    public async Task Inspect_RefusesRandomBytesAsAnInvalidOnnxModel()
    {
        var error = await RefusalAsync(TestModels.RandomBytes);

        Assert.StartsWith("The file is not a valid ONNX model: ", error.Message);
        Assert.DoesNotContain(Path.GetDirectoryName(TestModels.RandomBytes)!, error.Message);
    }

    [Fact]
    public async Task Inspect_RefusesAnOnnxModelThatReadsExternalDataFromBesideIt()
    {
        var error = await RefusalAsync(TestModels.ExternalDataOnnx);

        Assert.Equal(
            "The file is not a valid ONNX model: it keeps tensor data in external files, which Capstan does not accept; save the model with its data inside the file.",
            error.Message);
    }

    [Fact]
    public void ExternalDataFixture_IsAModelThatOnnxRuntimeOtherwiseLoadsWithTheSiblingFile()
    {
        using var session = new InferenceSession(TestModels.ExternalDataOnnx);
        using var input = OrtValue.CreateTensorValueFromMemory(new[] { 2f }, [1]);
        using var runOptions = new RunOptions();

        using var outputs = session.Run(runOptions, ["X"], [input], ["Y"]);

        Assert.Equal(3f, outputs[0].GetTensorDataAsSpan<float>()[0]);
    }

    [Fact]
    public async Task Inspect_RefusesAnEmptyFile()
    {
        var error = await RefusalAsync(TestModels.EmptyFile);

        Assert.Equal("The file is not a valid ONNX model: it is empty.", error.Message);
    }

    [Fact]
    public async Task Inspect_RefusesAZipThatIsCutShort()
    {
        var bytes = await File.ReadAllBytesAsync(TestModels.BreastCancerMlNet, TestContext.Current.CancellationToken);
        var path = TestModels.CopyAs(TestModels.BreastCancerMlNet, "cut.zip");
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 2)], TestContext.Current.CancellationToken);

        var error = await RefusalAsync(path);

        Assert.StartsWith("The zip is not a safe ML.NET model: it is not a readable zip", error.Message);
    }

    [Fact]
    public async Task Inspect_StopsWhenCancelled() =>
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Inspector.InspectAsync(TestModels.BreastCancerMlNet, new CancellationToken(canceled: true)));

    [Fact]
    public async Task Inspect_ThrowsWhenTheFileDoesNotExist() =>
        await Assert.ThrowsAsync<FileNotFoundException>(() =>
            Inspector.InspectAsync(Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid()}"), TestContext.Current.CancellationToken));

    private static async Task<ModelInspection> InspectAsync(string path)
    {
        var result = await Inspector.InspectAsync(path, TestContext.Current.CancellationToken);
        Assert.True(result.IsSuccess, result.ToString());
        return result.Value;
    }

    private static async Task<Error> RefusalAsync(string path)
    {
        var result = await Inspector.InspectAsync(path, TestContext.Current.CancellationToken);
        Assert.False(result.IsSuccess, $"{Path.GetFileName(path)} was accepted: {result}");
        Assert.Equal(ErrorCode.InvalidInput, result.Error.Code);
        return result.Error;
    }
}
