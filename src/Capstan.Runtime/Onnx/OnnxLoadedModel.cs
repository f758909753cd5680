using System.Buffers;
using System.Collections.Frozen;
using System.Runtime.InteropServices;
using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Runtime.Runtimes;
using Microsoft.ML.OnnxRuntime;

namespace Capstan.Runtime.Onnx;

/// <summary>An ONNX model loaded into an ONNX Runtime session.</summary>
/// <remarks>
/// <see cref="Run"/> wraps the input tensors' buffers without copying them (BYTES excepted) and asks the session for
/// the requested outputs only. When every requested output has a shape that follows from the batch size (see
/// <see cref="OnnxOutputLayout"/>), it allocates one managed buffer for them up front and lets the session write into
/// it, pinned, so the output tensors own that memory with no copy; otherwise, or when such a run fails because an
/// output was not its declared shape, ONNX Runtime allocates the outputs and they are copied into new tensors.
/// A single-row run of a model whose inputs all have rows of a fixed size goes through an <see cref="OnnxRowSlot"/>
/// instead, kept between runs, so that it creates no ONNX Runtime values: the row is copied into the slot's inputs and
/// the outputs out of it into one buffer. <see cref="InferenceSession"/> runs concurrent calls safely, and each slot
/// serves one run at a time, so this model is thread-safe. <see cref="MemoryBytes"/>
/// is the file's length, a lower bound: ONNX Runtime keeps each initializer in memory once and frees the parsed file
/// after loading, so weights set the floor (plain graphs measured within a few kilobytes of it), but operators that
/// rebuild their weights hold more (the breast cancer tree ensemble holds about 8 times its file), and the arena for
/// intermediate tensors, which grows with the batch size, is not counted.
/// </remarks>
internal sealed class OnnxLoadedModel(InferenceSession session, ModelSignature signature, long memoryBytes) : ILoadedModel
{
    /// <summary>Where each output starts in the shared buffer is a multiple of this, the largest element size, so every element is aligned.</summary>
    private const int OutputAlignment = 8;

    private readonly RunOptions _runOptions = new();
    private readonly FrozenDictionary<string, OnnxOutputLayout> _layouts = Layouts(signature);
    private readonly OnnxRowSlot?[] _rowSlots = new OnnxRowSlot?[Environment.ProcessorCount * 2];
    private readonly bool _runsRowsInSlots = OnnxRowSlot.Fits(signature);
    private volatile bool _disposed;

    /// <inheritdoc />
    public ModelSignature Signature => signature;

    /// <inheritdoc />
    public long MemoryBytes => memoryBytes;

