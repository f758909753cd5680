using System.Numerics;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Google.Protobuf;
using Grpc.Core;

namespace Capstan.Server.Inference.Grpc;

/// <summary>Writes an <see cref="InferReply"/> as the protocol's <c>ModelInferResponse</c>, straight from the data plane's tensors into the call's response buffer.</summary>
/// <remarks>
/// Outputs go in <c>raw_output_contents</c>, as Triton sends them, or in typed contents when the request sent typed
/// contents, as KServe does, because a client that writes typed values (grpcurl, hand-written clients) may not read raw
/// bytes; such a response still goes raw when an output is FP16, which has no typed field, since one response uses one
/// form. The bytes are those Google.Protobuf writes for the same message, field by field in number order, without
/// building the message: its objects (a map and eight repeated fields per tensor) cost more than the tensors' elements
/// on a small request. INT8, INT16 and INT32 share <c>int_contents</c> and UINT8, UINT16 and UINT32 share
/// <c>uint_contents</c>; a BYTES element is a 4-byte little-endian length followed by its bytes in raw form.
/// </remarks>
internal static class InferResponseEncoder
{
    private const int ModelNameField = 1, ModelVersionField = 2, IdField = 3, ParametersField = 4, OutputsField = 5, RawOutputContentsField = 6;
    private const int NameField = 1, DatatypeField = 2, ShapeField = 3, ContentsField = 5;
    private const int MapKeyField = 1, MapValueField = 2;
    private const int BoolParamField = 1, Int64ParamField = 2, StringParamField = 3, DoubleParamField = 4;
    private const int LengthPrefix = sizeof(uint);

    /// <summary>The marshaller of <c>ModelInfer</c>'s response; a server never reads a response, so it has no deserializer.</summary>
    public static readonly Marshaller<InferReply> Marshaller = Marshallers.Create<InferReply>(
        Write, _ => throw new NotSupportedException("The server only writes inference responses."));

    /// <summary>The reply to a request that sent typed contents (<paramref name="typed"/>) or raw ones, checked to be writable.</summary>
    /// <exception cref="ArgumentException">A parameter holds something other than a boolean, an integer, a number or a string.</exception>
    public static InferReply Reply(InferenceResponse response, bool typed)
    {
        if (response.Parameters is { } parameters)
        {
            foreach (var (name, parameter) in parameters)
                ParameterSize(name, parameter);
        }
        return new InferReply(response, typed);
    }

    /// <summary>Writes <paramref name="reply"/> into <paramref name="context"/>, which refuses it when over the call's send limit.</summary>
    public static void Write(InferReply reply, SerializationContext context)
    {
        var response = reply.Response;
        var outputs = response.Outputs;
        var typed = reply.Typed && !HasFp16(outputs);
        Span<OutputSize> sizes = outputs.Count <= 16 ? stackalloc OutputSize[outputs.Count] : new OutputSize[outputs.Count];
        context.SetPayloadLength(Size(response, typed, sizes));
        var writer = new ProtoWriter(context.GetBufferWriter());
        WriteString(ref writer, ModelNameField, response.ModelName);
        WriteString(ref writer, ModelVersionField, response.ModelVersion);
        WriteString(ref writer, IdField, response.Id ?? "");
        if (response.Parameters is { } parameters)
        {
            foreach (var (name, parameter) in parameters)
                WriteParameter(ref writer, name, parameter);
        }
        for (var i = 0; i < outputs.Count; i++)
            WriteOutput(ref writer, outputs[i], typed, sizes[i]);
        if (!typed)
        {
            for (var i = 0; i < outputs.Count; i++)
            {
                writer.LengthDelimitedTag(RawOutputContentsField);
                writer.Varint((uint)sizes[i].Data);
                WriteRaw(ref writer, outputs[i]);
            }
        }
        writer.Flush();
        context.Complete();
    }

    /// <summary>The sizes of one output: its <c>InferOutputTensor</c> message, its contents message, and its elements in the chosen form.</summary>
    private record struct OutputSize(int Tensor, int Contents, int Data);

    private static int Size(InferenceResponse response, bool typed, Span<OutputSize> sizes)
    {
        var size = StringSize(response.ModelName) + StringSize(response.ModelVersion) + StringSize(response.Id ?? "");
        if (response.Parameters is { } parameters)
        {
            foreach (var (name, parameter) in parameters)
                size += MessageSize(EntrySize(name, parameter));
        }
        for (var i = 0; i < sizes.Length; i++)
        {
            var output = response.Outputs[i];
            var data = typed ? TypedSize(output) : RawSize(output);
            var contents = typed ? ContentsSize(output, data) : 0;
            var tensor = StringSize(output.Name) + StringSize(output.DataType.ProtocolName()) + ShapeSize(output.Shape) + (typed ? MessageSize(contents) : 0);
            sizes[i] = new OutputSize(tensor, contents, data);
            size += MessageSize(tensor) + (typed ? 0 : MessageSize(data));
        }
        return size;
    }

