using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using csFastFloat;

namespace Capstan.Server.Inference.Rest;

/// <summary>Reads one JSON value into a tensor element and writes tensor elements as JSON values, for every element type.</summary>
/// <remarks>
/// BOOL takes <c>true</c> and <c>false</c>; the integer types take integers within their range; FP16, FP32 and FP64
/// take numbers within their range, rounded to the nearest value of the type, and the strings <c>"NaN"</c>,
/// <c>"Infinity"</c> and <c>"-Infinity"</c>, which is also how non-finite values are written (JSON has no literal for
/// them; Triton writes bare <c>NaN</c> tokens that strict parsers refuse, KServe writes <c>null</c> and loses the value;
/// the strings are valid JSON, keep the value, are the protobuf JSON mapping's form, and numpy reads them).
/// FP32 and FP64 numbers are parsed with fast_float (csFastFloat), correctly rounded like the framework's parser and
/// about three times faster, which matters because parsing floats is most of a large request's cost.
/// FP16 is written in the shortest form that reads back to the same value. BYTES elements are JSON strings, read as
/// their UTF-8 bytes; elements that are not valid UTF-8 are written with U+FFFD in place of the invalid bytes.
/// </remarks>
internal static class TensorElements
{
    private const int MaxNumberLength = 128;

    /// <summary>Reads the current JSON value into <paramref name="destination"/>, the element's bytes, for a fixed-size type.</summary>
    public static ElementProblem Read(ref Utf8JsonReader reader, TensorDataType type, Span<byte> destination)
    {
        switch (type)
        {
            case TensorDataType.Bool:
                if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
                    return ElementProblem.WrongKind;
                destination[0] = reader.TokenType == JsonTokenType.True ? (byte)1 : (byte)0;
                return ElementProblem.None;
            case TensorDataType.Fp32:
                var problem = ReadFp32(ref reader, out var single);
                BinaryPrimitives.WriteSingleLittleEndian(destination, single);
                return problem;
            case TensorDataType.Fp64:
                if (!ReadDouble(ref reader, out var number))
                    return ElementProblem.WrongKind;
                if (double.IsInfinity(number) && reader.TokenType == JsonTokenType.Number)
                    return ElementProblem.OutOfRange;
                BinaryPrimitives.WriteDoubleLittleEndian(destination, number);
                return ElementProblem.None;
            case TensorDataType.Fp16:
                if (!ReadHalf(ref reader, out var half))
                    return ElementProblem.WrongKind;
                if (Half.IsInfinity(half) && reader.TokenType == JsonTokenType.Number)
                    return ElementProblem.OutOfRange;
                BinaryPrimitives.WriteHalfLittleEndian(destination, half);
                return ElementProblem.None;
            case TensorDataType.UInt64:
                return ReadUInt64(ref reader, destination);
            default:
                return ReadInteger(ref reader, type, destination);
        }
    }

    /// <summary>Reads the current JSON value as an FP32 element.</summary>
    public static ElementProblem ReadFp32(ref Utf8JsonReader reader, out float value)
    {
        if (!ReadFloat(ref reader, out value))
            return ElementProblem.WrongKind;
        return float.IsInfinity(value) && reader.TokenType == JsonTokenType.Number ? ElementProblem.OutOfRange : ElementProblem.None;
    }

    /// <summary>Reads the current JSON value as a BYTES element: a string, unescaped to its UTF-8 bytes.</summary>
    public static ElementProblem ReadText(ref Utf8JsonReader reader, out ReadOnlyMemory<byte> element)
    {
        element = default;
        if (reader.TokenType != JsonTokenType.String)
            return ElementProblem.WrongKind;
        var bytes = new byte[reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length];
        try
        {
            element = bytes.AsMemory(0, reader.CopyString(bytes));
            return ElementProblem.None;
        }
        catch (InvalidOperationException)
        {
            return ElementProblem.InvalidUtf8;
        }
    }

