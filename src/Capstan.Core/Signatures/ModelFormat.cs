using System.Text.Json.Serialization;

namespace Capstan.Core.Signatures;

/// <summary>The file format of a model artifact.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModelFormat>))]
public enum ModelFormat
{
    /// <summary>An ONNX model (a protobuf <c>ModelProto</c>).</summary>
    [JsonStringEnumMemberName("onnx")] Onnx,

    /// <summary>An ML.NET model saved with <c>MLContext.Model.Save</c> (a zip).</summary>
    [JsonStringEnumMemberName("mlnet")] MlNet,
}
