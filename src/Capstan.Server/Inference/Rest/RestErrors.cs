using System.Text.Json;
using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Serving.Validation;

namespace Capstan.Server.Inference.Rest;

/// <summary>The errors of a REST body that cannot be decoded, one factory per cause; all but <see cref="BodyTooLarge"/> are InvalidInput.</summary>
internal static class RestErrors
{
    private const string DataTypes = "BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES";

    public static Error BodyTooLarge(long limit) =>
        Error.TooLarge($"The request body is over the limit of {limit:N0} bytes.");

    public static Error MalformedJson(JsonException exception)
    {
        var reason = exception.Message;
        var position = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (position >= 0)
            reason = reason[..position];
        return Error.InvalidInput(
            $"The request body is not valid JSON at line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}: {reason}");
    }

    public static Error InvalidUtf8(Place what) =>
        Error.InvalidInput($"The request body is not valid JSON: {what} has text that is not valid UTF-8.");

    public static Error WrongKind(Place what, string must, ref Utf8JsonReader reader) =>
        Error.InvalidInput($"{what} must be {must}, not {TensorElements.Describe(ref reader)}.");

    public static Error Missing(string what, string property) =>
        Error.InvalidInput($"{what} has no '{property}'.");

    public static Error UnknownDataType(string input, string datatype) =>
        Error.InvalidInput($"The input '{input}' has the datatype '{datatype}', which is not one of {DataTypes}.");

    public static Error BadDimension(string input, ref Utf8JsonReader reader) =>
        Error.InvalidInput($"The shape of the input '{input}' has {TensorElements.Describe(ref reader)} where a dimension must be a non-negative integer.");

    public static Error TooManyDimensions(string input, int limit) =>
        Error.InvalidInput($"The shape of the input '{input}' has more than {limit} dimensions.");

    public static Error BadJsonLength(string header) =>
        Error.InvalidInput($"The {BinaryTensorData.HeaderName} header is '{header}', which is not a length in bytes.");

    public static Error JsonLengthPastBody(long length, long bodyLength) =>
        Error.InvalidInput($"The {BinaryTensorData.HeaderName} header says the JSON is {length:N0} bytes, but the body has {bodyLength:N0}.");

    public static Error BinaryWithoutHeader(string input) =>
        Error.InvalidInput($"The input '{input}' has '{BinaryTensorData.SizeParameter}', but the request has no {BinaryTensorData.HeaderName} header to say where its JSON ends.");

    public static Error BadBinarySize(string input, InferenceParameter size) =>
        Error.InvalidInput($"The '{BinaryTensorData.SizeParameter}' of the input '{input}' is {size}, where it must be a non-negative integer.");

    public static Error BinaryAndData(string input) =>
        Error.InvalidInput($"The input '{input}' has both 'data' and '{BinaryTensorData.SizeParameter}'; send its data one way.");

    public static Error BinaryPastBody(string input, long length, long remaining) =>
        Error.InvalidInput($"The binary data of the input '{input}' is {Count(length, "byte", "bytes")}, but only {remaining:N0} are left in the body.");

    public static Error BinarySizeMismatch(string input, long length, long count, TensorDataType type, IReadOnlyList<long> shape) =>
        Error.InvalidInput($"The binary data of the input '{input}' is {Count(length, "byte", "bytes")}, but its shape {InputErrors.Shape(shape)} of {type.ProtocolName()} needs {count * type.ElementSize():N0}.");

    public static Error BinaryBool(string input, long index, byte value) =>
        Error.InvalidInput($"Element {index} of the input '{input}' is the byte {value}, but binary BOOL data takes 0 or 1.");

    public static Error BinaryTextCount(string input, long count, IReadOnlyList<long> shape, long length) =>
        Error.InvalidInput($"The binary data of the input '{input}' is {Count(length, "byte", "bytes")}, too few for the {count:N0} BYTES elements of its shape {InputErrors.Shape(shape)}, each of which takes a 4-byte length.");

    public static Error BinaryTextPastEnd(string input, long index) =>
        Error.InvalidInput($"Element {index} of the input '{input}' runs past the end of its binary data: its 4-byte length is missing or larger than what is left.");

