using System.Buffers;
using System.Globalization;
using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;

namespace Capstan.Server.Inference.Rest;

/// <summary>The binary tensor data after a request's JSON (the binary tensor data extension), taken input by input in the order the JSON lists them.</summary>
/// <remarks>
/// Elements are little-endian and packed, in row-major order: BOOL one byte of 0 or 1, FP16 two bytes, BYTES a 4-byte
/// length before each element's bytes. Each input's bytes are copied into a tensor of its own, since the body's
/// buffer is returned to a pool once the request is decoded. A mutable struct passed by reference through one decode.
/// </remarks>
/// <param name="data">The bytes after the JSON, or null when the request sent none (no <c>Inference-Header-Content-Length</c> header).</param>
internal struct BinarySection(ReadOnlySequence<byte>? data)
{
    /// <summary>The request header that gives the length of the JSON at the start of a body that carries binary data.</summary>
    public const string HeaderName = "Inference-Header-Content-Length";

    /// <summary>The input parameter that says an input's data is binary and gives its length in bytes.</summary>
    public const string SizeParameter = "binary_data_size";

    private ReadOnlySequence<byte>? _rest = data;

    /// <summary>The bytes no input has taken.</summary>
    public readonly long Remaining => _rest?.Length ?? 0;

    /// <summary>Parses the value of <see cref="HeaderName"/>: null when the request has none, otherwise a length from 0 to <paramref name="bodyLength"/>.</summary>
    public static Result<long?> JsonLength(string? header, long bodyLength)
    {
        if (header is null)
            return Result<long?>.Success(null);
        if (!long.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            return RestErrors.BadJsonLength(header);
        if (length > bodyLength)
            return RestErrors.JsonLengthPastBody(length, bodyLength);
        return Result<long?>.Success(length);
    }

    /// <summary>Takes the next <paramref name="size"/> bytes as the data of the input <paramref name="name"/>, checked against its datatype and shape.</summary>
    public Error? Take(string name, TensorDataType type, long[] shape, long count, InferenceParameter size, ref InputBudget budget, out Tensor? tensor)
    {
        tensor = null;
        if (_rest is not { } rest)
            return RestErrors.BinaryWithoutHeader(name);
        if (size.Value is not long length || length < 0)
            return RestErrors.BadBinarySize(name, size);
        if (length > rest.Length)
            return RestErrors.BinaryPastBody(name, length, rest.Length);
        if ((budget.CheckElements(name, count) ?? budget.Take(length)) is { } overLimit)
            return overLimit;
        var bytes = rest.Slice(0, length);
        _rest = rest.Slice(length);
        var elementSize = type.ElementSize();
        if (elementSize == 0)
            return TakeTexts(name, shape, count, bytes, out tensor);
        if (length != count * elementSize)
            return RestErrors.BinarySizeMismatch(name, length, count, type, shape);
        var buffer = bytes.ToArray();
        if (type == TensorDataType.Bool && Array.FindIndex(buffer, b => b > 1) is var bad and >= 0)
            return RestErrors.BinaryBool(name, bad, buffer[bad]);
        tensor = Tensor.FromBuffer(name, type, shape, buffer);
        return null;
    }

    private static Error? TakeTexts(string name, long[] shape, long count, ReadOnlySequence<byte> bytes, out Tensor? tensor)
    {
        tensor = null;
        // Every element takes at least its 4-byte length, so a shape that claims more than the bytes can hold is
        // refused before anything is allocated for it.
        if (count > bytes.Length / 4)
            return RestErrors.BinaryTextCount(name, count, shape, bytes.Length);
        var elements = new ReadOnlyMemory<byte>[count];
        var reader = new SequenceReader<byte>(bytes);
        for (var i = 0; i < count; i++)
        {
            if (!reader.TryReadLittleEndian(out int length) || length < 0 || length > reader.Remaining)
                return RestErrors.BinaryTextPastEnd(name, i);
            var element = new byte[length];
            reader.TryCopyTo(element);
            reader.Advance(length);
            elements[i] = element;
        }
        if (!reader.End)
            return RestErrors.BinaryTextLeftOver(name, count, reader.Remaining);
        tensor = Tensor.FromElements(name, shape, elements);
        return null;
    }
}
