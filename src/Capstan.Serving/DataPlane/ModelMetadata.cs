using Capstan.Core.Signatures;

namespace Capstan.Serving.DataPlane;

/// <summary>What the Open Inference Protocol's model metadata says about a served model.</summary>
/// <param name="Name">The serving name (the model's registry name).</param>
/// <param name="Versions">The version numbers that can be reached, as strings.</param>
/// <param name="Platform">The runtime, such as <c>onnxruntime_onnx</c> or <c>mlnet</c>.</param>
/// <param name="Inputs">The inputs a request may send.</param>
/// <param name="Outputs">The outputs a request may ask for.</param>
public sealed record ModelMetadata(
    string Name,
    IReadOnlyList<string> Versions,
    string Platform,
    IReadOnlyList<TensorSpec> Inputs,
    IReadOnlyList<TensorSpec> Outputs);