    private static void WriteOutput(ref ProtoWriter writer, Tensor output, bool typed, OutputSize size)
    {
        writer.LengthDelimitedTag(OutputsField);
        writer.Varint((uint)size.Tensor);
        WriteString(ref writer, NameField, output.Name);
        WriteString(ref writer, DatatypeField, output.DataType.ProtocolName());
        if (output.Shape.Count > 0)
        {
            writer.LengthDelimitedTag(ShapeField);
            writer.Varint((uint)PackedShapeSize(output.Shape));
            for (var i = 0; i < output.Shape.Count; i++)
                writer.Varint((ulong)output.Shape[i]);
        }
        if (!typed)
            return;
        writer.LengthDelimitedTag(ContentsField);
        writer.Varint((uint)size.Contents);
        WriteTyped(ref writer, output, size.Data);
    }

    /// <summary>The bytes of the typed values: the packed values of every type but BYTES, whose elements are each a field of their own.</summary>
    private static int TypedSize(Tensor tensor) => tensor.DataType switch
    {
        TensorDataType.Bool => (int)tensor.ElementCount,
        TensorDataType.Int8 => VarintsSize(tensor.Span<sbyte>()),
        TensorDataType.Int16 => VarintsSize(tensor.Span<short>()),
        TensorDataType.Int32 => VarintsSize(tensor.Span<int>()),
        TensorDataType.Int64 => VarintsSize(tensor.Span<long>()),
        TensorDataType.UInt8 => VarintsSize(tensor.Span<byte>()),
        TensorDataType.UInt16 => VarintsSize(tensor.Span<ushort>()),
        TensorDataType.UInt32 => VarintsSize(tensor.Span<uint>()),
        TensorDataType.UInt64 => VarintsSize(tensor.Span<ulong>()),
        TensorDataType.Bytes => BytesElementsSize(tensor.Elements!),
        _ => tensor.Data.Length,
    };

    /// <summary>The size of an <c>InferTensorContents</c> holding the values: nothing for no values, else the one field of the tensor's type.</summary>
    private static int ContentsSize(Tensor tensor, int data) =>
        tensor.ElementCount == 0 ? 0 : tensor.DataType == TensorDataType.Bytes ? data : MessageSize(data);

    private static void WriteTyped(ref ProtoWriter writer, Tensor tensor, int data)
    {
        if (tensor.ElementCount == 0)
            return;
        var field = TypedContents.FieldFor(tensor.DataType) + 1;
        if (tensor.DataType == TensorDataType.Bytes)
        {
            foreach (var element in tensor.Elements!)
            {
                writer.LengthDelimitedTag(field);
                writer.Varint((uint)element.Length);
                writer.Raw(element.Span);
            }
            return;
        }
        writer.LengthDelimitedTag(field);
        writer.Varint((uint)data);
        switch (tensor.DataType)
        {
            case TensorDataType.Bool:
                foreach (var flag in tensor.Data.Span)
                    writer.Varint(flag == 0 ? 0UL : 1UL);
                break;
            case TensorDataType.Int8:
                WriteVarints(ref writer, tensor.Span<sbyte>());
                break;
            case TensorDataType.Int16:
                WriteVarints(ref writer, tensor.Span<short>());
                break;
            case TensorDataType.Int32:
                WriteVarints(ref writer, tensor.Span<int>());
                break;
            case TensorDataType.Int64:
                WriteVarints(ref writer, tensor.Span<long>());
                break;
            case TensorDataType.UInt8:
                WriteVarints(ref writer, tensor.Span<byte>());
                break;
            case TensorDataType.UInt16:
                WriteVarints(ref writer, tensor.Span<ushort>());
                break;
            case TensorDataType.UInt32:
                WriteVarints(ref writer, tensor.Span<uint>());
                break;
            case TensorDataType.UInt64:
                WriteVarints(ref writer, tensor.Span<ulong>());
                break;
            default:
                writer.Raw(tensor.Data.Span);
                break;
        }
    }

    /// <summary>Writes integers as protobuf's varints: a negative value as its two's complement in 64 bits.</summary>
    private static void WriteVarints<T>(ref ProtoWriter writer, ReadOnlySpan<T> values) where T : IBinaryInteger<T>
    {
        foreach (var value in values)
            writer.Varint(ulong.CreateTruncating(value));
    }

