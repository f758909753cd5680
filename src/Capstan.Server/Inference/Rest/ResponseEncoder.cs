using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Serving.DataPlane;

namespace Capstan.Server.Inference.Rest;

/// <summary>Writes the bodies the Open Inference Protocol REST front end answers with, using <see cref="Utf8JsonWriter"/>.</summary>
/// <remarks>
/// Each method writes one complete JSON object to an <see cref="IBufferWriter{T}"/>, such as <c>HttpResponse.BodyWriter</c>;
/// the caller sets the status and content type and flushes. Tensor data is written flat in row-major order with the
/// element rules of <see cref="TensorElements"/> (FP16 as numbers, BYTES as strings, non-finite numbers as the strings
/// <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c>). Text is escaped only where JSON requires it, since these
/// bodies are never embedded in HTML.
/// </remarks>
public static class ResponseEncoder
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A writer with the settings of every REST body: text escaped only where JSON requires it.</summary>
    internal static Utf8JsonWriter CreateWriter(IBufferWriter<byte> output) => new(output, Options);

    /// <summary>Writes an inference response: <c>model_name</c>, <c>model_version</c>, <c>id</c> when the request had one, <c>parameters</c> when there are any, and <c>outputs</c>.</summary>
    /// <remarks>
    /// An output that <paramref name="binary"/> sends as binary data has the parameter <c>binary_data_size</c> instead
    /// of <c>data</c>; <see cref="WriteBinaryData"/> writes its bytes after the JSON.
    /// </remarks>
    public static void WriteInferenceResponse(IBufferWriter<byte> output, InferenceResponse response, BinaryOutputs binary)
    {
        using var writer = CreateWriter(output);
        writer.WriteStartObject();
        writer.WriteString("model_name"u8, response.ModelName);
        writer.WriteString("model_version"u8, response.ModelVersion);
        if (response.Id is not null)
            writer.WriteString("id"u8, response.Id);
        if (response.Parameters is { Count: > 0 } parameters)
            WriteParameters(writer, parameters);
        writer.WriteStartArray("outputs"u8);
        foreach (var tensor in response.Outputs)
        {
            writer.WriteStartObject();
            writer.WriteString("name"u8, tensor.Name);
            writer.WriteString("datatype"u8, tensor.DataType.ProtocolName());
            WriteShape(writer, tensor.Shape);
            if (binary.IsBinary(tensor.Name))
            {
                writer.WriteStartObject("parameters"u8);
                writer.WriteNumber(BinaryTensorData.SizeParameter, BinaryTensorData.LengthOf(tensor));
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteStartArray("data"u8);
                TensorElements.Write(writer, tensor, 0, checked((int)tensor.ElementCount));
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Writes, one after another, the binary data of the outputs that <paramref name="binary"/> sends that way: packed little-endian elements, and for BYTES a 4-byte length before each element.</summary>
    public static void WriteBinaryData(IBufferWriter<byte> output, InferenceResponse response, BinaryOutputs binary)
    {
        foreach (var tensor in response.Outputs)
        {
            if (binary.IsBinary(tensor.Name))
                BinaryTensorData.Write(output, tensor);
        }
    }

    /// <summary>The length of the binary data of the outputs that <paramref name="binary"/> sends that way.</summary>
    public static long BinaryLength(InferenceResponse response, BinaryOutputs binary) =>
        response.Outputs.Where(tensor => binary.IsBinary(tensor.Name)).Sum(BinaryTensorData.LengthOf);

    /// <summary>Writes the protocol's error object, <c>{"error": "..."}</c>, with the error's message; the status comes from its code.</summary>
    public static void WriteError(IBufferWriter<byte> output, Error error)
    {
        using var writer = CreateWriter(output);
        writer.WriteStartObject();
        writer.WriteString("error"u8, error.Message);
        writer.WriteEndObject();
    }

    /// <summary>Writes a model metadata response: <c>name</c>, <c>versions</c>, <c>platform</c>, and <c>inputs</c> and <c>outputs</c> as name, datatype and shape (-1 for a variable dimension).</summary>
    public static void WriteModelMetadata(IBufferWriter<byte> output, ModelMetadata metadata)
    {
        using var writer = CreateWriter(output);
        writer.WriteStartObject();
        writer.WriteString("name"u8, metadata.Name);
        writer.WriteStartArray("versions"u8);
        foreach (var version in metadata.Versions)
            writer.WriteStringValue(version);
        writer.WriteEndArray();
        writer.WriteString("platform"u8, metadata.Platform);
        WriteSpecs(writer, "inputs"u8, metadata.Inputs);
        WriteSpecs(writer, "outputs"u8, metadata.Outputs);
        writer.WriteEndObject();
    }

    /// <summary>Writes a server metadata response: <c>name</c>, <c>version</c> and the <c>extensions</c> the server supports.</summary>
    public static void WriteServerMetadata(IBufferWriter<byte> output, string name, string version, IReadOnlyList<string> extensions)
    {
        using var writer = CreateWriter(output);
        writer.WriteStartObject();
        writer.WriteString("name"u8, name);
        writer.WriteString("version"u8, version);
        writer.WriteStartArray("extensions"u8);
        foreach (var extension in extensions)
            writer.WriteStringValue(extension);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteSpecs(Utf8JsonWriter writer, ReadOnlySpan<byte> property, IReadOnlyList<TensorSpec> specs)
    {
        writer.WriteStartArray(property);
        foreach (var spec in specs)
        {
            writer.WriteStartObject();
            writer.WriteString("name"u8, spec.Name);
            writer.WriteString("datatype"u8, spec.DataType.ProtocolName());
            WriteShape(writer, spec.Shape);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void WriteShape(Utf8JsonWriter writer, IReadOnlyList<long> shape)
    {
        writer.WriteStartArray("shape"u8);
        for (var i = 0; i < shape.Count; i++)
            writer.WriteNumberValue(shape[i]);
        writer.WriteEndArray();
    }

    private static void WriteParameters(Utf8JsonWriter writer, IReadOnlyDictionary<string, InferenceParameter> parameters)
    {
        writer.WriteStartObject("parameters"u8);
        foreach (var (name, parameter) in parameters)
        {
            writer.WritePropertyName(name);
            switch (parameter.Value)
            {
                case bool flag:
                    writer.WriteBooleanValue(flag);
                    break;
                case long integer:
                    writer.WriteNumberValue(integer);
                    break;
                case double number:
                    TensorElements.WriteDouble(writer, number);
                    break;
                case string text:
                    writer.WriteStringValue(text);
                    break;
                default:
                    throw new InvalidOperationException($"The parameter '{name}' holds a {parameter.Value?.GetType().Name ?? "null"}, not a boolean, integer, number or string.");
            }
        }
        writer.WriteEndObject();
    }
}
