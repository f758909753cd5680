using System.Collections.Frozen;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace Capstan.Runtime.Onnx;

/// <summary>Pinned buffers for one row of every input and every in-place output of a model, with ONNX Runtime values over them, for one single-row run at a time.</summary>
/// <remarks>
/// Creating and releasing ONNX Runtime values costs about as much per single-row run as a fifth of the run itself, so
/// <see cref="OnnxLoadedModel"/> keeps a few of these and copies a row's inputs in and its outputs out instead, which
/// for one row is a few hundred bytes. Not thread-safe: one run uses a slot at a time.
/// </remarks>
internal sealed class OnnxRowSlot : IDisposable
{
    private readonly FrozenDictionary<string, Area> _areas;

    private OnnxRowSlot(FrozenDictionary<string, Area> areas) => _areas = areas;

    /// <summary>Whether every input of <paramref name="signature"/> has rows of a fixed, non-zero size, and no output has rows of size zero, so that single-row runs can go through slots.</summary>
    public static bool Fits(ModelSignature signature) =>
        signature.Inputs.All(input => OnnxOutputLayout.For(input) is { RowBytes: > 0 })
        && signature.Outputs.All(output => OnnxOutputLayout.For(output) is null or { RowBytes: > 0 });

    /// <summary>A slot for the inputs and in-place outputs of a signature that <see cref="Fits"/>.</summary>
    public static OnnxRowSlot For(ModelSignature signature, IReadOnlyDictionary<string, OnnxOutputLayout> outputs)
    {
        var areas = new Dictionary<string, Area>();
        try
        {
            foreach (var input in signature.Inputs)
                areas[input.Name] = Area.For(OnnxOutputLayout.For(input)!);
            foreach (var (name, layout) in outputs)
                areas[name] = Area.For(layout);
            var slot = new OnnxRowSlot(areas.ToFrozenDictionary());
            areas.Clear();
            return slot;
        }
        finally
        {
            foreach (var area in areas.Values)
                area.Value.Dispose();
        }
    }

    /// <summary>Copies the inputs of one row in and says which values to run, or returns false when one of them does not fit this slot.</summary>
    public bool TryLoad(IReadOnlyList<Tensor> inputs, string[] names, OrtValue[] values)
    {
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            if (!_areas.TryGetValue(input.Name, out var area) || input.DataType != area.Layout.DataType || !area.Layout.Fits(input.Shape, 1)
                || input.Data.Length != area.Buffer.Length)
                return false;
            input.Data.Span.CopyTo(area.Buffer);
            names[i] = input.Name;
            values[i] = area.Value;
        }
        return true;
    }

    /// <summary>The value each named output is written into.</summary>
    public void OutputValues(IReadOnlyList<string> outputs, OrtValue[] values)
    {
        for (var i = 0; i < outputs.Count; i++)
            values[i] = _areas[outputs[i]].Value;
    }

    /// <summary>The bytes the last run wrote for <paramref name="output"/>.</summary>
    public ReadOnlySpan<byte> Written(string output) => _areas[output].Buffer;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var area in _areas.Values)
            area.Value.Dispose();
    }

    /// <summary>One tensor's row: its pinned buffer and the ONNX Runtime value over it.</summary>
    private sealed record Area(OnnxOutputLayout Layout, byte[] Buffer, OrtValue Value)
    {
        public static Area For(OnnxOutputLayout layout)
        {
            var buffer = GC.AllocateArray<byte>((int)layout.RowBytes, pinned: true);
            unsafe
            {
                fixed (byte* data = buffer)
                {
                    var value = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, layout.ElementType, layout.ShapeFor(1), (IntPtr)data, buffer.Length);
                    return new Area(layout, buffer, value);
                }
            }
        }
    }
}