    /// <inheritdoc />
    public Result<IReadOnlyList<Tensor>> Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<string> outputs)
    {
        var rows = BatchRows(inputs);
        var length = InPlaceLength(outputs, rows);
        if (rows == 1 && length >= 0 && _runsRowsInSlots && RunInRowSlot(inputs, outputs, length) is { } fromSlot)
            return fromSlot;
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
            if (length >= 0 && RunInPlace(names, values, outputs, rows, length) is { } written)
                return written;
            using var results = session.Run(_runOptions, names, values, outputs);
            var tensors = new Tensor[results.Count];
            for (var i = 0; i < tensors.Length; i++)
                tensors[i] = OnnxTensors.ToTensor(outputs[i], results[i]);
            if (length >= 0)
                LearnFromFailedInPlaceRun(outputs, tensors, rows);
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
        _disposed = true;
        DisposeRowSlots();
        session.Dispose();
        _runOptions.Dispose();
    }

    private static FrozenDictionary<string, OnnxOutputLayout> Layouts(ModelSignature signature)
    {
        var layouts = new Dictionary<string, OnnxOutputLayout>();
        foreach (var output in signature.Outputs)
        {
            if (OnnxOutputLayout.For(output) is { } layout)
                layouts[output.Name] = layout;
        }
        return layouts.ToFrozenDictionary();
    }

    /// <summary>The batch size, the first input's first dimension, or -1 when there is none to go by.</summary>
    private static long BatchRows(IReadOnlyList<Tensor> inputs) =>
        inputs.Count > 0 && inputs[0].Shape.Count > 0 && inputs[0].Shape[0] <= Array.MaxLength ? inputs[0].Shape[0] : -1;

    private static int Aligned(long bytes) => (int)((bytes + OutputAlignment - 1) & ~(long)(OutputAlignment - 1));

    /// <summary>The length of one buffer that holds every requested output of a batch of <paramref name="rows"/>, or -1 when one of them cannot be written in place.</summary>
    private int InPlaceLength(IReadOnlyList<string> outputs, long rows)
    {
        if (rows < 0 || outputs.Count == 0)
            return -1;
        long length = 0;
        for (var i = 0; i < outputs.Count; i++)
        {
            if (!_layouts.TryGetValue(outputs[i], out var layout) || !layout.WrittenInPlace)
                return -1;
            length += Aligned(rows * layout.RowBytes);
            if (length > Array.MaxLength)
                return -1;
        }
        return (int)length;
    }

    /// <summary>Runs the session into one new buffer that the returned tensors slice, or returns null when ONNX Runtime refuses to.</summary>
    private Tensor[]? RunInPlace(string[] names, OrtValue[] values, IReadOnlyList<string> outputs, long rows, int length)
    {
        var buffer = new byte[length];
        var shapes = new long[outputs.Count][];
        var outputValues = new OrtValue[outputs.Count];
        try
        {
            unsafe
            {
                fixed (byte* data = &MemoryMarshal.GetArrayDataReference(buffer))
                {
                    var at = 0;
                    for (var i = 0; i < outputs.Count; i++)
                    {
                        var layout = _layouts[outputs[i]];
                        var bytes = rows * layout.RowBytes;
                        shapes[i] = layout.ShapeFor(rows);
                        outputValues[i] = OrtValue.CreateTensorValueWithData(
                            OrtMemoryInfo.DefaultInstance, layout.ElementType, shapes[i], (IntPtr)(data + at), bytes);
                        at += Aligned(bytes);
                    }
                    session.Run(_runOptions, names, values, outputs, outputValues);
                }
            }
        }
        catch (OnnxRuntimeException)
        {
            return null;
        }
        finally
        {
            foreach (var value in outputValues)
                value?.Dispose();
        }
        return TensorsOver(buffer, outputs, rows, shapes);
    }

    /// <summary>Runs one row through a kept slot into one new buffer that the returned tensors slice, or returns null when the row does not fit a slot or ONNX Runtime refuses the run.</summary>
    private Tensor[]? RunInRowSlot(IReadOnlyList<Tensor> inputs, IReadOnlyList<string> outputs, int length)
    {
        var slot = TakeRowSlot();
        try
        {
            try
            {
                if (!slot.TryRun(session, _runOptions, inputs, outputs))
                    return null;
            }
            catch (OnnxRuntimeException)
            {
                return null;
            }
            var buffer = new byte[length];
            var shapes = new long[outputs.Count][];
            var at = 0;
            for (var i = 0; i < outputs.Count; i++)
            {
                var written = slot.Written(outputs[i]);
                written.CopyTo(buffer.AsSpan(at));
                shapes[i] = _layouts[outputs[i]].ShapeFor(1);
                at += Aligned(written.Length);
            }
            return TensorsOver(buffer, outputs, 1, shapes);
        }
        finally
        {
            ReturnRowSlot(slot);
        }
    }

    /// <summary>The output tensors over <paramref name="buffer"/>, where each output of a batch of <paramref name="rows"/> starts at the next aligned offset.</summary>
    private Tensor[] TensorsOver(byte[] buffer, IReadOnlyList<string> outputs, long rows, long[][] shapes)
    {
        var tensors = new Tensor[outputs.Count];
        var start = 0;
        for (var i = 0; i < tensors.Length; i++)
        {
            var layout = _layouts[outputs[i]];
            var bytes = (int)(rows * layout.RowBytes);
            tensors[i] = Tensor.FromBuffer(outputs[i], layout.DataType, shapes[i], buffer.AsMemory(start, bytes));
            start += Aligned(bytes);
        }
        return tensors;
    }

    /// <summary>A free kept slot, or a new one.</summary>
    private OnnxRowSlot TakeRowSlot()
    {
        for (var i = 0; i < _rowSlots.Length; i++)
        {
            if (Interlocked.Exchange(ref _rowSlots[i], null) is { } slot)
                return slot;
        }
        return OnnxRowSlot.For(session, signature, _layouts);
    }

    /// <summary>Keeps <paramref name="slot"/> for a later run if there is room and the model is not disposed, and disposes it otherwise.</summary>
    private void ReturnRowSlot(OnnxRowSlot slot)
    {
        for (var i = 0; i < _rowSlots.Length && !_disposed; i++)
        {
            if (Interlocked.CompareExchange(ref _rowSlots[i], slot, null) is null)
            {
                if (_disposed)
                    DisposeRowSlots();
                return;
            }
        }
        slot.Dispose();
    }

    private void DisposeRowSlots()
    {
        for (var i = 0; i < _rowSlots.Length; i++)
            Interlocked.Exchange(ref _rowSlots[i], null)?.Dispose();
    }

    /// <summary>
    /// Stops writing in place the outputs that came back in another shape than declared, after a run in place failed
    /// and the same run with ONNX Runtime's own outputs did not; if every shape was as declared, stops them all, since
    /// the cause is unknown.
    /// </summary>
    private void LearnFromFailedInPlaceRun(IReadOnlyList<string> outputs, Tensor[] tensors, long rows)
    {
        var stopped = false;
        for (var i = 0; i < outputs.Count; i++)
        {
            var layout = _layouts[outputs[i]];
            if (!layout.Fits(tensors[i].Shape, rows))
            {
                layout.StopWritingInPlace();
                stopped = true;
            }
        }
        if (stopped)
            return;
        for (var i = 0; i < outputs.Count; i++)
            _layouts[outputs[i]].StopWritingInPlace();
    }
}