    /// <summary>Writes <paramref name="count"/> elements of <paramref name="tensor"/> from <paramref name="start"/> as JSON values.</summary>
    public static void Write(Utf8JsonWriter writer, Tensor tensor, int start, int count)
    {
        var data = tensor.Data.Span;
        var end = start + count;
        switch (tensor.DataType)
        {
            case TensorDataType.Bool:
                for (var i = start; i < end; i++)
                    writer.WriteBooleanValue(data[i] != 0);
                break;
            case TensorDataType.UInt8:
                for (var i = start; i < end; i++)
                    writer.WriteNumberValue(data[i]);
                break;
            case TensorDataType.Int8:
                for (var i = start; i < end; i++)
                    writer.WriteNumberValue((sbyte)data[i]);
                break;
            case TensorDataType.UInt16:
                for (var i = start; i < end; i++)
                    writer.WriteNumberValue(BinaryPrimitives.ReadUInt16LittleEndian(data[(i * 2)..]));
                break;
            case TensorDataType.Int16:
                for (var i = start; i < end; i++)
                    writer.WriteNumberValue(BinaryPrimitives.ReadInt16LittleEndian(data[(i * 2)..]));
                break;
            case TensorDataType.UInt32:
                for (var i = start; i < end; i++)
                    writer.WriteNumberValue(BinaryPrimitives.ReadUInt32LittleEndian(data[(i * 4)..]));
                break;
            case TensorDataType.Int32:
                for (var i = start; i < end; i++)
                    writer.WriteNumberValue(BinaryPrimitives.ReadInt32LittleEndian(data[(i * 4)..]));
                break;
            case TensorDataType.UInt64:
                for (var i = start; i < end; i++)
                    writer.WriteNumberValue(BinaryPrimitives.ReadUInt64LittleEndian(data[(i * 8)..]));
                break;
            case TensorDataType.Int64:
                for (var i = start; i < end; i++)
                    writer.WriteNumberValue(BinaryPrimitives.ReadInt64LittleEndian(data[(i * 8)..]));
                break;
            case TensorDataType.Fp16:
                for (var i = start; i < end; i++)
                    WriteHalf(writer, BinaryPrimitives.ReadHalfLittleEndian(data[(i * 2)..]));
                break;
            case TensorDataType.Fp32:
                for (var i = start; i < end; i++)
                    WriteFloat(writer, BinaryPrimitives.ReadSingleLittleEndian(data[(i * 4)..]));
                break;
            case TensorDataType.Fp64:
                for (var i = start; i < end; i++)
                    WriteDouble(writer, BinaryPrimitives.ReadDoubleLittleEndian(data[(i * 8)..]));
                break;
            default:
                var elements = tensor.Elements!;
                for (var i = start; i < end; i++)
                    writer.WriteStringValue(elements[i].Span);
                break;
        }
    }

