using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;

namespace Capstan.Monitoring.InferenceLog;

/// <summary>Encodes tensors as the inference log stores them: a JSON array of <c>{name, datatype, shape, data}</c> with flat data, redacted fields replaced by a marker.</summary>
/// <remarks>Not thread-safe: one instance reuses its buffer, for the one background writer.</remarks>
internal sealed class TensorJson(IReadOnlyCollection<string> redacted)
{
    /// <summary>What a redacted tensor's data becomes.</summary>
    public const string RedactedMarker = "[redacted]";

    private readonly HashSet<string> _redacted = new(redacted, StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private Utf8JsonWriter? _writer;

    /// <summary>Encodes <paramref name="tensors"/> as one JSON text.</summary>
    public string Encode(IReadOnlyList<Tensor> tensors)
    {
        _buffer.ResetWrittenCount();
        var writer = _writer ??= new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
        writer.Reset(_buffer);
        writer.WriteStartArray();
        foreach (var tensor in tensors)
        {
            writer.WriteStartObject();
            writer.WriteString("name", tensor.Name);
            writer.WriteString("datatype", tensor.DataType.ProtocolName());
            writer.WriteStartArray("shape");
            foreach (var dimension in tensor.Shape)
                writer.WriteNumberValue(dimension);
            writer.WriteEndArray();
            writer.WritePropertyName("data");
            if (_redacted.Contains(tensor.Name))
                writer.WriteStringValue(RedactedMarker);
            else
                WriteData(writer, tensor);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    private static void WriteData(Utf8JsonWriter writer, Tensor tensor)
    {
        writer.WriteStartArray();
        var data = tensor.Data.Span;
        switch (tensor.DataType)
        {
            case TensorDataType.Bytes:
                foreach (var element in tensor.Elements!)
                    writer.WriteStringValue(Encoding.UTF8.GetString(element.Span));
                break;
            case TensorDataType.Bool:
                foreach (var b in data)
                    writer.WriteBooleanValue(b != 0);
                break;
            case TensorDataType.UInt8:
                foreach (var b in data)
                    writer.WriteNumberValue(b);
                break;
            case TensorDataType.Int8:
                foreach (var b in data)
                    writer.WriteNumberValue((sbyte)b);
                break;
            case TensorDataType.UInt16:
                for (var i = 0; i < data.Length; i += 2)
                    writer.WriteNumberValue(BinaryPrimitives.ReadUInt16LittleEndian(data[i..]));
                break;
            case TensorDataType.Int16:
                for (var i = 0; i < data.Length; i += 2)
                    writer.WriteNumberValue(BinaryPrimitives.ReadInt16LittleEndian(data[i..]));
                break;
            case TensorDataType.UInt32:
                for (var i = 0; i < data.Length; i += 4)
                    writer.WriteNumberValue(BinaryPrimitives.ReadUInt32LittleEndian(data[i..]));
                break;
            case TensorDataType.Int32:
                for (var i = 0; i < data.Length; i += 4)
                    writer.WriteNumberValue(BinaryPrimitives.ReadInt32LittleEndian(data[i..]));
                break;
            case TensorDataType.UInt64:
                for (var i = 0; i < data.Length; i += 8)
                    writer.WriteNumberValue(BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
                break;
            case TensorDataType.Int64:
                for (var i = 0; i < data.Length; i += 8)
                    writer.WriteNumberValue(BinaryPrimitives.ReadInt64LittleEndian(data[i..]));
                break;
            case TensorDataType.Fp16:
                for (var i = 0; i < data.Length; i += 2)
                    WriteFloat(writer, (double)BinaryPrimitives.ReadHalfLittleEndian(data[i..]));
                break;
            case TensorDataType.Fp32:
                for (var i = 0; i < data.Length; i += 4)
                    WriteFloat(writer, BinaryPrimitives.ReadSingleLittleEndian(data[i..]));
                break;
            case TensorDataType.Fp64:
                for (var i = 0; i < data.Length; i += 8)
                    WriteFloat(writer, BinaryPrimitives.ReadDoubleLittleEndian(data[i..]));
                break;
        }
        writer.WriteEndArray();
    }

    /// <summary>Writes a number, or the strings <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c> that JSON numbers cannot say.</summary>
    private static void WriteFloat(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
            writer.WriteNumberValue(value);
        else
            writer.WriteStringValue(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static void WriteFloat(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
            writer.WriteNumberValue(value);
        else
            writer.WriteStringValue(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
