using Capstan.Core.Errors;
using Capstan.Core.Tensors;
using Capstan.Server.Inference.Grpc.Protocol;
using Capstan.Serving.Validation;

namespace Capstan.Server.Inference.Grpc;

/// <summary>Decodes a <c>ModelInferRequest</c> into the data plane's <see cref="InferenceRequest"/>.</summary>
/// <remarks>
/// A request sends its inputs in exactly one form: typed <c>contents</c> on each input, or <c>raw_input_contents</c> with
/// one entry per input, in order. Raw fixed-size elements become the tensor's buffer without a copy. The input count and
/// each tensor's element count are checked against the <see cref="ServingLimits"/> before anything is allocated for
/// them, with the messages REST gives; the data plane checks the rest. Parameters of single inputs and of requested
/// outputs have no place in the data plane's request and are ignored; an empty request id or list of requested outputs
/// is null.
/// </remarks>
internal static class InferRequestDecoder
{
    /// <summary>Decodes <paramref name="request"/>, or explains with an InvalidInput error why it is malformed or over <paramref name="limits"/>.</summary>
    public static Result<InferenceRequest> Decode(ModelInferRequest request, ServingLimits limits)
    {
        if (request.Inputs.Count > limits.MaxInputs)
            return InputErrors.TooManyInputs(request.Inputs.Count, limits.MaxInputs);
        var raw = request.RawInputContents;
        if (raw.Count > 0 && raw.Count != request.Inputs.Count)
            return Error.InvalidInput($"The request has {request.Inputs.Count} inputs but {raw.Count} raw_input_contents entries; raw contents need one entry per input, in order.");
        var inputs = new Tensor[request.Inputs.Count];
        for (var i = 0; i < inputs.Length; i++)
        {
            var input = request.Inputs[i];
            if (!TensorHeader.Read(input).TryGetValue(out var header, out var error))
                return error;
            if (header.Count > limits.MaxTensorElements)
                return InputErrors.TooManyElements(header.Name, header.Count, limits.MaxTensorElements);
            if (raw.Count > 0 && TypedContents.HasValues(input.Contents))
                return Error.InvalidInput($"{header} has typed contents while the request sends raw_input_contents; use one form for every input.");
            var tensor = raw.Count > 0 ? RawContents.Read(header, raw[i]) : TypedContents.Read(header, input.Contents);
            if (!tensor.TryGetValue(out inputs[i]!, out error))
                return error;
        }
        if (!InferParameters.Read(request.Parameters).TryGetValue(out var parameters, out var parameterError))
            return parameterError;
        return new InferenceRequest(NullIfEmpty(request.Id), inputs, RequestedOutputs(request), parameters);
    }

    /// <summary>Null for an empty string, which the protocol sends for a field that was not given (an id, a version).</summary>
    public static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static string[]? RequestedOutputs(ModelInferRequest request)
    {
        if (request.Outputs.Count == 0)
            return null;
        var names = new string[request.Outputs.Count];
        for (var i = 0; i < names.Length; i++)
            names[i] = request.Outputs[i].Name;
        return names;
    }
}
