using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Capstan.Runtime.Onnx;

/// <summary>The layout of an output whose shape follows from the batch size, so that ONNX Runtime can write it into a buffer Capstan allocates.</summary>
/// <remarks>
/// An output qualifies when its element type is fixed-size and its declared shape is a leading -1 (the batch dimension)
/// followed by fixed dimensions only; BYTES outputs and outputs with any other variable dimension do not. A declared
/// shape can still be wrong at run time (ONNX Runtime only warns when an output differs from its declaration), so
/// <see cref="WrittenInPlace"/> is cleared for good once a run shows this output with another shape. Thread-safe.
/// </remarks>
internal sealed class OnnxOutputLayout
{
    private readonly long[] _rowShape;
    private volatile bool _writtenInPlace = true;

    private OnnxOutputLayout(TensorDataType dataType, long[] rowShape, long rowBytes)
    {
        DataType = dataType;
        ElementType = OnnxElementTypes.ToElementType(dataType);
        _rowShape = rowShape;
        RowBytes = rowBytes;
    }

    /// <summary>The element type as Capstan names it.</summary>
    public TensorDataType DataType { get; }

    /// <summary>The element type as ONNX Runtime names it.</summary>
    public TensorElementType ElementType { get; }

    /// <summary>The bytes one batch row of this output takes.</summary>
    public long RowBytes { get; }

    /// <summary>Whether runs still let ONNX Runtime write this output in place; false once its declared shape proved wrong.</summary>
    public bool WrittenInPlace => _writtenInPlace;

    /// <summary>The layout of <paramref name="spec"/>, or null when its shape does not follow from the batch size alone.</summary>
    public static OnnxOutputLayout? For(TensorSpec spec)
    {
        var elementSize = spec.DataType.ElementSize();
        if (elementSize == 0 || spec.Shape.Count == 0 || spec.Shape[0] != -1)
            return null;
        var rowShape = new long[spec.Shape.Count - 1];
        long rowBytes = elementSize;
        for (var i = 0; i < rowShape.Length; i++)
        {
            rowShape[i] = spec.Shape[i + 1];
            if (rowShape[i] < 0 || rowShape[i] > Array.MaxLength)
                return null;
            rowBytes *= rowShape[i];
            if (rowBytes > Array.MaxLength)
                return null;
        }
        return new OnnxOutputLayout(spec.DataType, rowShape, rowBytes);
    }

    /// <summary>The shape of this output for a batch of <paramref name="rows"/> rows, a new array each call.</summary>
    public long[] ShapeFor(long rows)
    {
        var shape = new long[_rowShape.Length + 1];
        shape[0] = rows;
        _rowShape.CopyTo(shape, 1);
        return shape;
    }

    /// <summary>Whether <paramref name="shape"/> is the shape this output should have for a batch of <paramref name="rows"/> rows.</summary>
    public bool Fits(IReadOnlyList<long> shape, long rows)
    {
        if (shape.Count != _rowShape.Length + 1 || shape[0] != rows)
            return false;
        for (var i = 0; i < _rowShape.Length; i++)
        {
            if (shape[i + 1] != _rowShape[i])
                return false;
        }
        return true;
    }

    /// <summary>Stops runs from writing this output in place, since a run gave it another shape than declared.</summary>
    public void StopWritingInPlace() => _writtenInPlace = false;
}
