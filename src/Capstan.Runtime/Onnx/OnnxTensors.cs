using System.Buffers;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace Capstan.Runtime.Onnx;

/// <summary>Converts between Capstan tensors and ONNX Runtime values.</summary>
internal static class OnnxTensors
{
    /// <summary>Wraps a tensor as an ONNX Runtime value, over its own buffer where it can.</summary>
    /// <remarks>
    /// Fixed-size elements share the tensor's buffer, pinned through <paramref name="pin"/>, which the caller disposes
    /// after the value; the buffer's layout (little-endian, row-major, BOOL as one byte 0 or 1, FP16 as IEEE halves) is
    /// ONNX Runtime's own. BYTES elements are copied into an ONNX string tensor, byte for byte. The tensor's shape array
    /// is passed as it is where it is one, since ONNX Runtime copies the dimensions and never writes them.
    /// </remarks>
    public static OrtValue ToOrtValue(Tensor tensor, out MemoryHandle pin)
    {
        var shape = tensor.Shape as long[] ?? [.. tensor.Shape];
        if (tensor.DataType == TensorDataType.Bytes)
        {
            pin = default;
            return ToStringValue(tensor.Elements!, shape);
        }
        pin = tensor.Data.Pin();
        unsafe
        {
            return OrtValue.CreateTensorValueWithData(
                OrtMemoryInfo.DefaultInstance, OnnxElementTypes.ToElementType(tensor.DataType), shape, (IntPtr)pin.Pointer, tensor.Data.Length);
        }
    }

    /// <summary>Copies an ONNX Runtime output into a new tensor named <paramref name="name"/>; strings become BYTES elements of their UTF-8 bytes.</summary>
    public static Tensor ToTensor(string name, OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        if (info.IsString)
            return Tensor.FromElements(name, info.Shape, StringElements(value, checked((int)info.ElementCount)));
        var dataType = OnnxElementTypes.ToDataType(info.ElementDataType)
            ?? throw new InvalidOperationException($"The output '{name}' has the element type {info.ElementDataType}, which its signature does not allow.");
        return Tensor.FromBuffer(name, dataType, info.Shape, value.GetTensorMutableRawData().ToArray());
    }

    /// <summary>Copies the bytes of every string element into one buffer that the elements slice.</summary>
    private static ReadOnlyMemory<byte>[] StringElements(OrtValue value, int count)
    {
        var length = 0;
        for (var i = 0; i < count; i++)
            length += value.GetStringElementAsSpan(i).Length;
        var bytes = new byte[length];
        var elements = new ReadOnlyMemory<byte>[count];
        var at = 0;
        for (var i = 0; i < count; i++)
        {
            var element = value.GetStringElementAsSpan(i);
            element.CopyTo(bytes.AsSpan(at));
            elements[i] = bytes.AsMemory(at, element.Length);
            at += element.Length;
        }
        return elements;
    }

    private static OrtValue ToStringValue(IReadOnlyList<ReadOnlyMemory<byte>> elements, long[] shape)
    {
        var value = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, shape);
        try
        {
            for (var i = 0; i < elements.Count; i++)
                value.StringTensorSetElementAt(elements[i].Span, i);
            return value;
        }
        catch
        {
            value.Dispose();
            throw;
        }
    }
}
