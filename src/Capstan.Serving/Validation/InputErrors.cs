using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;

namespace Capstan.Serving.Validation;

/// <summary>The <see cref="ErrorCode.InvalidInput"/> errors of a request that does not fit a model or the <see cref="ServingLimits"/>, one factory per cause.</summary>
/// <remarks>Every front end uses these, so a problem reads the same over REST and gRPC; each message names the input or output.</remarks>
public static class InputErrors
{
    /// <summary>The request sends more inputs than <see cref="ServingLimits.MaxInputs"/>.</summary>
    public static Error TooManyInputs(int count, int limit) =>
        Error.InvalidInput($"The request has {count:N0} inputs, over the limit of {limit:N0}.");

    /// <summary>A tensor holds more elements than <see cref="ServingLimits.MaxTensorElements"/>.</summary>
    public static Error TooManyElements(string input, long count, long limit) =>
        Error.InvalidInput($"The input '{input}' has {count:N0} elements, over the limit of {limit:N0} per tensor.");

    /// <summary>The inputs together take more bytes than <see cref="ServingLimits.MaxInputBytes"/>.</summary>
    public static Error TooManyBytes(long bytes, long limit) =>
        Error.InvalidInput($"The inputs take {bytes:N0} bytes, over the limit of {limit:N0} per request.");

    /// <summary>The model declares no input of that name.</summary>
    public static Error UnknownInput(string input, IReadOnlyList<TensorSpec> declared) =>
        Error.InvalidInput($"The model has no input '{input}'; its inputs are {Names(declared)}.");

    /// <summary>The request sends an input twice.</summary>
    public static Error DuplicateInput(string input) =>
        Error.InvalidInput($"The input '{input}' is sent more than once.");

    /// <summary>The input's element type differs from the declared one.</summary>
    public static Error WrongDataType(string input, TensorDataType sent, TensorDataType declared) =>
        Error.InvalidInput($"The input '{input}' is {sent.ProtocolName()}, but the model takes {declared.ProtocolName()}.");

    /// <summary>The input has another number of dimensions than the declared shape.</summary>
    public static Error WrongRank(string input, IReadOnlyList<long> shape, IReadOnlyList<long> declared) =>
        Error.InvalidInput($"The input '{input}' has the shape {Shape(shape)}, but the model takes {Shape(declared)}: " +
                           $"{shape.Count} {(shape.Count == 1 ? "dimension" : "dimensions")} instead of {declared.Count}.");

    /// <summary>One of the input's dimensions differs from a fixed declared one.</summary>
    public static Error WrongDimension(string input, IReadOnlyList<long> shape, IReadOnlyList<long> declared, int dimension) =>
        Error.InvalidInput($"The input '{input}' has the shape {Shape(shape)}, but the model takes {Shape(declared)}: " +
                           $"dimension {dimension} is {shape[dimension]}, not {declared[dimension]}.");

    /// <summary>Two inputs disagree on the batch (first) dimension.</summary>
    public static Error BatchMismatch(string input, long rows, string firstInput, long firstRows) =>
        Error.InvalidInput($"The input '{input}' has {rows:N0} rows (its first dimension), but '{firstInput}' has {firstRows:N0}; " +
                           "every input needs the same batch size.");

    /// <summary>The request lacks inputs the model requires.</summary>
    public static Error MissingInputs(IReadOnlyList<string> inputs) =>
        Error.InvalidInput(inputs.Count == 1
            ? $"The request has no input '{inputs[0]}', which the model requires."
            : $"The request has no inputs {Names(inputs)}, which the model requires.");

    /// <summary>The caller asks for an output the model does not declare.</summary>
    public static Error UnknownOutput(string output, IReadOnlyList<TensorSpec> declared) =>
        Error.InvalidInput($"The model has no output '{output}'; its outputs are {Names(declared)}.");

    /// <summary>The caller asks for an output twice.</summary>
    public static Error DuplicateOutput(string output) =>
        Error.InvalidInput($"The output '{output}' is requested more than once.");

    /// <summary>Writes a shape the way messages show it, such as <c>[-1,30]</c>.</summary>
    public static string Shape(IReadOnlyList<long> shape) => $"[{string.Join(",", shape)}]";

    private static string Names(IReadOnlyList<TensorSpec> specs) => Names(specs.Select(spec => spec.Name).ToList());

    private static string Names(IReadOnlyList<string> names) =>
        names.Count == 0 ? "none" : string.Join(", ", names.Select(name => $"'{name}'"));
}
