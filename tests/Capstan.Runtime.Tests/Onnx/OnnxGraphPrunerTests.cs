using Capstan.Runtime.Onnx;
using Capstan.Runtime.Onnx.Graph;
using Capstan.Testing.Models;

namespace Capstan.Runtime.Tests.Onnx;

public sealed class OnnxGraphPrunerTests
{
    private static readonly string[] Served = ["Probability.output", "PredictedLabel.output"];

    [Fact]
    public void Prune_DropsTheUnservedOutputsAndTheNodesOnlyTheyNeed()
    {
        var whole = Read(File.ReadAllBytes(TestModels.BreastCancerOnnx));

        var pruned = Read(OnnxGraphPruner.Prune(TestModels.BreastCancerOnnx, Served));

        Assert.Equal(["Features.output", "PredictedLabel.output", "Score.output", "Probability.output"], whole.Graph.Output.Select(o => o.Name));
        Assert.Equal(["PredictedLabel.output", "Probability.output"], pruned.Graph.Output.Select(o => o.Name));
        var dropped = whole.Graph.Node.Except(pruned.Graph.Node).ToList();
        Assert.Equal(2, dropped.Count);
        Assert.Equal(["Features.output", "Score.output"], dropped.SelectMany(node => node.Output).Order());
        Assert.Contains(pruned.Graph.Node, node => node.Output.Contains("Score"));
    }

    [Fact]
    public void Prune_KeepsEveryOtherPartOfTheModelByteForByte()
    {
        var whole = Read(File.ReadAllBytes(TestModels.BreastCancerOnnx));
        var pruned = Read(OnnxGraphPruner.Prune(TestModels.BreastCancerOnnx, Served));

        whole.Graph.Node.RemoveAt(whole.Graph.Node.ToList().FindIndex(node => node.Output.Contains("Features.output")));
        whole.Graph.Node.RemoveAt(whole.Graph.Node.ToList().FindIndex(node => node.Output.Contains("Score.output")));
        var outputs = whole.Graph.Output.Where(o => Served.Contains(o.Name)).ToList();
        whole.Graph.Output.Clear();
        whole.Graph.Output.AddRange(outputs);

        Assert.Equal(whole, pruned);
    }

    [Theory]
    [InlineData("Features.output,PredictedLabel.output,Score.output,Probability.output")]
    [InlineData("Probability.output,Missing")]
    public void Prune_LeavesTheModelAlone_WhenEveryOutputIsServedOrAServedOneIsMissing(string served) =>
        Assert.Null(OnnxGraphPruner.Prune(TestModels.BreastCancerOnnx, served.Split(',')));

    [Fact]
    public void Prune_LeavesAGraphWithSubgraphsWhole() =>
        Assert.Null(OnnxGraphPruner.Prune(TestModels.SubgraphReadingOuterValuesOnnx, ["Y"]));

    [Theory]
    [MemberData(nameof(NotModels))]
    public void Prune_LeavesAFileThatIsNotAModelToOnnxRuntime(string path) =>
        Assert.Null(OnnxGraphPruner.Prune(path, ["Y"]));

    public static TheoryData<string> NotModels() => new(TestModels.RandomBytes, TestModels.TruncatedOnnx, TestModels.EmptyFile);

    private static ModelProto Read(byte[]? model)
    {
        Assert.NotNull(model);
        return ModelProto.Parser.ParseFrom(model);
    }
}
