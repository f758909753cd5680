using Capstan.Core.Errors;
using Capstan.Core.Performance;
using Capstan.Core.Signatures;
using Capstan.Monitoring.Performance;
using Capstan.Runtime.Inspection;
using Capstan.Testing.Models;

namespace Capstan.Monitoring.Tests.Performance;

public sealed class OutputRolesTests
{
    private static readonly PerformanceQuery Defaults = new(TimeSpan.FromHours(1), TimeSpan.FromHours(1));

    [Fact]
    public async Task Resolve_ReadsTheQuickstartOnnxModelAsBinaryWithItsPredictedLabelAndProbability()
    {
        var roles = Ok(OutputRoles.Resolve("bc:1", await OutputsOfAsync(TestModels.BreastCancerOnnx), Defaults));

        Assert.Equal(new OutputRoles(PerformanceTask.Binary, "PredictedLabel.output", "Probability.output", 1, true), roles);
    }

    [Fact]
    public async Task Resolve_ReadsTheQuickstartMlNetModelAsBinaryToo()
    {
        var roles = Ok(OutputRoles.Resolve("bc:1", await OutputsOfAsync(TestModels.BreastCancerMlNet), Defaults));

        Assert.Equal((PerformanceTask.Binary, "PredictedLabel", "Probability", true), (roles.Task, roles.Label, roles.Score, roles.ScoreIsProbability));
    }

    [Fact]
    public void Resolve_TellsSkl2onnxClassifiersAndRegressorsApartByTheirProbabilityColumns()
    {
        TensorSpec label = new("label", TensorDataType.Int64, [-1]);

        var binary = Ok(OutputRoles.Resolve("m:1", [label, new("probabilities", TensorDataType.Fp32, [-1, 2])], Defaults));
        var multiclass = Ok(OutputRoles.Resolve("m:1", [label, new("probabilities", TensorDataType.Fp32, [-1, 3])], Defaults));
        var regression = Ok(OutputRoles.Resolve("m:1", [new("variable", TensorDataType.Fp32, [-1, 1])], Defaults));
        var unnamed = Ok(OutputRoles.Resolve("m:1", [new("out", TensorDataType.Fp64, [-1]), new("debug", TensorDataType.Bytes, [-1])], Defaults));

        Assert.Equal(new OutputRoles(PerformanceTask.Binary, "label", "probabilities", 2, true), binary);
        Assert.Equal(new OutputRoles(PerformanceTask.Multiclass, "label", "probabilities", 3, true), multiclass);
        Assert.Equal(new OutputRoles(PerformanceTask.Regression, null, "variable", 1, false), regression);
        Assert.Equal(new OutputRoles(PerformanceTask.Regression, null, "out", 1, false), unnamed);
    }

    [Fact]
    public async Task Resolve_TakesTheTaskAndOutputsARequestNames()
    {
        var outputs = await OutputsOfAsync(TestModels.BreastCancerOnnx);

        var roles = Ok(OutputRoles.Resolve("bc:1", outputs, Defaults with { ScoreOutput = "Score.output" }));
        var regression = Ok(OutputRoles.Resolve("bc:1", outputs, Defaults with { Task = PerformanceTask.Regression, LabelOutput = "Probability.output" }));

        Assert.Equal(new OutputRoles(PerformanceTask.Binary, "PredictedLabel.output", "Score.output", 1, false), roles);
        Assert.Equal(new OutputRoles(PerformanceTask.Regression, null, "Probability.output", 1, false), regression);
    }

    [Fact]
    public void Resolve_NamesTheOutputsWhenAnOverrideIsWrongOrNothingSaysWhereThePredictionIs()
    {
        TensorSpec[] outputs = [new("a", TensorDataType.Fp32, [-1, 4]), new("b", TensorDataType.Fp32, [-1, 4])];

        Assert.Equal(
            Error.InvalidInput("label_output 'Nope' is not an output of version m:2; its outputs are 'a' FP32 [-1,4], 'b' FP32 [-1,4]."),
            OutputRoles.Resolve("m:2", outputs, Defaults with { LabelOutput = "Nope" }).Error);
        Assert.Equal(
            Error.InvalidInput("Which outputs of version m:2 hold the prediction is not clear from its outputs 'a' FP32 [-1,4], 'b' FP32 [-1,4]; name them with label_output and score_output, and the task with task=binary, multiclass or regression."),
            OutputRoles.Resolve("m:2", outputs, Defaults).Error);
    }

    private static async Task<IReadOnlyList<TensorSpec>> OutputsOfAsync(string path) =>
        Ok(await new ModelInspector(new InspectionOptions()).InspectAsync(path, TestContext.Current.CancellationToken)).Signature.Outputs;

    private static T Ok<T>(Result<T> result)
    {
        Assert.True(result.IsSuccess, $"Expected success, got {result}.");
        return result.Value;
    }
}
