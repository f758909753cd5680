using System.Text.Json.Serialization;

namespace Capstan.Core.Signatures;

/// <summary>A tensor element type, named as in the Open Inference Protocol V2 (BOOL, UINT8, ..., FP64, BYTES).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TensorDataType>))]
public enum TensorDataType
{
    /// <summary>Boolean.</summary>
    [JsonStringEnumMemberName("BOOL")] Bool,

    /// <summary>Unsigned 8-bit integer.</summary>
    [JsonStringEnumMemberName("UINT8")] UInt8,

    /// <summary>Unsigned 16-bit integer.</summary>
    [JsonStringEnumMemberName("UINT16")] UInt16,

    /// <summary>Unsigned 32-bit integer.</summary>
    [JsonStringEnumMemberName("UINT32")] UInt32,

    /// <summary>Unsigned 64-bit integer.</summary>
    [JsonStringEnumMemberName("UINT64")] UInt64,

    /// <summary>Signed 8-bit integer.</summary>
    [JsonStringEnumMemberName("INT8")] Int8,

    /// <summary>Signed 16-bit integer.</summary>
    [JsonStringEnumMemberName("INT16")] Int16,

    /// <summary>Signed 32-bit integer.</summary>
    [JsonStringEnumMemberName("INT32")] Int32,

    /// <summary>Signed 64-bit integer.</summary>
    [JsonStringEnumMemberName("INT64")] Int64,

    /// <summary>IEEE 754 half precision.</summary>
    [JsonStringEnumMemberName("FP16")] Fp16,

    /// <summary>IEEE 754 single precision.</summary>
    [JsonStringEnumMemberName("FP32")] Fp32,

    /// <summary>IEEE 754 double precision.</summary>
    [JsonStringEnumMemberName("FP64")] Fp64,

    /// <summary>Variable-length bytes, used for text.</summary>
    [JsonStringEnumMemberName("BYTES")] Bytes,
}