    public static Error BinaryTextLeftOver(string input, long count, long left) =>
        Error.InvalidInput($"The binary data of the input '{input}' has {Count(left, "byte", "bytes")} left after its {count:N0} BYTES elements.");

    public static Error BinaryLeftOver(long left) =>
        Error.InvalidInput($"The body has {Count(left, "byte", "bytes")} after the JSON that no input's '{BinaryTensorData.SizeParameter}' accounts for.");

    public static Error NotABoolean(Place owner, string parameter, InferenceParameter value) =>
        Error.InvalidInput($"The parameter '{parameter}' of {owner} is {value}, where it must be true or false.");

    public static Error BadParameter(Place owner, string name, ref Utf8JsonReader reader) =>
        Error.InvalidInput($"The parameter '{name}' of {owner} is {TensorElements.Describe(ref reader)}; a parameter is a boolean, a number or a string.");

    public static Error CountMismatch(string input, long count, IReadOnlyList<long> shape, long expected) =>
        Error.InvalidInput($"The input '{input}' has {Count(count, "element", "elements")}, but its shape {InputErrors.Shape(shape)} needs {expected:N0}.");

    public static Error TooDeep(string input, int depth, IReadOnlyList<long> shape) =>
        Error.InvalidInput($"The data of the input '{input}' is nested {depth} deep, deeper than its shape {InputErrors.Shape(shape)}.");

    public static Error MixedNesting(string input, string at, IReadOnlyList<long> shape) =>
        Error.InvalidInput($"The data of the input '{input}' mixes values and arrays at {at}; send it flat or nested as its shape {InputErrors.Shape(shape)}.");

    public static Error WrongLength(string input, string at, long length, IReadOnlyList<long> shape, int dimension) =>
        Error.InvalidInput($"The data of the input '{input}' has {Count(length, "entry", "entries")} at {at}, but dimension {dimension} of its shape {InputErrors.Shape(shape)} is {shape[dimension]:N0}.");

    public static Error NoInstances() =>
        Error.InvalidInput("The request's 'instances' is empty; send one object of column values per row.");

    public static Error NewColumn(long instance, string column) =>
        Error.InvalidInput($"Instance {instance} has the column '{column}', which instance 0 does not have; every instance needs the same columns.");

    public static Error MissingColumn(long instance, string column) =>
        Error.InvalidInput($"Instance {instance} has no column '{column}', which instance 0 has; every instance needs the same columns.");

    public static Error DuplicateColumn(long instance, string column) =>
        Error.InvalidInput($"Instance {instance} has the column '{column}' more than once.");

    public static Error UnsupportedColumn(TensorSpec input) =>
        Error.InvalidInput($"The input '{input.Name}' has the shape {InputErrors.Shape(input.Shape)}, which is not a column of values or vectors; send it with the V2 protocol.");

    public static Error WrongRowLength(long instance, string column, long length, long expected) =>
        Error.InvalidInput($"Instance {instance} has {Count(length, "value", "values")} for the column '{column}', but the column takes {expected:N0} per row.");

    public static Error NoRowOutputs(string model) =>
        Error.InvalidInput($"The model '{model}' has no output with a row per instance (a first dimension of -1), so it cannot answer in predictions; send the request with the V2 protocol.");

    public static Error NoRows(string output, IReadOnlyList<long> shape, long rows) =>
        Error.Internal($"The output '{output}' has the shape {InputErrors.Shape(shape)}, which has no row for each of the {rows:N0} instances.");

    public static Error BadElement(Place where, ElementProblem problem, TensorDataType type, ref Utf8JsonReader reader)
    {
        if (problem == ElementProblem.InvalidUtf8)
            return InvalidUtf8(where);
        var value = TensorElements.Describe(ref reader);
        var name = type.ProtocolName();
        return Error.InvalidInput(problem == ElementProblem.OutOfRange
            ? $"{where} is {value}, out of the {name} range {TensorElements.RangeOf(type)}."
            : $"{where} is {value}, but {name} data takes {TensorElements.Takes(type)}.");
    }

    private static string Count(long count, string one, string many) => $"{count:N0} {(count == 1 ? one : many)}";
}
