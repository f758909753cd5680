using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.InteropServices;
using System.Text.Json;
using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Serving.Validation;

namespace Capstan.Server.Inference.Rest;

/// <summary>Decodes an Open Inference Protocol REST inference request body with <see cref="Utf8JsonReader"/>, straight into tensor buffers.</summary>
/// <remarks>
/// <para>
/// The body is read whole (at most <see cref="ServingLimits.MaxRequestBytes"/>; more is <c>TooLarge</c>) and decoded in
/// one pass without a document model: each input's elements are parsed from their JSON text into the tensor's own
/// buffer, allocated once from the shape. Properties may come in any order; when an input's <c>data</c> comes before
/// its <c>name</c>, <c>shape</c> or <c>datatype</c>, it is skipped and read again once those are known.
/// </para>
/// <para>
/// <c>data</c> is either flat (row-major) or nested exactly as the shape, every array as long as its dimension. Element
/// values follow the rules of <see cref="TensorElements"/>: FP16 and the integer types take JSON numbers within their
/// range, the floating-point types also take <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c>, BOOL takes
/// <c>true</c> and <c>false</c>, BYTES takes strings (as UTF-8). A shape with a dimension over what the body could
/// hold is refused without allocating its buffer.
/// </para>
/// <para>
/// Request <c>parameters</c> are kept; each input's and output's <c>parameters</c> are checked and dropped, since the
/// protocol-neutral tensors carry none, except those of the binary tensor data extension, as Triton and KServe define
/// it: an input with <c>binary_data_size</c> takes its data from the bytes after the JSON (<see cref="BinarySection"/>),
/// whose length the <c>Inference-Header-Content-Length</c> header gives, and the request's <c>binary_data_output</c>
/// and each output's <c>binary_data</c> choose the outputs the answer sends that way (<see cref="BinaryOutputs"/>).
/// Unknown properties are ignored, as the protocol leaves room for extensions. Every refusal is an InvalidInput error
/// that says where the problem is; malformed JSON gives the line and byte.
/// </para>
/// </remarks>
public static class RequestDecoder
{
    /// <summary>The most dimensions an input's shape may have.</summary>
    public const int MaxRank = 32;

    /// <summary>Reads a request body to its end and decodes it; the way a minimal-API handler reads <c>HttpRequest.BodyReader</c>.</summary>
    /// <param name="body">The request body.</param>
    /// <param name="limits">The limits the request must keep.</param>
    /// <param name="jsonLength">The request's <c>Inference-Header-Content-Length</c> header, or null when it has none.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    public static ValueTask<Result<RestInferenceRequest>> ReadAsync(PipeReader body, ServingLimits limits, string? jsonLength, CancellationToken cancellationToken) =>
        JsonBody.ReadAsync(body, limits.MaxRequestBytes, (limits, jsonLength), static (sequence, state) => Decode(sequence, state.limits, state.jsonLength), cancellationToken);

    /// <summary>Decodes a complete request body, whose first <paramref name="jsonLength"/> bytes are JSON and the rest binary tensor data when that header is given.</summary>
    public static Result<RestInferenceRequest> Decode(ReadOnlySequence<byte> body, ServingLimits limits, string? jsonLength = null)
    {
        if (body.Length > limits.MaxRequestBytes)
            return RestErrors.BodyTooLarge(limits.MaxRequestBytes);
        if (!BinarySection.JsonLength(jsonLength, body.Length).TryGetValue(out var length, out var lengthError))
            return lengthError;
        var json = length is { } jsonBytes ? body.Slice(0, jsonBytes) : body;
        var section = new BinarySection(length is { } start ? body.Slice(start) : null);
        var reader = new Utf8JsonReader(JsonBody.WithoutByteOrderMark(json));
        var budget = new InputBudget(limits, body.Length);
        try
        {
            if (!ReadRequest(ref reader, ref budget, ref section).TryGetValue(out var request, out var error))
                return error;
            return section.Remaining > 0 ? RestErrors.BinaryLeftOver(section.Remaining) : request;
        }
        catch (JsonException exception)
        {
            return RestErrors.MalformedJson(exception);
        }
    }

