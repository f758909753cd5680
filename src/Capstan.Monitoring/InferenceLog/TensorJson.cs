using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;

namespace Capstan.Monitoring.InferenceLog;

/// <summary>Turns tensors in the log's <see cref="TensorBinary"/> layout into the JSON the API returns: an array of <c>{name, datatype, shape, data}</c> with flat data, redacted data as a marker.</summary>
/// <remarks>Runs when the log is read, never on the serving path. Thread-safe.</remarks>
internal static class TensorJson
{
    /// <summary>What a redacted tensor's data becomes.</summary>
    public const string RedactedMarker = "[redacted]";

    /// <summary>Decodes <paramref name="encoded"/> into a JSON array.</summary>
    public static JsonElement Decode(ReadOnlySpan<byte> encoded)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + 4 * encoded.Length);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            writer.WriteStartArray();
            var count = BinaryPrimitives.ReadInt32LittleEndian(encoded);
            encoded = encoded[4..];
            for (var t = 0; t < count; t++)
                encoded = WriteTensor(writer, encoded);
            writer.WriteEndArray();
        }
        return JsonElement.Parse(buffer.WrittenSpan);
    }

    private static ReadOnlySpan<byte> WriteTensor(Utf8JsonWriter writer, ReadOnlySpan<byte> encoded)
    {
        var nameLength = BinaryPrimitives.ReadInt32LittleEndian(encoded);
        writer.WriteStartObject();
        writer.WriteString("name", encoded.Slice(4, nameLength));
        encoded = encoded[(4 + nameLength)..];
        var type = (TensorDataType)encoded[0];
        var redacted = encoded[1] == TensorBinary.Redacted;
        var rank = BinaryPrimitives.ReadInt32LittleEndian(encoded[2..]);
        encoded = encoded[6..];
        writer.WriteString("datatype", type.ProtocolName());
        writer.WriteStartArray("shape");
        for (var d = 0; d < rank; d++)
        {
            writer.WriteNumberValue(BinaryPrimitives.ReadInt64LittleEndian(encoded));
            encoded = encoded[8..];
        }
        writer.WriteEndArray();
        writer.WritePropertyName("data");
        if (redacted)
            writer.WriteStringValue(RedactedMarker);
        else if (type == TensorDataType.Bytes)
            encoded = WriteElements(writer, encoded);
        else
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(encoded);
            WriteData(writer, type, encoded.Slice(4, length));
            encoded = encoded[(4 + length)..];
        }
        writer.WriteEndObject();
        return encoded;
    }

    private static ReadOnlySpan<byte> WriteElements(Utf8JsonWriter writer, ReadOnlySpan<byte> encoded)
    {
        var count = BinaryPrimitives.ReadInt32LittleEndian(encoded);
        encoded = encoded[4..];
        writer.WriteStartArray();
        for (var e = 0; e < count; e++)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(encoded);
            writer.WriteStringValue(Encoding.UTF8.GetString(encoded.Slice(4, length)));
            encoded = encoded[(4 + length)..];
        }
        writer.WriteEndArray();
        return encoded;
    }

    private static void WriteData(Utf8JsonWriter writer, TensorDataType type, ReadOnlySpan<byte> data)
    {
        writer.WriteStartArray();
        switch (type)
        {
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
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
    }

    private static void WriteFloat(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
            writer.WriteNumberValue(value);
        else
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
    }
}