    /// <summary>Writes a number, or its name as a string when it is not finite.</summary>
    public static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
            writer.WriteNumberValue(value);
        else
            writer.WriteStringValue(NonFiniteName(double.IsNaN(value), value > 0));
    }

    /// <summary>Says what the current JSON value is, for a message: the number itself, or its kind.</summary>
    public static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number => NumberText(ref reader),
        JsonTokenType.String => "a string",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        _ => "an array",
    };

    /// <summary>What values a type takes, for a message, such as <c>numbers</c>.</summary>
    public static string Takes(TensorDataType type) => type switch
    {
        TensorDataType.Bool => "true or false",
        TensorDataType.Bytes => "strings",
        TensorDataType.Fp16 or TensorDataType.Fp32 or TensorDataType.Fp64 => "numbers",
        _ => "integers",
    };

    /// <summary>The range of a numeric type, for a message, such as <c>0 to 255</c>.</summary>
    public static string RangeOf(TensorDataType type) => type switch
    {
        TensorDataType.UInt8 => "0 to 255",
        TensorDataType.UInt16 => "0 to 65,535",
        TensorDataType.UInt32 => "0 to 4,294,967,295",
        TensorDataType.UInt64 => "0 to 18,446,744,073,709,551,615",
        TensorDataType.Int8 => "-128 to 127",
        TensorDataType.Int16 => "-32,768 to 32,767",
        TensorDataType.Int32 => "-2,147,483,648 to 2,147,483,647",
        TensorDataType.Int64 => "-9,223,372,036,854,775,808 to 9,223,372,036,854,775,807",
        TensorDataType.Fp16 => "-65,504 to 65,504",
        TensorDataType.Fp32 => "-3.4028235E+38 to 3.4028235E+38",
        _ => "-1.7976931348623157E+308 to 1.7976931348623157E+308",
    };

    private static string NumberText(ref Utf8JsonReader reader)
    {
        var text = Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
        return text.Length > 40 ? text[..40] + "..." : text;
    }

    private static ElementProblem ReadInteger(ref Utf8JsonReader reader, TensorDataType type, Span<byte> destination)
    {
        if (reader.TokenType != JsonTokenType.Number)
            return ElementProblem.WrongKind;
        if (!reader.TryGetInt64(out var value))
            return IsIntegerText(ref reader) ? ElementProblem.OutOfRange : ElementProblem.NotAnInteger;
        switch (type)
        {
            case TensorDataType.UInt8 when value is >= byte.MinValue and <= byte.MaxValue:
            case TensorDataType.Int8 when value is >= sbyte.MinValue and <= sbyte.MaxValue:
                destination[0] = (byte)value;
                return ElementProblem.None;
            case TensorDataType.UInt16 when value is >= ushort.MinValue and <= ushort.MaxValue:
            case TensorDataType.Int16 when value is >= short.MinValue and <= short.MaxValue:
                BinaryPrimitives.WriteInt16LittleEndian(destination, (short)value);
                return ElementProblem.None;
            case TensorDataType.UInt32 when value is >= uint.MinValue and <= uint.MaxValue:
            case TensorDataType.Int32 when value is >= int.MinValue and <= int.MaxValue:
                BinaryPrimitives.WriteInt32LittleEndian(destination, (int)value);
                return ElementProblem.None;
            case TensorDataType.Int64:
                BinaryPrimitives.WriteInt64LittleEndian(destination, value);
                return ElementProblem.None;
            default:
                return ElementProblem.OutOfRange;
        }
    }

    private static ElementProblem ReadUInt64(ref Utf8JsonReader reader, Span<byte> destination)
    {
        if (reader.TokenType != JsonTokenType.Number)
            return ElementProblem.WrongKind;
        if (reader.TryGetUInt64(out var value))
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination, value);
            return ElementProblem.None;
        }
        return IsIntegerText(ref reader) ? ElementProblem.OutOfRange : ElementProblem.NotAnInteger;
    }

    private static bool IsIntegerText(ref Utf8JsonReader reader)
    {
        var text = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        return text.IndexOfAny(".eE"u8) < 0;
    }

    private static bool ReadFloat(ref Utf8JsonReader reader, out float value)
    {
        if (reader.TokenType == JsonTokenType.Number && !reader.HasValueSequence)
            return FastFloatParser.TryParseFloat(reader.ValueSpan, out var consumed, out value) && consumed == reader.ValueSpan.Length;
        if (reader.TokenType == JsonTokenType.Number)
            return reader.TryGetSingle(out value);
        var named = ReadNonFinite(ref reader, out var number);
        value = (float)number;
        return named;
    }

    private static bool ReadDouble(ref Utf8JsonReader reader, out double value)
    {
        if (reader.TokenType == JsonTokenType.Number && !reader.HasValueSequence)
            return FastDoubleParser.TryParseDouble(reader.ValueSpan, out var consumed, out value) && consumed == reader.ValueSpan.Length;
        return reader.TokenType == JsonTokenType.Number ? reader.TryGetDouble(out value) : ReadNonFinite(ref reader, out value);
    }

    private static bool ReadHalf(ref Utf8JsonReader reader, out Half value)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            var named = ReadNonFinite(ref reader, out var number);
            value = (Half)number;
            return named;
        }
        if (!reader.HasValueSequence)
            return Half.TryParse(reader.ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        var length = checked((int)reader.ValueSequence.Length);
        Span<byte> text = length <= MaxNumberLength ? stackalloc byte[length] : new byte[length];
        reader.ValueSequence.CopyTo(text);
        return Half.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static bool ReadNonFinite(ref Utf8JsonReader reader, out double value)
    {
        value = reader.TokenType != JsonTokenType.String ? 0
            : reader.ValueTextEquals("NaN"u8) ? double.NaN
            : reader.ValueTextEquals("Infinity"u8) ? double.PositiveInfinity
            : reader.ValueTextEquals("-Infinity"u8) ? double.NegativeInfinity
            : 0;
        return !double.IsFinite(value);
    }

    private static void WriteFloat(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
            writer.WriteNumberValue(value);
        else
            writer.WriteStringValue(NonFiniteName(float.IsNaN(value), value > 0));
    }

    private static void WriteHalf(Utf8JsonWriter writer, Half value)
    {
        if (!Half.IsFinite(value))
        {
            writer.WriteStringValue(NonFiniteName(Half.IsNaN(value), value > Half.Zero));
            return;
        }
        Span<byte> text = stackalloc byte[32];
        value.TryFormat(text, out var written, default, CultureInfo.InvariantCulture);
        writer.WriteRawValue(text[..written], skipInputValidation: true);
    }

    private static ReadOnlySpan<byte> NonFiniteName(bool isNaN, bool positive) =>
        isNaN ? "NaN"u8 : positive ? "Infinity"u8 : "-Infinity"u8;
}
