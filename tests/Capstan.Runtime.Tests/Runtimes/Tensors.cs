using System.Runtime.InteropServices;
using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Runtime.Runtimes;
using Capstan.Training.Datasets;

namespace Capstan.Runtime.Tests.Runtimes;

/// <summary>Builds request tensors and compares result tensors for the runtime tests.</summary>
internal static class Tensors
{
    /// <summary>The <c>Features</c> tensor [N, 30] of <paramref name="samples"/>.</summary>
    public static Tensor Features(IEnumerable<LabeledSample> samples)
    {
        var rows = samples.ToList();
        var values = rows.SelectMany(sample => sample.Features).ToArray();
        return Tensor.From("Features", TensorDataType.Fp32, [rows.Count, values.Length / Math.Max(rows.Count, 1)], values);
    }

    /// <summary>A BOOL tensor of <paramref name="values"/>.</summary>
    public static Tensor Bools(string name, long[] shape, IEnumerable<bool> values) =>
        Tensor.FromBuffer(name, TensorDataType.Bool, shape, values.Select(value => value ? (byte)1 : (byte)0).ToArray());

    /// <summary>A BYTES tensor of the UTF-8 bytes of <paramref name="values"/>.</summary>
    public static Tensor Texts(string name, long[] shape, IEnumerable<string> values) =>
        Tensor.FromElements(name, shape, values.Select(value => (ReadOnlyMemory<byte>)System.Text.Encoding.UTF8.GetBytes(value)).ToArray());

    /// <summary>Runs <paramref name="model"/> and asserts that it succeeds.</summary>
    public static IReadOnlyList<Tensor> Run(ILoadedModel model, IReadOnlyList<Tensor> inputs, IReadOnlyList<string> outputs)
    {
        var result = model.Run(inputs, outputs);
        Assert.True(result.IsSuccess, result.ToString());
        return result.Value;
    }

    /// <summary>The element values of a fixed-size tensor, read as <typeparamref name="T"/> (which may be <see cref="bool"/>).</summary>
    public static T[] Values<T>(Tensor tensor) where T : unmanaged => MemoryMarshal.Cast<byte, T>(tensor.Data.Span).ToArray();

    /// <summary>Asserts that two tensors have the same type, shape and elements, byte for byte; names are compared only when <paramref name="compareNames"/>.</summary>
    public static void AssertSame(Tensor expected, Tensor actual, bool compareNames = true)
    {
        if (compareNames)
            Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.DataType, actual.DataType);
        Assert.Equal(expected.Shape, actual.Shape);
        if (expected.DataType == TensorDataType.Bytes)
            Assert.Equal(expected.Elements!.Select(element => element.ToArray()), actual.Elements!.Select(element => element.ToArray()));
        else
            Assert.Equal(expected.Data.ToArray(), actual.Data.ToArray());
    }

    /// <summary>Asserts that two runs gave the same tensors, byte for byte.</summary>
    public static void AssertSame(IReadOnlyList<Tensor> expected, IReadOnlyList<Tensor> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
            AssertSame(expected[i], actual[i]);
    }

    /// <summary>Runs <paramref name="model"/> from <paramref name="threads"/> threads at once, <paramref name="callsPerThread"/> times each, and asserts every answer equals <paramref name="expected"/>.</summary>
    public static async Task AssertSameFromManyThreadsAsync(
        ILoadedModel model, IReadOnlyList<Tensor> inputs, IReadOnlyList<string> outputs, IReadOnlyList<Tensor> expected, int threads = 8, int callsPerThread = 25)
    {
        var results = await Task.WhenAll(Enumerable.Range(0, threads).Select(_ => Task.Run(() =>
        {
            var answers = new List<Result<IReadOnlyList<Tensor>>>();
            for (var call = 0; call < callsPerThread; call++)
                answers.Add(model.Run(inputs, outputs));
            return answers;
        })));

        foreach (var answer in results.SelectMany(answers => answers))
        {
            Assert.True(answer.IsSuccess, answer.ToString());
            AssertSame(expected, answer.Value);
        }
    }
}
