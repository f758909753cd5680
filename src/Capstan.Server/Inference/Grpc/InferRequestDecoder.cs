using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using Capstan.Core.Errors;
using Capstan.Core.Tensors;
using Capstan.Serving.Validation;
using Grpc.Core;

namespace Capstan.Server.Inference.Grpc;

/// <summary>Decodes a <c>ModelInferRequest</c> message straight from its bytes into the data plane's <see cref="InferenceRequest"/>.</summary>
/// <remarks>
/// A request sends its inputs in exactly one form: typed <c>contents</c> on each input, or <c>raw_input_contents</c> with
/// one entry per input, in order. The message is read without building Google.Protobuf's objects for it: one pass
/// (<see cref="InferRequestLayout"/>) checks it as Google.Protobuf's parser would and finds its fields, and each tensor's
/// buffer is then filled from the message's bytes with one copy. A message that is not protobuf ends as InvalidArgument
/// with what is wrong with it. The input count and each tensor's element count are checked against the
/// <see cref="ServingLimits"/> before anything is allocated for them, with the messages REST gives; the data plane checks
/// the rest. Parameters of single inputs and of requested outputs have no place in the data plane's request and are
/// ignored; an empty request id or list of requested outputs is null.
/// </remarks>
internal static class InferRequestDecoder
{
    /// <summary>The marshaller of <c>ModelInfer</c>'s request, which decodes it within <paramref name="limits"/>; a server never writes a request, so it has no serializer.</summary>
    public static Marshaller<ModelInferCall> Marshaller(ServingLimits limits) => Marshallers.Create(
        (ModelInferCall _, SerializationContext _) => throw new NotSupportedException("The server only reads inference requests."),
        context => Decode(context.PayloadAsReadOnlySequence(), limits));

    /// <summary>Decodes the message <paramref name="payload"/> holds, copying it first into one pooled buffer when it spans several.</summary>
    public static ModelInferCall Decode(ReadOnlySequence<byte> payload, ServingLimits limits)
    {
        if (payload.IsSingleSegment)
            return Decode(payload.FirstSpan, limits);
        var length = checked((int)payload.Length);
        var copy = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            payload.CopyTo(copy);
            return Decode(copy.AsSpan(0, length), limits);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    /// <summary>Decodes <paramref name="message"/>: the model it names and its request, or why it is unreadable, invalid or over <paramref name="limits"/>.</summary>
    public static ModelInferCall Decode(ReadOnlySpan<byte> message, ServingLimits limits)
    {
        var layout = InferRequestLayout.ForThisThread();
        var reader = new ProtoReader(message);
        layout.Read(ref reader, limits.MaxInputs);
        if (reader.Error is { } malformed)
            return ModelInferCall.Malformed(Error.InvalidInput(malformed));
        return new ModelInferCall(Text(message, layout.ModelName), NullIfEmpty(message, layout.ModelVersion), layout.RawCount == 0, Decode(message, layout, limits));
    }

    private static Result<InferenceRequest> Decode(ReadOnlySpan<byte> message, InferRequestLayout layout, ServingLimits limits)
    {
        var inputs = layout.Inputs;
        var raw = layout.Raw;
        if (layout.InputCount > limits.MaxInputs)
            return InputErrors.TooManyInputs(layout.InputCount, limits.MaxInputs);
        if (layout.RawCount > 0 && layout.RawCount != inputs.Count)
            return Error.InvalidInput($"The request has {inputs.Count} inputs but {layout.RawCount} raw_input_contents entries; raw contents need one entry per input, in order.");
        var tensors = new Tensor[inputs.Count];
        for (var i = 0; i < tensors.Length; i++)
        {
            var input = inputs[i];
            var shape = CollectionsMarshal.AsSpan(layout.Dimensions).Slice(input.ShapeStart, input.ShapeCount);
            if (!TensorHeader.Read(Text(message, input.Name), Slice(message, input.Datatype), shape).TryGetValue(out var header, out var error))
                return error;
            if (header.Count > limits.MaxTensorElements)
                return InputErrors.TooManyElements(header.Name, header.Count, limits.MaxTensorElements);
            if (raw.Count > 0 && TypedContents.HasValues(input))
                return Error.InvalidInput($"{header} has typed contents while the request sends raw_input_contents; use one form for every input.");
            var tensor = raw.Count > 0 ? RawContents.Read(header, Slice(message, raw[i])) : TypedContents.Read(header, message, input);
            if (!tensor.TryGetValue(out tensors[i]!, out error))
                return error;
        }
        if (!InferParameters.Read(message, layout.Parameters).TryGetValue(out var parameters, out var parameterError))
            return parameterError;
        return new InferenceRequest(NullIfEmpty(message, layout.Id), tensors, RequestedOutputs(message, layout), parameters);
    }

    /// <summary>Null for an empty string, which the protocol sends for a field that was not given (an id, a version).</summary>
    public static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static string? NullIfEmpty(ReadOnlySpan<byte> message, (int Start, int Length) range) => range.Length == 0 ? null : Text(message, range);

    private static string[]? RequestedOutputs(ReadOnlySpan<byte> message, InferRequestLayout layout)
    {
        if (layout.Outputs.Count == 0)
            return null;
        var names = new string[layout.Outputs.Count];
        for (var i = 0; i < names.Length; i++)
            names[i] = Text(message, layout.Outputs[i]);
        return names;
    }

    /// <summary>A string field's text, which <see cref="ProtoReader.ReadString"/> found to be UTF-8.</summary>
    private static string Text(ReadOnlySpan<byte> message, (int Start, int Length) range) =>
        range.Length == 0 ? "" : Encoding.UTF8.GetString(Slice(message, range));

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> message, (int Start, int Length) range) => message.Slice(range.Start, range.Length);
}
