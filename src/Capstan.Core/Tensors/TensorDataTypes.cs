using Capstan.Core.Signatures;

namespace Capstan.Core.Tensors;

/// <summary>Facts about each <see cref="TensorDataType"/>: its protocol name and the size of one element.</summary>
public static class TensorDataTypes
{
    private static readonly string[] Names =
        ["BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16", "FP32", "FP64", "BYTES"];

    /// <summary>The name the Open Inference Protocol uses, such as <c>FP32</c>.</summary>
    public static string ProtocolName(this TensorDataType type) => Names[(int)type];

    /// <summary>Reads a protocol name (case-sensitive, as the protocol says).</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out TensorDataType type)
    {
        for (var i = 0; i < Names.Length; i++)
        {
            if (name.SequenceEqual(Names[i]))
            {
                type = (TensorDataType)i;
                return true;
            }
        }
        type = default;
        return false;
    }

    /// <summary>The bytes one element takes in a tensor's buffer; 0 for <see cref="TensorDataType.Bytes"/>, whose elements vary.</summary>
    public static int ElementSize(this TensorDataType type) => type switch
    {
        TensorDataType.Bool or TensorDataType.UInt8 or TensorDataType.Int8 => 1,
        TensorDataType.UInt16 or TensorDataType.Int16 or TensorDataType.Fp16 => 2,
        TensorDataType.UInt32 or TensorDataType.Int32 or TensorDataType.Fp32 => 4,
        TensorDataType.UInt64 or TensorDataType.Int64 or TensorDataType.Fp64 => 8,
        _ => 0,
    };
}
