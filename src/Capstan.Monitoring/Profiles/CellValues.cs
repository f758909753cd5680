using System.Globalization;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;

namespace Capstan.Monitoring.Profiles;

/// <summary>Reads the values of a reference data file's cells as the input they feed takes them, and says precisely what is wrong with one it cannot take.</summary>
internal static class CellValues
{
    private static readonly string[] MissingTexts = ["", "NA", "N/A", "NaN", "null", "None"];

    /// <summary>Reads a cell of a numeric input as a number (NaN when missing: empty, NA, N/A, NaN, null or None), or returns why it cannot.</summary>
    /// <remarks>BOOL takes true, false, 1 or 0; integer types take whole numbers in their range; FP16 and FP32 numbers in theirs.</remarks>
    public static string? ReadNumber(string text, TensorDataType type, out double value)
    {
        var trimmed = text.AsSpan().Trim();
        value = double.NaN;
        foreach (var missing in MissingTexts)
        {
            if (trimmed.Equals(missing, StringComparison.OrdinalIgnoreCase))
                return null;
        }
        if (type == TensorDataType.Bool)
        {
            if (trimmed.Equals("true", StringComparison.OrdinalIgnoreCase) || trimmed is "1")
                value = 1;
            else if (trimmed.Equals("false", StringComparison.OrdinalIgnoreCase) || trimmed is "0")
                value = 0;
            else
                return "is not true, false, 1 or 0";
            return null;
        }
        if (!double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            value = double.NaN;
            return "is not a number";
        }
        var problem = Check(value, type);
        value = Narrow(value, type);
        return problem;
    }

    /// <summary>The number as the input holds it: rounded to single or half precision for FP32 and FP16, so a profile sees the values the model (and the inference log) sees.</summary>
    public static double Narrow(double value, TensorDataType type) => type switch
    {
        TensorDataType.Fp32 => (float)value,
        TensorDataType.Fp16 => (double)(Half)value,
        _ => value,
    };

    /// <summary>Why <paramref name="value"/> does not fit an element of <paramref name="type"/> or a profile, or null when it does (NaN, a missing value, always does).</summary>
    public static string? Check(double value, TensorDataType type)
    {
        if (double.IsNaN(value))
            return null;
        if (double.IsInfinity(value))
            return "is infinite, which a profile cannot hold";
        var (minimum, maximum, whole) = type switch
        {
            TensorDataType.Bool => (0d, 1d, true),
            TensorDataType.UInt8 => (byte.MinValue, byte.MaxValue, true),
            TensorDataType.Int8 => (sbyte.MinValue, sbyte.MaxValue, true),
            TensorDataType.UInt16 => (ushort.MinValue, ushort.MaxValue, true),
            TensorDataType.Int16 => (short.MinValue, short.MaxValue, true),
            TensorDataType.UInt32 => (uint.MinValue, uint.MaxValue, true),
            TensorDataType.Int32 => (int.MinValue, int.MaxValue, true),
            TensorDataType.UInt64 => (ulong.MinValue, (double)ulong.MaxValue, true),
            TensorDataType.Int64 => ((double)long.MinValue, (double)long.MaxValue, true),
            TensorDataType.Fp16 => ((double)Half.MinValue, (double)Half.MaxValue, false),
            TensorDataType.Fp32 => (float.MinValue, float.MaxValue, false),
            _ => (double.MinValue, double.MaxValue, false),
        };
        if (whole && value != Math.Floor(value))
            return "is not a whole number";
        if (value < minimum || value > maximum)
            return $"is outside the range of {type.ProtocolName()}";
        return null;
    }

    /// <summary>Reads a cell of a BYTES input as text; an empty cell is missing (null).</summary>
    public static string? ReadText(string text) => text.Length == 0 ? null : text;
}
