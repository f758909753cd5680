using System.Buffers.Binary;
using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;

namespace Capstan.Server.Inference.Grpc;

/// <summary>Reads a tensor's elements in the raw form: little-endian, row-major bytes without padding.</summary>
/// <remarks>
/// Fixed-size elements are the tensor's buffer byte for byte, so the request's bytes are copied once, into the tensor's
/// buffer. A BYTES element is a 4-byte little-endian length followed by that many bytes, as Triton lays it out; the
/// entry is copied once and its elements are slices of the copy. <see cref="InferResponseEncoder"/> writes the same form.
/// </remarks>
internal static class RawContents
{
    private const int LengthPrefix = sizeof(uint);

    /// <summary>Builds the tensor <paramref name="header"/> describes from its raw bytes, refusing a size that differs from the shape's, a BOOL byte other than 0 or 1, and malformed BYTES framing.</summary>
    public static Result<Tensor> Read(TensorHeader header, ReadOnlySpan<byte> raw)
    {
        if (header.DataType == TensorDataType.Bytes)
            return ReadBytes(header, raw.ToArray());
        var needed = (Int128)header.Count * header.DataType.ElementSize();
        if (needed != raw.Length)
            return Error.InvalidInput($"{header} needs {needed} bytes of raw contents, not {raw.Length}.");
        if (header.DataType == TensorDataType.Bool)
        {
            var at = raw.IndexOfAnyExcept((byte)0, (byte)1);
            if (at >= 0)
                return Error.InvalidInput($"{header} has the byte {raw[at]} at position {at} of its raw contents; a BOOL element is 0 or 1.");
        }
        return Tensor.FromBuffer(header.Name, header.DataType, header.Shape, raw.ToArray());
    }

    private static Result<Tensor> ReadBytes(TensorHeader header, ReadOnlyMemory<byte> raw)
    {
        if (header.Count > raw.Length / LengthPrefix)
            return Error.InvalidInput($"{header} needs at least {(Int128)header.Count * LengthPrefix} bytes of raw contents for its length prefixes, not {raw.Length}.");
        var elements = new ReadOnlyMemory<byte>[header.Count];
        var at = 0;
        for (var i = 0; i < elements.Length; i++)
        {
            if (raw.Length - at < LengthPrefix)
                return Error.InvalidInput($"{header} ends its raw contents inside the length prefix of element {i}.");
            var length = BinaryPrimitives.ReadUInt32LittleEndian(raw.Span[at..]);
            at += LengthPrefix;
            if (length > (uint)(raw.Length - at))
                return Error.InvalidInput($"{header} declares {length} bytes for element {i} but only {raw.Length - at} remain in its raw contents.");
            elements[i] = raw.Slice(at, (int)length);
            at += (int)length;
        }
        if (at != raw.Length)
            return Error.InvalidInput($"{header} has {raw.Length - at} bytes of raw contents after its last element.");
        return Tensor.FromElements(header.Name, header.Shape, elements);
    }
}
