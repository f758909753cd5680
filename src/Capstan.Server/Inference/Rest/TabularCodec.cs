using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Serving.Validation;

namespace Capstan.Server.Inference.Rest;

/// <summary>The V1 tabular protocol: <c>{"instances": [{"column": value, ...}, ...]}</c> in, <c>{"predictions": [{"output": value, ...}, ...]}</c> out.</summary>
/// <remarks>
/// <para>
/// Each instance is one row, an object with a value per model input (column), mapped by name onto the model's
/// signature: an input declared <c>[-1]</c> or <c>[-1,1]</c> is a scalar column and takes one value per row (a
/// one-element array too, for <c>[-1,1]</c>); an input declared <c>[-1,k]</c> is a vector column and takes an array of
/// k values per row (any length for <c>[-1,-1]</c>, the same in every row). Values follow the element rules of the
/// V2 codec (<see cref="TensorElements"/>): numbers for the numeric types, range-checked; <c>true</c>/<c>false</c>
/// for BOOL; strings for BYTES text. Every instance must have the same columns; optional columns may be left out of
/// all of them. Inputs of higher rank, or without a batch dimension, cannot be sent this way.
/// </para>
/// <para>
/// The decoded request goes through the same validation as a V2 request. The answer has one object per row with each
/// output's value for that row: a value for an output whose rows are scalars (<c>[N]</c> or <c>[N,1]</c>), an array
/// (nested for higher ranks) otherwise. Outputs declared without a variable first dimension, such as the <c>[1,1]</c>
/// placeholder ML.NET's ONNX export adds, have no row per instance and are neither computed nor answered.
/// </para>
/// </remarks>
public static class TabularCodec
{
    /// <summary>Reads a V1 request body to its end and decodes it against <paramref name="signature"/>.</summary>
    public static ValueTask<Result<InferenceRequest>> ReadAsync(
        PipeReader body, ModelSignature signature, ServingLimits limits, CancellationToken cancellationToken) =>
        JsonBody.ReadAsync(body, limits.MaxRequestBytes, (signature, limits),
            static (sequence, state) => Decode(sequence, state.signature, state.limits), cancellationToken);

    /// <summary>Decodes a complete V1 request body into one tensor per column, in signature order.</summary>
    public static Result<InferenceRequest> Decode(ReadOnlySequence<byte> body, ModelSignature signature, ServingLimits limits)
    {
        if (body.Length > limits.MaxRequestBytes)
            return RestErrors.BodyTooLarge(limits.MaxRequestBytes);
        var reader = new Utf8JsonReader(JsonBody.WithoutByteOrderMark(body));
        var budget = new InputBudget(limits, body.Length);
        try
        {
            return ReadRequest(ref reader, signature, ref budget);
        }
        catch (JsonException exception)
        {
            return RestErrors.MalformedJson(exception);
        }
    }

    /// <summary>The outputs that have a row per instance, declared with a variable first dimension: the ones predictions answer with.</summary>
    public static List<string> RowOutputs(IReadOnlyList<TensorSpec> outputs) => [.. outputs.Where(o => o.Shape is [-1, ..]).Select(o => o.Name)];

    /// <summary>The number of rows of <paramref name="outputs"/>: the first dimension, which every output must share, or an Internal error naming an output without a row per instance.</summary>
    public static Result<long> RowCount(IReadOnlyList<Tensor> outputs)
    {
        var rows = outputs.Count == 0 || outputs[0].Shape.Count == 0 ? 0 : outputs[0].Shape[0];
        foreach (var tensor in outputs)
        {
            if (tensor.Shape.Count == 0 || tensor.Shape[0] != rows)
                return RestErrors.NoRows(tensor.Name, tensor.Shape, rows);
        }
        return rows;
    }

