using System.Buffers;
using System.Buffers.Binary;
using Capstan.Core.Signatures;

namespace Capstan.Core.Tensors;

/// <summary>Tensors as the binary tensor data extension of the Open Inference Protocol carries them after a body's JSON.</summary>
/// <remarks>
/// Elements are little-endian and packed, in row-major order: BOOL one byte of 0 or 1, FP16 two bytes, BYTES a 4-byte
/// length before each element's bytes. The JSON gives each such tensor's length in bytes as its <see cref="SizeParameter"/>
/// parameter, and the <see cref="HeaderName"/> header gives the length of the JSON. The server reads requests and writes
/// answers this way, and the client writes requests and reads answers.
/// </remarks>
public static class BinaryTensorData
{
    /// <summary>The header that gives the length of the JSON at the start of a body that carries binary data.</summary>
    public const string HeaderName = "Inference-Header-Content-Length";

    /// <summary>The tensor parameter that says a tensor's data is binary and gives its length in bytes.</summary>
    public const string SizeParameter = "binary_data_size";

    /// <summary>The request parameter that asks for every output as binary data unless the output says otherwise.</summary>
    public const string OutputsParameter = "binary_data_output";

    /// <summary>The requested output's parameter that chooses binary data for that output.</summary>
    public const string OutputParameter = "binary_data";

    /// <summary>How many bytes <see cref="Write"/> writes for <paramref name="tensor"/>.</summary>
    public static long LengthOf(Tensor tensor) =>
        tensor.Elements is { } elements ? elements.Sum(element => sizeof(int) + (long)element.Length) : tensor.Data.Length;

    /// <summary>Writes the elements of <paramref name="tensor"/> as binary data.</summary>
    public static void Write(IBufferWriter<byte> output, Tensor tensor)
    {
        if (tensor.Elements is not { } elements)
        {
            output.Write(tensor.Data.Span);
            return;
        }
        foreach (var element in elements)
        {
            BinaryPrimitives.WriteInt32LittleEndian(output.GetSpan(sizeof(int)), element.Length);
            output.Advance(sizeof(int));
            output.Write(element.Span);
        }
    }

    /// <summary>Reads <paramref name="bytes"/> as the <paramref name="count"/> elements of a tensor of <paramref name="type"/> and <paramref name="shape"/>, copied into a new tensor, or says what does not fit.</summary>
    public static BinaryDataFault Read(string name, TensorDataType type, long[] shape, long count, ReadOnlySequence<byte> bytes, out Tensor? tensor)
    {
        tensor = null;
        var elementSize = type.ElementSize();
        if (elementSize == 0)
            return ReadTexts(name, shape, count, bytes, out tensor);
        if (bytes.Length % elementSize != 0 || bytes.Length / elementSize != count)
            return new(BinaryDataFaultKind.SizeMismatch);
        var buffer = bytes.ToArray();
        if (type == TensorDataType.Bool && Array.FindIndex(buffer, b => b > 1) is var bad and >= 0)
            return new(BinaryDataFaultKind.NotABoolean, bad, buffer[bad]);
        tensor = Tensor.FromBuffer(name, type, shape, buffer);
        return default;
    }

    private static BinaryDataFault ReadTexts(string name, long[] shape, long count, ReadOnlySequence<byte> bytes, out Tensor? tensor)
    {
        tensor = null;
        // Every element takes at least its 4-byte length, so a shape that claims more than the bytes can hold is
        // refused before anything is allocated for it.
        if (count > bytes.Length / sizeof(int))
            return new(BinaryDataFaultKind.TooFewBytesForTexts);
        var elements = new ReadOnlyMemory<byte>[count];
        var reader = new SequenceReader<byte>(bytes);
        for (var i = 0; i < count; i++)
        {
            if (!reader.TryReadLittleEndian(out int length) || length < 0 || length > reader.Remaining)
                return new(BinaryDataFaultKind.TextPastEnd, i);
            var element = new byte[length];
            reader.TryCopyTo(element);
            reader.Advance(length);
            elements[i] = element;
        }
        if (!reader.End)
            return new(BinaryDataFaultKind.BytesLeftOver, Value: reader.Remaining);
        tensor = Tensor.FromElements(name, shape, elements);
        return default;
    }
}
