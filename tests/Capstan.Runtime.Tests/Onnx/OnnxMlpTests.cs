using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Runtime.Tests.Runtimes;
using Capstan.Testing.Models;

namespace Capstan.Runtime.Tests.Onnx;

/// <summary>The hand-written perceptron the batching benchmark serves, against a plain C# forward pass of its weights.</summary>
public sealed class OnnxMlpTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Run_GivesTheForwardPassOfTheSeededWeights(int rows)
    {
        using var model = LoadedModels.Load(TestModels.MlpOnnx);
        var random = new Random(rows);
        var features = Enumerable.Range(0, rows * 30).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();

        var answer = Tensors.Run(model, [Tensor.From("Features", TensorDataType.Fp32, [rows, 30], features)], ["Probability"]).Single();

        Assert.Equal([rows, 3], answer.Shape);
        var expected = ForwardPass(features, rows, TestModels.MlpOnnxLayers);
        var actual = Tensors.Values<float>(answer);
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], actual[i], 1e-5f);
        Assert.Contains(actual, probability => Math.Abs(probability - 1f / 3) > 0.01f);
    }

    /// <summary>Each layer's <c>x W + b</c> in double precision, through Relu between layers and a softmax per row at the end.</summary>
    private static float[] ForwardPass(float[] features, int rows, IReadOnlyList<(float[] Weights, float[] Biases)> layers)
    {
        var values = features.Select(value => (double)value).ToArray();
        for (var layer = 0; layer < layers.Count; layer++)
        {
            var (weights, biases) = layers[layer];
            var inputs = values.Length / rows;
            var outputs = biases.Length;
            var next = new double[rows * outputs];
            for (var row = 0; row < rows; row++)
                for (var j = 0; j < outputs; j++)
                {
                    var sum = (double)biases[j];
                    for (var k = 0; k < inputs; k++)
                        sum += values[row * inputs + k] * weights[k * outputs + j];
                    next[row * outputs + j] = layer < layers.Count - 1 ? Math.Max(sum, 0) : sum;
                }
            values = next;
        }
        var width = values.Length / rows;
        return Enumerable.Range(0, rows).SelectMany(row =>
        {
            var logits = values.AsSpan(row * width, width).ToArray();
            var exponentials = logits.Select(logit => Math.Exp(logit - logits.Max())).ToArray();
            return exponentials.Select(exponential => (float)(exponential / exponentials.Sum()));
        }).ToArray();
    }
}
