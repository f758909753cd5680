using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;

namespace Capstan.Server.Tests.Inference.Rest;

/// <summary>Writes request bodies the way a client would, independently of the codec under test: tensors flat or nested, and bodies in many segments.</summary>
public static class RequestJson
{
    /// <summary>An inference request body with <paramref name="inputs"/>, their data flat or nested as their shape.</summary>
    public static byte[] Write(IEnumerable<Tensor> inputs, bool nested, string? id = null)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            if (id is not null)
                writer.WriteString("id", id);
            writer.WriteStartArray("inputs");
            foreach (var input in inputs)
            {
                writer.WriteStartObject();
                writer.WriteString("name", input.Name);
                writer.WriteStartArray("shape");
                foreach (var dimension in input.Shape)
                    writer.WriteNumberValue(dimension);
                writer.WriteEndArray();
                writer.WriteString("datatype", input.DataType.ProtocolName());
                writer.WritePropertyName("data");
                var next = 0;
                WriteData(writer, input, nested ? [.. input.Shape] : [input.ElementCount], ref next);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return output.WrittenSpan.ToArray();
    }

    /// <summary>The body cut into segments at <paramref name="cuts"/> seeded random places, as a network read can deliver it.</summary>
    public static ReadOnlySequence<byte> InSegments(byte[] body, int cuts, Random random)
    {
        var places = Enumerable.Range(0, cuts).Select(_ => random.Next(body.Length + 1)).Append(0).Append(body.Length).Distinct().Order().ToList();
        Segment? first = null, last = null;
        for (var i = 0; i + 1 < places.Count; i++)
        {
            var segment = new Segment(body.AsMemory(places[i], places[i + 1] - places[i]), last);
            first ??= segment;
            last = segment;
        }
        return first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }

    private static void WriteData(Utf8JsonWriter writer, Tensor tensor, long[] dimensions, ref int next)
    {
        writer.WriteStartArray();
        if (dimensions.Length <= 1)
        {
            var count = dimensions.Length == 0 ? 1 : dimensions[0];
            for (var i = 0; i < count; i++)
                WriteElement(writer, tensor, next++);
        }
        else
        {
            for (var i = 0; i < dimensions[0]; i++)
                WriteData(writer, tensor, dimensions[1..], ref next);
        }
        writer.WriteEndArray();
    }

    private static void WriteElement(Utf8JsonWriter writer, Tensor tensor, int index)
    {
        var size = tensor.DataType.ElementSize();
        var element = tensor.Data.Span.Slice(index * size, size);
        switch (tensor.DataType)
        {
            case TensorDataType.Bool: writer.WriteBooleanValue(element[0] == 1); break;
            case TensorDataType.UInt8: writer.WriteNumberValue(element[0]); break;
            case TensorDataType.Int8: writer.WriteNumberValue((sbyte)element[0]); break;
            case TensorDataType.UInt16: writer.WriteNumberValue(BinaryPrimitives.ReadUInt16LittleEndian(element)); break;
            case TensorDataType.Int16: writer.WriteNumberValue(BinaryPrimitives.ReadInt16LittleEndian(element)); break;
            case TensorDataType.UInt32: writer.WriteNumberValue(BinaryPrimitives.ReadUInt32LittleEndian(element)); break;
            case TensorDataType.Int32: writer.WriteNumberValue(BinaryPrimitives.ReadInt32LittleEndian(element)); break;
            case TensorDataType.UInt64: writer.WriteNumberValue(BinaryPrimitives.ReadUInt64LittleEndian(element)); break;
            case TensorDataType.Int64: writer.WriteNumberValue(BinaryPrimitives.ReadInt64LittleEndian(element)); break;
            case TensorDataType.Fp16: WriteFloat(writer, (double)BinaryPrimitives.ReadHalfLittleEndian(element)); break;
            case TensorDataType.Fp32: WriteFloat(writer, BinaryPrimitives.ReadSingleLittleEndian(element)); break;
            case TensorDataType.Fp64: WriteFloat(writer, BinaryPrimitives.ReadDoubleLittleEndian(element)); break;
            default: writer.WriteStringValue(tensor.Elements![index].Span); break;
        }
    }

    private static void WriteFloat(Utf8JsonWriter writer, double value)
    {
        if (double.IsNaN(value))
            writer.WriteStringValue("NaN");
        else if (double.IsInfinity(value))
            writer.WriteStringValue(value > 0 ? "Infinity" : "-Infinity");
        else
            writer.WriteNumberValue(value);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, Segment? previous)
        {
            Memory = memory;
            if (previous is null)
                return;
            RunningIndex = previous.RunningIndex + previous.Memory.Length;
            previous.Next = this;
        }
    }
}
