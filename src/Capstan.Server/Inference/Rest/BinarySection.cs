using System.Buffers;
using System.Globalization;
using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;

namespace Capstan.Server.Inference.Rest;

/// <summary>The binary tensor data after a request's JSON (the binary tensor data extension), taken input by input in the order the JSON lists them.</summary>
/// <remarks>
/// The layout is <see cref="BinaryTensorData"/>'s. Each input's bytes are copied into a tensor of its own, since the
/// body's buffer is returned to a pool once the request is decoded. A mutable struct passed by reference through one decode.
/// </remarks>
/// <param name="data">The bytes after the JSON, or null when the request sent none (no <c>Inference-Header-Content-Length</c> header).</param>
internal struct BinarySection(ReadOnlySequence<byte>? data)
{
    private ReadOnlySequence<byte>? _rest = data;

    /// <summary>The bytes no input has taken.</summary>
    public readonly long Remaining => _rest?.Length ?? 0;

    /// <summary>Parses the value of <see cref="BinaryTensorData.HeaderName"/>: null when the request has none, otherwise a length from 0 to <paramref name="bodyLength"/>.</summary>
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
        var fault = BinaryTensorData.Read(name, type, shape, count, bytes, out tensor);
        return fault.Kind switch
        {
            BinaryDataFaultKind.None => null,
            BinaryDataFaultKind.SizeMismatch => RestErrors.BinarySizeMismatch(name, length, count, type, shape),
            BinaryDataFaultKind.NotABoolean => RestErrors.BinaryBool(name, fault.Element, (byte)fault.Value),
            BinaryDataFaultKind.TooFewBytesForTexts => RestErrors.BinaryTextCount(name, count, shape, length),
            BinaryDataFaultKind.TextPastEnd => RestErrors.BinaryTextPastEnd(name, fault.Element),
            _ => RestErrors.BinaryTextLeftOver(name, count, fault.Value),
        };
    }
}
