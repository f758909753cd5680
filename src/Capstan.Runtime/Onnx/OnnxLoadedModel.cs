using System.Buffers;
using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Runtime.Runtimes;
using Microsoft.ML.OnnxRuntime;

namespace Capstan.Runtime.Onnx;

/// <summary>An ONNX model loaded into an ONNX Runtime session.</summary>
/// <remarks>
/// <see cref="Run"/> wraps the input tensors' buffers without copying them (BYTES excepted), asks the session for the
/// requested outputs only, and copies those into new tensors. <see cref="InferenceSession"/> runs concurrent calls
/// safely, so this model is thread-safe. <see cref="MemoryBytes"/> is the file's length, a lower bound: ONNX Runtime
/// keeps each initializer in memory once and frees the parsed file after loading, so weights set the floor (plain
/// graphs measured within a few kilobytes of it), but operators that rebuild their weights hold more (the breast
/// cancer tree ensemble holds about 8 times its file), and the arena for intermediate tensors, which grows with the
/// batch size, is not counted.
/// </remarks>
internal sealed class OnnxLoadedModel(InferenceSession session, ModelSignature signature, long memoryBytes) : ILoadedModel
{
    private readonly RunOptions _runOptions = new();

    /// <inheritdoc />
    public ModelSignature Signature => signature;

    /// <inheritdoc />
    public long MemoryBytes => memoryBytes;

    /// <inheritdoc />
    public Result<IReadOnlyList<Tensor>> Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<string> outputs)
    {
        var names = new string[inputs.Count];
        var values = new OrtValue[inputs.Count];
        var pins = new MemoryHandle[inputs.Count];
        try
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                names[i] = inputs[i].Name;
                values[i] = OnnxTensors.ToOrtValue(inputs[i], out pins[i]);
            }
            using var results = session.Run(_runOptions, names, values, outputs);
            var tensors = new Tensor[results.Count];
            for (var i = 0; i < tensors.Length; i++)
                tensors[i] = OnnxTensors.ToTensor(outputs[i], results[i]);
            return tensors;
        }
        catch (OnnxRuntimeException exception)
        {
            return Error.Internal($"ONNX Runtime could not run the model: {exception.Message}");
        }
        finally
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i]?.Dispose();
                pins[i].Dispose();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        session.Dispose();
        _runOptions.Dispose();
    }
}
