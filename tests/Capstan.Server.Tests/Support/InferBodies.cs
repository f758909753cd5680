using System.Globalization;
using Capstan.Testing.Models;

namespace Capstan.Server.Tests.Support;

/// <summary>Open Inference Protocol request bodies for the breast cancer test models.</summary>
public static class InferBodies
{
    /// <summary>One holdout row asking for the probability output, which every ONNX version of the model answers.</summary>
    public static readonly string BreastCancerProbability =
        $$"""{"inputs": [{"name": "Features", "shape": [1, 30], "datatype": "FP32", "data": [{{string.Join(",", TestModels.BreastCancer.Holdout[0].Features.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}}]}], "outputs": [{"name": "Probability.output"}]}""";
}