    /// <summary>The raw bytes of a tensor: its buffer, or the length-prefixed elements of a BYTES tensor.</summary>
    private static int RawSize(Tensor tensor)
    {
        if (tensor.DataType != TensorDataType.Bytes)
            return tensor.Data.Length;
        var size = 0;
        foreach (var element in tensor.Elements!)
            size = checked(size + LengthPrefix + element.Length);
        return size;
    }

    private static void WriteRaw(ref ProtoWriter writer, Tensor tensor)
    {
        if (tensor.DataType != TensorDataType.Bytes)
        {
            writer.Raw(tensor.Data.Span);
            return;
        }
        Span<byte> prefix = stackalloc byte[LengthPrefix];
        foreach (var element in tensor.Elements!)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(prefix, (uint)element.Length);
            writer.Raw(prefix);
            writer.Raw(element.Span);
        }
    }

    private static int EntrySize(string name, InferenceParameter parameter) =>
        (name.Length == 0 ? 0 : StringSize(name)) + MessageSize(ParameterSize(name, parameter));

    private static int ParameterSize(string name, InferenceParameter parameter) => parameter.Value switch
    {
        bool => 2,
        long value => 1 + CodedOutputStream.ComputeInt64Size(value),
        double => 1 + sizeof(double),
        string value => 1 + CodedOutputStream.ComputeStringSize(value),
        var other => throw new ArgumentException($"Parameter '{name}' holds a {other.GetType().Name}, which the protocol cannot carry.", nameof(parameter)),
    };

    private static void WriteParameter(ref ProtoWriter writer, string name, InferenceParameter parameter)
    {
        writer.LengthDelimitedTag(ParametersField);
        writer.Varint((uint)EntrySize(name, parameter));
        WriteString(ref writer, MapKeyField, name);
        writer.LengthDelimitedTag(MapValueField);
        writer.Varint((uint)ParameterSize(name, parameter));
        switch (parameter.Value)
        {
            case bool value:
                writer.VarintTag(BoolParamField);
                writer.Varint(value ? 1UL : 0UL);
                break;
            case long value:
                writer.VarintTag(Int64ParamField);
                writer.Varint((ulong)value);
                break;
            case double value:
                writer.Fixed64Tag(DoubleParamField);
                writer.Fixed64(BitConverter.DoubleToUInt64Bits(value));
                break;
            case string value:
                writer.LengthDelimitedTag(StringParamField);
                writer.String(value, ProtoWriter.Utf8.GetByteCount(value));
                break;
        }
    }

    /// <summary>Writes a string field unless it is empty, as proto3 leaves out a field at its default.</summary>
    private static void WriteString(ref ProtoWriter writer, int field, string value)
    {
        if (value.Length == 0)
            return;
        writer.LengthDelimitedTag(field);
        writer.String(value, ProtoWriter.Utf8.GetByteCount(value));
    }

    /// <summary>The size of a string field with its one-byte tag, or nothing for an empty string.</summary>
    private static int StringSize(string value) => value.Length == 0 ? 0 : 1 + CodedOutputStream.ComputeStringSize(value);

    /// <summary>The size of a length-delimited field of <paramref name="length"/> bytes with its one-byte tag.</summary>
    private static int MessageSize(int length) => 1 + CodedOutputStream.ComputeLengthSize(length) + length;

    private static int ShapeSize(IReadOnlyList<long> shape) => shape.Count == 0 ? 0 : MessageSize(PackedShapeSize(shape));

    private static int PackedShapeSize(IReadOnlyList<long> shape)
    {
        var size = 0;
        for (var i = 0; i < shape.Count; i++)
            size += CodedOutputStream.ComputeInt64Size(shape[i]);
        return size;
    }

    private static int VarintsSize<T>(ReadOnlySpan<T> values) where T : IBinaryInteger<T>
    {
        var size = 0;
        foreach (var value in values)
            size = checked(size + CodedOutputStream.ComputeRawVarint64Size(ulong.CreateTruncating(value)));
        return size;
    }

    private static int BytesElementsSize(IReadOnlyList<ReadOnlyMemory<byte>> elements)
    {
        var size = 0;
        foreach (var element in elements)
            size = checked(size + MessageSize(element.Length));
        return size;
    }

    private static bool HasFp16(IReadOnlyList<Tensor> outputs)
    {
        for (var i = 0; i < outputs.Count; i++)
        {
            if (outputs[i].DataType == TensorDataType.Fp16)
                return true;
        }
        return false;
    }
}