    private static Result<RestInferenceRequest> ReadRequest(ref Utf8JsonReader reader, ref InputBudget budget, ref BinarySection section)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
            return RestErrors.WrongKind("The request body", "an object", ref reader);
        string? id = null;
        Dictionary<string, InferenceParameter>? parameters = null;
        List<Tensor>? inputs = null;
        List<string>? outputs = null;
        Dictionary<string, bool>? binaryChosen = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            Error? error = null;
            if (reader.ValueTextEquals("id"u8))
                error = ReadString(ref reader, "The request's 'id'", out id);
            else if (reader.ValueTextEquals("parameters"u8))
                error = ReadParameters(ref reader, "the request", out parameters);
            else if (reader.ValueTextEquals("inputs"u8))
                error = ReadInputs(ref reader, ref budget, ref section, out inputs);
            else if (reader.ValueTextEquals("outputs"u8))
                error = ReadOutputs(ref reader, out outputs, out binaryChosen);
            else
                reader.Skip();
            if (error is { } problem)
                return problem;
        }
        if (inputs is null)
            return RestErrors.Missing("The request", "inputs");
        if (Flag(parameters, BinaryTensorData.OutputsParameter, "the request", out var binaryByDefault) is { } flagError)
            return flagError;
        reader.Read();
        var binary = binaryByDefault || binaryChosen is not null ? new BinaryOutputs(binaryByDefault, binaryChosen) : BinaryOutputs.None;
        return new RestInferenceRequest(new InferenceRequest(id, inputs, outputs, parameters), binary);
    }

    /// <summary>Reads the boolean parameter <paramref name="name"/>, false when it is absent.</summary>
    private static Error? Flag(Dictionary<string, InferenceParameter>? parameters, string name, Place owner, out bool value)
    {
        value = false;
        if (parameters is null || !parameters.TryGetValue(name, out var parameter))
            return null;
        if (parameter.Value is not bool flag)
            return RestErrors.NotABoolean(owner, name, parameter);
        value = flag;
        return null;
    }

    private static Error? ReadInputs(ref Utf8JsonReader reader, ref InputBudget budget, ref BinarySection section, out List<Tensor>? inputs)
    {
        inputs = null;
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
            return RestErrors.WrongKind("The request's 'inputs'", "an array", ref reader);
        var list = new List<Tensor>();
        var maxInputs = budget.Limits.MaxInputs;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (list.Count == maxInputs)
                return InputErrors.TooManyInputs(maxInputs + CountRest(ref reader), maxInputs);
            if (reader.TokenType != JsonTokenType.StartObject)
                return RestErrors.WrongKind($"inputs[{list.Count}]", "an object", ref reader);
            if (ReadInput(ref reader, list.Count, ref budget, ref section, out var input) is { } error)
                return error;
            list.Add(input!);
        }
        inputs = list;
        return null;
    }

    private static Error? ReadInput(ref Utf8JsonReader reader, int position, ref InputBudget budget, ref BinarySection section, out Tensor? input)
    {
        input = null;
        string? name = null;
        string? unknownType = null;
        TensorDataType? type = null;
        long[]? shape = null;
        Dictionary<string, InferenceParameter>? parameters = null;
        Utf8JsonReader deferredShape = default, deferredData = default;
        bool hasDeferredShape = false, hasDeferredData = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            Error? error = null;
            if (reader.ValueTextEquals("name"u8))
            {
                error = ReadString(ref reader, new Place("The name of inputs[{0}]", position), out name);
            }
            else if (reader.ValueTextEquals("datatype"u8))
            {
                error = ReadDataType(ref reader, new Place("The datatype of inputs[{0}]", position), out type, out unknownType);
            }
            else if (reader.ValueTextEquals("shape"u8))
            {
                reader.Read();
                if (name is not null)
                {
                    error = ReadShape(ref reader, name, out shape);
                }
                else
                {
                    deferredShape = reader;
                    hasDeferredShape = true;
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                if (name is not null && type is { } known && shape is not null)
                {
                    error = ReadData(ref reader, name, known, shape, ref budget, out input);
                }
                else
                {
                    deferredData = reader;
                    hasDeferredData = true;
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                error = ReadParameters(ref reader, new Place("inputs[{0}]", position), out parameters);
            }
            else
            {
                reader.Skip();
            }
            if (error is { } problem)
                return problem;
        }
        if (name is null)
            return RestErrors.Missing($"The input at inputs[{position}]", "name");
        if (unknownType is not null)
            return RestErrors.UnknownDataType(name, unknownType);
        if (type is not { } dataType)
            return RestErrors.Missing($"The input '{name}'", "datatype");
        if (shape is null && !hasDeferredShape)
            return RestErrors.Missing($"The input '{name}'", "shape");
        if (shape is null && ReadShape(ref deferredShape, name, out shape) is { } shapeError)
            return shapeError;
        if (parameters is not null && parameters.TryGetValue(BinaryTensorData.SizeParameter, out var binarySize))
        {
            return input is not null || hasDeferredData
                ? RestErrors.BinaryAndData(name)
                : section.Take(name, dataType, shape!, ElementCount(shape!), binarySize, ref budget, out input);
        }
        if (input is not null)
            return null;
        if (!hasDeferredData)
            return RestErrors.Missing($"The input '{name}'", "data");
        return ReadData(ref deferredData, name, dataType, shape!, ref budget, out input);
    }

    private static Error? ReadShape(ref Utf8JsonReader reader, string input, out long[]? shape)
    {
        shape = null;
        if (reader.TokenType != JsonTokenType.StartArray)
            return RestErrors.WrongKind($"The shape of the input '{input}'", "an array", ref reader);
        Span<long> dimensions = stackalloc long[MaxRank];
        var rank = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var dimension) || dimension < 0)
                return RestErrors.BadDimension(input, ref reader);
            if (rank == MaxRank)
                return RestErrors.TooManyDimensions(input, MaxRank);
            dimensions[rank++] = dimension;
        }
        shape = dimensions[..rank].ToArray();
        return null;
    }

    private static Error? ReadData(ref Utf8JsonReader reader, string name, TensorDataType type, long[] shape, ref InputBudget budget, out Tensor? tensor)
    {
        tensor = null;
        if (reader.TokenType != JsonTokenType.StartArray)
            return RestErrors.WrongKind($"The data of the input '{name}'", "an array", ref reader);
        var count = ElementCount(shape);
        var size = type.ElementSize();
        if ((budget.CheckElements(name, count) ?? budget.Take(count * size)) is { } overLimit)
            return overLimit;
        // Every element takes at least two bytes of JSON, so a shape that claims more than the body can hold is
        // only counted, never allocated: it ends in a count mismatch.
        var capacity = count <= budget.BodyLength / 2 + 1 ? (int)count : 0;
        var buffer = size > 0 ? new byte[capacity * size] : [];
        var elements = size == 0 ? new ReadOnlyMemory<byte>[capacity] : null;
        // FP32, the usual type of features, is read straight into its buffer as floats: 6 % off decoding 960 of them.
        var floats = type == TensorDataType.Fp32 && BitConverter.IsLittleEndian ? MemoryMarshal.Cast<byte, float>(buffer.AsSpan()) : [];

        var rank = shape.Length;
        var deepest = Math.Max(rank, 1);
        Span<long> seen = stackalloc long[deepest + 1];
        var depth = 1;
        var nested = false;
        var flat = false;
        long index = 0;
        while (depth > 0)
        {
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    if (depth == deepest)
                        return RestErrors.TooDeep(name, depth + 1, shape);
                    if (flat)
                        return RestErrors.MixedNesting(name, At(seen, depth, seen[depth]), shape);
                    nested = true;
                    seen[depth++]++;
                    seen[depth] = 0;
                    break;
                case JsonTokenType.EndArray:
                    if (nested && seen[depth] != shape[depth - 1])
                        return RestErrors.WrongLength(name, At(seen, depth, null), seen[depth], shape, depth - 1);
                    depth--;
                    break;
                default:
                    if (depth == 1 && rank > 1 && !nested)
                        flat = true;
                    else if (depth != deepest)
                        return RestErrors.MixedNesting(name, At(seen, depth, seen[depth]), shape);
                    seen[depth]++;
                    if (index < capacity)
                    {
                        var problem = !floats.IsEmpty
                            ? TensorElements.ReadFp32(ref reader, out floats[(int)index])
                            : elements is null
                                ? TensorElements.Read(ref reader, type, buffer.AsSpan((int)index * size, size))
                                : TensorElements.ReadText(ref reader, out elements[index]);
                        if (problem != ElementProblem.None)
                            return RestErrors.BadElement($"Element {index} of the input '{name}'", problem, type, ref reader);
                        if (elements is not null && budget.Take(elements[index].Length) is { } textOverLimit)
                            return textOverLimit;
                    }
                    index++;
                    break;
            }
        }
        if (index != count)
            return RestErrors.CountMismatch(name, index, shape, count);
        tensor = size > 0 ? Tensor.FromBuffer(name, type, shape, buffer) : Tensor.FromElements(name, shape, elements!);
        return null;
    }

    private static Error? ReadOutputs(ref Utf8JsonReader reader, out List<string>? outputs, out Dictionary<string, bool>? binaryChosen)
    {
        outputs = null;
        binaryChosen = null;
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        if (reader.TokenType != JsonTokenType.StartArray)
            return RestErrors.WrongKind("The request's 'outputs'", "an array", ref reader);
        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var place = new Place("outputs[{0}]", list.Count);
            if (reader.TokenType != JsonTokenType.StartObject)
                return RestErrors.WrongKind(place, "an object", ref reader);
            string? name = null;
            Dictionary<string, InferenceParameter>? parameters = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                Error? error = null;
                if (reader.ValueTextEquals("name"u8))
                    error = ReadString(ref reader, new Place("The name of outputs[{0}]", list.Count), out name);
                else if (reader.ValueTextEquals("parameters"u8))
                    error = ReadParameters(ref reader, place, out parameters);
                else
                    reader.Skip();
                if (error is { } problem)
                    return problem;
            }
            if (name is null)
                return RestErrors.Missing($"The output at outputs[{list.Count}]", "name");
            if (parameters?.ContainsKey(BinaryTensorData.OutputParameter) == true)
            {
                if (Flag(parameters, BinaryTensorData.OutputParameter, place, out var binary) is { } flagError)
                    return flagError;
                (binaryChosen ??= new Dictionary<string, bool>(StringComparer.Ordinal))[name] = binary;
            }
            list.Add(name);
        }
        outputs = list;
        return null;
    }

    private static Error? ReadParameters(ref Utf8JsonReader reader, Place owner, out Dictionary<string, InferenceParameter>? parameters)
    {
        parameters = null;
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        if (reader.TokenType != JsonTokenType.StartObject)
            return RestErrors.WrongKind($"The parameters of {owner}", "an object", ref reader);
        var values = new Dictionary<string, InferenceParameter>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (CurrentString(ref reader, owner, out var name) is { } nameError)
                return nameError;
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.True or JsonTokenType.False:
                    values[name!] = reader.GetBoolean();
                    break;
                case JsonTokenType.Number when reader.TryGetInt64(out var integer):
                    values[name!] = integer;
                    break;
                case JsonTokenType.Number:
                    values[name!] = reader.GetDouble();
                    break;
                case JsonTokenType.String:
                    if (CurrentString(ref reader, owner, out var text) is { } textError)
                        return textError;
                    values[name!] = text!;
                    break;
                default:
                    return RestErrors.BadParameter(owner, name!, ref reader);
            }
        }
        parameters = values;
        return null;
    }

    private static Error? ReadDataType(ref Utf8JsonReader reader, Place what, out TensorDataType? type, out string? unknown)
    {
        type = null;
        unknown = null;
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
            return RestErrors.WrongKind(what, "a string", ref reader);
        for (var candidate = TensorDataType.Bool; candidate <= TensorDataType.Bytes; candidate++)
        {
            if (reader.ValueTextEquals(candidate.ProtocolName()))
            {
                type = candidate;
                return null;
            }
        }
        return CurrentString(ref reader, what, out unknown);
    }

    private static Error? ReadString(ref Utf8JsonReader reader, Place what, out string? value)
    {
        value = null;
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        return reader.TokenType == JsonTokenType.String
            ? CurrentString(ref reader, what, out value)
            : RestErrors.WrongKind(what, "a string", ref reader);
    }

    private static Error? CurrentString(ref Utf8JsonReader reader, Place what, out string? value)
    {
        try
        {
            value = reader.GetString();
            return null;
        }
        catch (InvalidOperationException)
        {
            value = null;
            return RestErrors.InvalidUtf8(what);
        }
    }

    private static int CountRest(ref Utf8JsonReader reader)
    {
        var count = 0;
        do
        {
            reader.Skip();
            count++;
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray);
        return count;
    }

    private static long ElementCount(long[] shape)
    {
        if (Array.IndexOf(shape, 0L) >= 0)
            return 0;
        long count = 1;
        foreach (var dimension in shape)
        {
            if (count > long.MaxValue / dimension)
                return long.MaxValue;
            count *= dimension;
        }
        return count;
    }

    private static string At(ReadOnlySpan<long> seen, int depth, long? current)
    {
        var path = new List<long>();
        for (var d = 1; d < depth; d++)
            path.Add(seen[d] - 1);
        if (current is { } index)
            path.Add(index);
        return path.Count == 0 ? "the top level" : $"[{string.Join(",", path)}]";
    }

}
