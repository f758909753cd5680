using Microsoft.ML.OnnxRuntime;

namespace Capstan.Testing.Models;

/// <summary>Runs an ONNX model file in this process with a plain ONNX Runtime session, for the predictions a server's answers must equal.</summary>
public static class InProcessOnnx
{
    /// <summary>The FP32 output <paramref name="output"/> of the model at <paramref name="path"/> on FP32 <paramref name="inputs"/>, each a name, its data and its shape.</summary>
    public static float[] Run(string path, string output, params (string Name, float[] Data, long[] Shape)[] inputs)
    {
        using var session = new InferenceSession(path);
        var values = inputs.Select(input => OrtValue.CreateTensorValueFromMemory(input.Data, input.Shape)).ToList();
        try
        {
            using var results = session.Run(new RunOptions(), [.. inputs.Select(input => input.Name)], values, [output]);
            return results[0].GetTensorDataAsSpan<float>().ToArray();
        }
        finally
        {
            values.ForEach(value => value.Dispose());
        }
    }

    /// <summary>The breast cancer ONNX model's probabilities for <paramref name="rows"/> of 30 features.</summary>
    public static float[] BreastCancerProbabilities(IReadOnlyList<float[]> rows) =>
        Run(TestModels.BreastCancerOnnx, "Probability.output", ("Features", [.. rows.SelectMany(row => row)], [rows.Count, 30]));
}
