using Capstan.Core.Signatures;
using Capstan.Runtime.Inspection;

namespace Capstan.Testing.Models;

/// <summary>The signatures of the real test models, read once per test process with the model inspector.</summary>
public static class TestSignatures
{
    private static readonly Lazy<ModelSignature> BreastCancerOnnxSignature = Inspect(() => TestModels.BreastCancerOnnx);
    private static readonly Lazy<ModelSignature> BreastCancerMlNetSignature = Inspect(() => TestModels.BreastCancerMlNet);
    private static readonly Lazy<ModelSignature> MixedInputsSignature = Inspect(() => TestModels.MixedInputsMlNet);
    private static readonly Lazy<ModelSignature> ScalarInputsSignature = Inspect(() => TestModels.ScalarInputsOnnx);

    /// <summary>Features FP32 [-1,30]; outputs such as Probability.output FP32 [-1,1].</summary>
    public static ModelSignature BreastCancerOnnx => BreastCancerOnnxSignature.Value;

    /// <summary>Features FP32 [-1,30] (required) and Label BOOL [-1] (optional); outputs PredictedLabel, Score, Probability.</summary>
    public static ModelSignature BreastCancerMlNet => BreastCancerMlNetSignature.Value;

    /// <summary>Text, boolean, number, key and vector columns, some of them optional.</summary>
    public static ModelSignature MixedInputs => MixedInputsSignature.Value;

    /// <summary>Four required FP32 [-1,1] inputs: MeanRadius, MeanTexture, MeanPerimeter, MeanArea.</summary>
    public static ModelSignature ScalarInputsOnnx => ScalarInputsSignature.Value;

    private static Lazy<ModelSignature> Inspect(Func<string> path) => new(() =>
        new ModelInspector(new InspectionOptions()).InspectAsync(path(), CancellationToken.None).GetAwaiter().GetResult().Value.Signature);
}
