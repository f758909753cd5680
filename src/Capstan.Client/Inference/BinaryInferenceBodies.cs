using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Capstan.Client.Http;
using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;

namespace Capstan.Client.Inference;

/// <summary>Writes Open Inference Protocol requests and reads their answers with every tensor as binary data (the binary tensor data extension), which spares both sides formatting and parsing numbers as text.</summary>
internal static class BinaryInferenceBodies
{
    /// <summary>The body of <paramref name="request"/>: its JSON, asking for binary outputs, then its inputs' binary data; and the length of the JSON.</summary>
    public static (ReadOnlyMemory<byte> Body, int JsonLength) Write(InferenceRequest request)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            if (request.Id is { } id)
                writer.WriteString("id"u8, id);
            writer.WriteStartObject("parameters"u8);
            foreach (var (name, parameter) in request.Parameters ?? new Dictionary<string, InferenceParameter>())
            {
                if (name != BinaryTensorData.OutputsParameter)
                    WriteParameter(writer, name, parameter);
            }
            writer.WriteBoolean(BinaryTensorData.OutputsParameter, true);
            writer.WriteEndObject();
            writer.WriteStartArray("inputs"u8);
            foreach (var tensor in request.Inputs)
                WriteInput(writer, tensor);
            writer.WriteEndArray();
            if (request.Outputs is { } outputs)
            {
                writer.WriteStartArray("outputs"u8);
                foreach (var name in outputs)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name"u8, name);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        var jsonLength = output.WrittenCount;
        foreach (var tensor in request.Inputs)
            BinaryTensorData.Write(output, tensor);
        return (output.WrittenMemory, jsonLength);
    }

    /// <summary>Reads an answer whose JSON is the first <paramref name="jsonLength"/> bytes of <paramref name="body"/> (all of it when null), with each output's data in the binary data after it.</summary>
    public static Result<InferenceResponse> Read(byte[] body, string? jsonLength)
    {
        var length = body.Length;
        if (jsonLength is not null && (!int.TryParse(jsonLength, NumberStyles.None, CultureInfo.InvariantCulture, out length) || length < 0 || length > body.Length))
            return Unexpected($"its {BinaryTensorData.HeaderName} '{jsonLength}' is not a length within the body's {body.Length} bytes");
        try
        {
            using var json = JsonDocument.Parse(body.AsMemory(0, length));
            var root = json.RootElement;
            var outputs = new List<Tensor>();
            var rest = new ReadOnlySequence<byte>(body, length, body.Length - length);
            foreach (var element in Field(root, "outputs").EnumerateArray())
            {
                if (!ReadOutput(element, ref rest).TryGetValue(out var tensor, out var error))
                    return error;
                outputs.Add(tensor);
            }
            if (rest.Length > 0)
                return Unexpected($"{rest.Length} bytes follow the last output's binary data");
            return new InferenceResponse(
                Field(root, "model_name").GetString()!, Field(root, "model_version").GetString()!,
                root.TryGetProperty("id", out var id) ? id.GetString() : null, outputs,
                root.TryGetProperty("parameters", out var parameters) ? ReadParameters(parameters) : null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            return Unexpected(e.Message);
        }
    }

    private static Result<Tensor> ReadOutput(JsonElement element, ref ReadOnlySequence<byte> rest)
    {
        var name = Field(element, "name").GetString()!;
        var datatype = Field(element, "datatype");
        if (!TensorDataTypes.TryParse(datatype.GetString(), out var type))
            return Unexpected($"the output '{name}' has the unknown datatype {datatype}");
        var shape = Field(element, "shape").EnumerateArray().Select(dimension => dimension.GetInt64()).ToArray();
        if (!element.TryGetProperty("parameters", out var parameters) || !parameters.TryGetProperty(BinaryTensorData.SizeParameter, out var sizeElement))
            return Unexpected($"the output '{name}' came as JSON, but the client asks for binary data");
        var size = sizeElement.GetInt64();
        if (size < 0 || size > rest.Length)
            return Unexpected($"the output '{name}' claims {size} bytes of binary data, and {rest.Length} are left");
        var fault = BinaryTensorData.Read(name, type, shape, ElementCount(shape), rest.Slice(0, size), out var tensor);
        rest = rest.Slice(size);
        return fault.Kind == BinaryDataFaultKind.None
            ? tensor!
            : Unexpected($"the binary data of the output '{name}' does not fit its datatype {type.ProtocolName()} and shape [{string.Join(",", shape)}] ({fault.Kind})");
    }

    /// <summary>The field <paramref name="name"/> of <paramref name="json"/>, which the answer must have.</summary>
    private static JsonElement Field(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) ? value : throw new FormatException($"it has no '{name}'.");

    private static long ElementCount(long[] shape)
    {
        long count = 1;
        foreach (var dimension in shape)
        {
            if (dimension < 0)
                throw new FormatException($"The shape [{string.Join(",", shape)}] has a negative dimension.");
            count = checked(count * dimension);
        }
        return count;
    }

    private static void WriteInput(Utf8JsonWriter writer, Tensor tensor)
    {
        writer.WriteStartObject();
        writer.WriteString("name"u8, tensor.Name);
        writer.WriteStartArray("shape"u8);
        foreach (var dimension in tensor.Shape)
            writer.WriteNumberValue(dimension);
        writer.WriteEndArray();
        writer.WriteString("datatype"u8, tensor.DataType.ProtocolName());
        writer.WriteStartObject("parameters"u8);
        writer.WriteNumber(BinaryTensorData.SizeParameter, BinaryTensorData.LengthOf(tensor));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteParameter(Utf8JsonWriter writer, string name, InferenceParameter parameter)
    {
        switch (parameter.Value)
        {
            case bool flag:
                writer.WriteBoolean(name, flag);
                break;
            case long integer:
                writer.WriteNumber(name, integer);
                break;
            case double number:
                writer.WriteNumber(name, number);
                break;
            default:
                writer.WriteString(name, parameter.Value.ToString());
                break;
        }
    }

    private static Dictionary<string, InferenceParameter> ReadParameters(JsonElement parameters) =>
        parameters.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind switch
        {
            JsonValueKind.True or JsonValueKind.False => new InferenceParameter(p.Value.GetBoolean()),
            JsonValueKind.Number when p.Value.TryGetInt64(out var integer) => new InferenceParameter(integer),
            JsonValueKind.Number => new InferenceParameter(p.Value.GetDouble()),
            _ => new InferenceParameter(p.Value.ToString()),
        });

    private static Error Unexpected(string reason) => ApiErrors.UnexpectedBody("binary inference response", reason);
}
