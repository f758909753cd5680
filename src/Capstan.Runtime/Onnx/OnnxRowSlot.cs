using System.Collections.Frozen;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace Capstan.Runtime.Onnx;

/// <summary>Pinned buffers for one row of every input and every in-place output of a model, with ONNX Runtime values over them bound to the session, for one single-row run at a time.</summary>
/// <remarks>
/// Creating and releasing ONNX Runtime values costs about as much per single-row run as a fifth of the run itself, so
/// <see cref="OnnxLoadedModel"/> keeps a few of these and copies a row's inputs in and its outputs out instead, which
/// for one row is a few hundred bytes. The values are bound to the session once (<see cref="OrtIoBinding"/>) and bound
/// again only when a run names other inputs or outputs than the last, so a run passes no names to ONNX Runtime: 2.9
/// against 3.15 µs a single-row run of the benchmark model, and nothing allocated against 312 bytes (a test program).
/// Not thread-safe: one run uses a slot at a time.
/// </remarks>
internal sealed class OnnxRowSlot : IDisposable
{
    private readonly FrozenDictionary<string, Area> _areas;
    private readonly OrtIoBinding _binding;
    private string[] _boundInputs = [];
    private string[] _boundOutputs = [];

    private OnnxRowSlot(FrozenDictionary<string, Area> areas, OrtIoBinding binding)
    {
        _areas = areas;
        _binding = binding;
    }

    /// <summary>Whether every input of <paramref name="signature"/> has rows of a fixed, non-zero size, and no output has rows of size zero, so that single-row runs can go through slots.</summary>
    public static bool Fits(ModelSignature signature) =>
        signature.Inputs.All(input => OnnxOutputLayout.For(input) is { RowBytes: > 0 })
        && signature.Outputs.All(output => OnnxOutputLayout.For(output) is null or { RowBytes: > 0 });

    /// <summary>A slot of <paramref name="session"/> for the inputs and in-place outputs of a signature that <see cref="Fits"/>.</summary>
    public static OnnxRowSlot For(InferenceSession session, ModelSignature signature, IReadOnlyDictionary<string, OnnxOutputLayout> outputs)
    {
        var areas = new Dictionary<string, Area>();
        OrtIoBinding? binding = null;
        try
        {
            foreach (var input in signature.Inputs)
                areas[input.Name] = Area.For(OnnxOutputLayout.For(input)!);
            foreach (var (name, layout) in outputs)
                areas[name] = Area.For(layout);
            binding = session.CreateIoBinding();
            var slot = new OnnxRowSlot(areas.ToFrozenDictionary(), binding);
            areas.Clear();
            binding = null;
            return slot;
        }
        finally
        {
            binding?.Dispose();
            foreach (var area in areas.Values)
                area.Value.Dispose();
        }
    }

    /// <summary>Copies the inputs of one row in and runs <paramref name="session"/> on them, writing <paramref name="outputs"/> into this slot, or returns false without running when an input does not fit this slot.</summary>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime refused the run.</exception>
    public bool TryRun(InferenceSession session, RunOptions options, IReadOnlyList<Tensor> inputs, IReadOnlyList<string> outputs)
    {
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            if (!_areas.TryGetValue(input.Name, out var area) || input.DataType != area.Layout.DataType || !area.Layout.Fits(input.Shape, 1)
                || input.Data.Length != area.Buffer.Length)
                return false;
            input.Data.Span.CopyTo(area.Buffer);
        }
        if (!SameNames(_boundInputs, inputs, static (inputs, i) => inputs[i].Name))
        {
            _boundInputs = [];
            _binding.ClearBoundInputs();
            foreach (var input in inputs)
                _binding.BindInput(input.Name, _areas[input.Name].Value);
            _boundInputs = [.. inputs.Select(input => input.Name)];
        }
        if (!SameNames(_boundOutputs, outputs, static (outputs, i) => outputs[i]))
        {
            _boundOutputs = [];
            _binding.ClearBoundOutputs();
            foreach (var output in outputs)
                _binding.BindOutput(output, _areas[output].Value);
            _boundOutputs = [.. outputs];
        }
        session.RunWithBinding(options, _binding);
        return true;
    }

    /// <summary>The bytes the last run wrote for <paramref name="output"/>.</summary>
    public ReadOnlySpan<byte> Written(string output) => _areas[output].Buffer;

    /// <inheritdoc />
    public void Dispose()
    {
        _binding.Dispose();
        foreach (var area in _areas.Values)
            area.Value.Dispose();
    }

    /// <summary>Whether the names <paramref name="name"/> reads from <paramref name="list"/> are <paramref name="bound"/>, in order.</summary>
    private static bool SameNames<T>(string[] bound, IReadOnlyList<T> list, Func<IReadOnlyList<T>, int, string> name)
    {
        if (bound.Length != list.Count)
            return false;
        for (var i = 0; i < bound.Length; i++)
        {
            if (!string.Equals(bound[i], name(list, i), StringComparison.Ordinal))
                return false;
        }
        return true;
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