    /// <summary>Writes <c>{"predictions": [...]}</c> with one object per row of <paramref name="outputs"/>; writes nothing when an output has no row per instance.</summary>
    /// <returns>The number of rows written, or the error of <see cref="RowCount"/>.</returns>
    public static Result<long> WritePredictions(IBufferWriter<byte> output, IReadOnlyList<Tensor> outputs)
    {
        if (!RowCount(outputs).TryGetValue(out var rows, out var error))
            return error;
        using var writer = ResponseEncoder.CreateWriter(output);
        writer.WriteStartObject();
        writer.WriteStartArray("predictions"u8);
        for (var row = 0; row < rows; row++)
        {
            writer.WriteStartObject();
            foreach (var tensor in outputs)
            {
                writer.WritePropertyName(tensor.Name);
                var perRow = (int)(tensor.ElementCount / rows);
                if (tensor.Shape.Count == 1 || tensor.Shape is [_, 1])
                    TensorElements.Write(writer, tensor, row, 1);
                else
                    WriteNested(writer, tensor, 1, row * perRow);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        return rows;
    }

    private static Result<InferenceRequest> ReadRequest(ref Utf8JsonReader reader, ModelSignature signature, ref InputBudget budget)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
            return RestErrors.WrongKind("The request body", "an object", ref reader);
        Utf8JsonReader instances = default;
        var rows = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("instances"u8))
            {
                reader.Skip();
                continue;
            }
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
                return RestErrors.WrongKind("The request's 'instances'", "an array", ref reader);
            instances = reader;
            rows = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                    return RestErrors.WrongKind(new Place("instances[{0}]", rows), "an object of column values", ref reader);
                reader.Skip();
                rows++;
            }
        }
        reader.Read();
        if (rows < 0)
            return RestErrors.Missing("The request", "instances");
        if (rows == 0)
            return RestErrors.NoInstances();
        return ReadRows(ref instances, rows, signature, ref budget);
    }

    private static Result<InferenceRequest> ReadRows(ref Utf8JsonReader reader, int rows, ModelSignature signature, ref InputBudget budget)
    {
        var declared = signature.Inputs;
        var columns = new Column?[declared.Count];
        for (var row = 0; row < rows; row++)
        {
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var slot = IndexOf(declared, ref reader);
                if (slot < 0)
                    return UnknownColumn(ref reader, row, declared);
                var spec = declared[slot];
                if (row == 0 && columns[slot] is null)
                {
                    if (!Column.For(spec, rows).TryGetValue(out var created, out var unsupported))
                        return unsupported;
                    columns[slot] = created;
                }
                if (columns[slot] is not { } column)
                    return RestErrors.NewColumn(row, spec.Name);
                if (column.LastRow == row)
                    return RestErrors.DuplicateColumn(row, spec.Name);
                column.LastRow = row;
                reader.Read();
                if (column.Read(ref reader, row, ref budget) is { } error)
                    return error;
            }
            if (row == 0 && Missing(signature, columns) is { } missing)
                return InputErrors.MissingInputs(missing);
            foreach (var column in columns)
            {
                if (column is not null && column.LastRow != row)
                    return RestErrors.MissingColumn(row, column.Spec.Name);
            }
        }
        var inputs = new List<Tensor>(columns.Length);
        foreach (var column in columns)
        {
            if (column is not null)
                inputs.Add(column.ToTensor());
        }
        return new InferenceRequest(null, inputs);
    }

    private static Error UnknownColumn(ref Utf8JsonReader reader, int row, IReadOnlyList<TensorSpec> declared)
    {
        try
        {
            return InputErrors.UnknownInput(reader.GetString()!, declared);
        }
        catch (InvalidOperationException)
        {
            return RestErrors.InvalidUtf8(new Place("Instance {0}", row));
        }
    }

    private static List<string>? Missing(ModelSignature signature, Column?[] columns)
    {
        List<string>? missing = null;
        for (var slot = 0; slot < columns.Length; slot++)
        {
            var name = signature.Inputs[slot].Name;
            if (columns[slot] is null && signature.RequiredInputs.Contains(name))
                (missing ??= []).Add(name);
        }
        return missing;
    }

    private static int IndexOf(IReadOnlyList<TensorSpec> specs, ref Utf8JsonReader reader)
    {
        for (var i = 0; i < specs.Count; i++)
        {
            if (reader.ValueTextEquals(specs[i].Name))
                return i;
        }
        return -1;
    }

    private static void WriteNested(Utf8JsonWriter writer, Tensor tensor, int dimension, int start)
    {
        writer.WriteStartArray();
        var length = (int)tensor.Shape[dimension];
        if (dimension == tensor.Shape.Count - 1)
        {
            TensorElements.Write(writer, tensor, start, length);
        }
        else
        {
            var stride = 1;
            for (var d = dimension + 1; d < tensor.Shape.Count; d++)
                stride *= (int)tensor.Shape[d];
            for (var i = 0; i < length; i++)
                WriteNested(writer, tensor, dimension + 1, start + i * stride);
        }
        writer.WriteEndArray();
    }

    /// <summary>One column being filled row by row; a mutable builder that lives for one request.</summary>
    private sealed class Column
    {
        private readonly int _rows;
        private readonly TensorDataType _type;
        private readonly int _size;
        private readonly bool _vector;
        private readonly long _declaredLength;
        private int _length = -1;
        private byte[] _buffer = [];
        private ReadOnlyMemory<byte>[] _elements = [];

        private Column(TensorSpec spec, int rows, bool vector, long declaredLength)
        {
            Spec = spec;
            _rows = rows;
            _type = spec.DataType;
            _size = spec.DataType.ElementSize();
            _vector = vector;
            _declaredLength = declaredLength;
        }

        public TensorSpec Spec { get; }

        public int LastRow { get; set; } = -1;

        public static Result<Column> For(TensorSpec spec, int rows) => TabularInputs.RowWidth(spec) switch
        {
            null => RestErrors.UnsupportedColumn(spec),
            1 => new Column(spec, rows, vector: false, declaredLength: 1),
            { } length => new Column(spec, rows, vector: true, declaredLength: length),
        };

        public Error? Read(ref Utf8JsonReader reader, int row, ref InputBudget budget)
        {
            if (!_vector && reader.TokenType != JsonTokenType.StartArray)
                return Allocate(1, ref budget) ?? ReadValue(ref reader, row, 0, ref budget);
            if (reader.TokenType != JsonTokenType.StartArray || (!_vector && Spec.Shape.Count == 1))
                return RestErrors.WrongKind($"The column '{Spec.Name}' of instance {row}", _vector ? "an array" : "a single value", ref reader);
            if (_length < 0 && Allocate(_declaredLength >= 0 ? _declaredLength : CountValues(reader), ref budget) is { } error)
                return error;
            var count = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (count >= _length)
                    reader.Skip();
                else if (ReadValue(ref reader, row, count, ref budget) is { } problem)
                    return problem;
                count++;
            }
            return count == _length ? null : RestErrors.WrongRowLength(row, Spec.Name, count, _length);
        }

        public Tensor ToTensor()
        {
            long[] shape = Spec.Shape.Count == 1 ? [_rows] : [_rows, _length];
            return _size == 0
                ? Tensor.FromElements(Spec.Name, shape, _elements)
                : Tensor.FromBuffer(Spec.Name, _type, shape, _buffer);
        }

        private Error? Allocate(long length, ref InputBudget budget)
        {
            if (_length >= 0)
                return null;
            var count = _rows * length;
            if ((budget.CheckElements(Spec.Name, count) ?? budget.Take(count * _size)) is { } overLimit)
                return overLimit;
            _length = (int)length;
            if (_size == 0)
                _elements = new ReadOnlyMemory<byte>[count];
            else
                _buffer = new byte[count * _size];
            return null;
        }

        private Error? ReadValue(ref Utf8JsonReader reader, int row, int index, ref InputBudget budget)
        {
            var at = row * _length + index;
            var problem = _size > 0
                ? TensorElements.Read(ref reader, _type, _buffer.AsSpan(at * _size, _size))
                : TensorElements.ReadText(ref reader, out _elements[at]);
            if (problem != ElementProblem.None)
                return RestErrors.BadElement(Where(row, index), problem, _type, ref reader);
            return _size == 0 ? budget.Take(_elements[at].Length) : null;
        }

        private string Where(int row, int index) =>
            _vector || Spec.Shape.Count > 1 && _length > 1
                ? $"Element {index} of the column '{Spec.Name}' of instance {row}"
                : $"The column '{Spec.Name}' of instance {row}";

        private static long CountValues(Utf8JsonReader reader)
        {
            var count = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                reader.Skip();
                count++;
            }
            return count;
        }
    }
}
