using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;

namespace Capstan.Serving.Validation;

/// <summary>Checks an inference request against a model's signature and the <see cref="ServingLimits"/> before any runtime sees it.</summary>
/// <remarks>
/// <para>
/// Every problem is an <see cref="ErrorCode.InvalidInput"/> result from <see cref="InputErrors"/> that names the input
/// or output: an input the model does not declare, one sent twice, a required input left out (optional inputs, such as
/// the label column an ML.NET model saved with, may be absent), another element type, another rank or a dimension
/// that differs from a fixed declared one (-1 matches any size), batch (first) dimensions that differ between inputs
/// declared with a variable one, a tensor or input set over the limits, and an output the model does not declare or
/// one asked for twice.
/// </para>
/// <para>
/// One normalisation is made, because it never changes the order of the elements: a column of scalars may be sent as
/// <c>[N]</c> or <c>[N,1]</c>, whichever the model declares (<c>[-1]</c>, as ML.NET declares a scalar column, or
/// <c>[-1,1]</c>, as ONNX models converted from ML.NET do); the tensor is reshaped to the declared rank without copying
/// its data. No type conversion is made: a client that sends FP64 to an FP32 input is told so.
/// </para>
/// <para>The validator copies the limits when it is created, keeps no other state and is safe to use from many threads.</para>
/// </remarks>
public sealed class InputValidator
{
    private readonly int _maxInputs;
    private readonly long _maxTensorElements;
    private readonly long _maxInputBytes;

    /// <summary>Creates a validator that enforces <paramref name="limits"/>, which it validates and copies.</summary>
    public InputValidator(ServingLimits limits)
    {
        limits.Validate();
        _maxInputs = limits.MaxInputs;
        _maxTensorElements = limits.MaxTensorElements;
        _maxInputBytes = limits.MaxInputBytes;
    }

    /// <summary>Validates <paramref name="request"/> against <paramref name="signature"/> and returns its inputs in signature order with the outputs to compute.</summary>
    public Result<ValidatedRequest> Validate(InferenceRequest request, ModelSignature signature)
    {
        var inputs = request.Inputs;
        if (inputs.Count > _maxInputs)
            return InputErrors.TooManyInputs(inputs.Count, _maxInputs);
        var declared = signature.Inputs;
        var slots = new Tensor?[declared.Count];
        long bytes = 0;
        Tensor? firstBatched = null;
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var slot = IndexOf(declared, input.Name);
            if (slot < 0)
                return InputErrors.UnknownInput(input.Name, declared);
            if (slots[slot] is not null)
                return InputErrors.DuplicateInput(input.Name);
            var spec = declared[slot];
            if (input.DataType != spec.DataType)
                return InputErrors.WrongDataType(input.Name, input.DataType, spec.DataType);
            if (input.ElementCount > _maxTensorElements)
                return InputErrors.TooManyElements(input.Name, input.ElementCount, _maxTensorElements);
            bytes += SizeOf(input);
            if (bytes > _maxInputBytes)
                return InputErrors.TooManyBytes(bytes, _maxInputBytes);
            if (!Conform(input, spec.Shape).TryGetValue(out var conformed, out var error))
                return error;
            if (spec.Shape is [-1, ..])
            {
                if (firstBatched is null)
                    firstBatched = conformed;
                else if (conformed.Shape[0] != firstBatched.Shape[0])
                    return InputErrors.BatchMismatch(input.Name, conformed.Shape[0], firstBatched.Name, firstBatched.Shape[0]);
            }
            slots[slot] = conformed;
        }
        if (Missing(signature, slots) is { } missing)
            return InputErrors.MissingInputs(missing);
        if (request.Outputs is not { Count: > 0 } requested)
            return new ValidatedRequest(Present(slots), AllNames(signature.Outputs));
        if (CheckOutputs(requested, signature.Outputs) is { } outputError)
            return outputError;
        return new ValidatedRequest(Present(slots), requested);
    }

    private static Result<Tensor> Conform(Tensor input, IReadOnlyList<long> declared)
    {
        var shape = input.Shape;
        if (shape.Count == declared.Count)
        {
            for (var d = 0; d < shape.Count; d++)
            {
                if (declared[d] != -1 && declared[d] != shape[d])
                    return InputErrors.WrongDimension(input.Name, shape, declared, d);
            }
            return input;
        }
        if (declared is [var rows] && shape is [_, 1] && (rows == -1 || rows == shape[0]))
            return Reshape(input, [shape[0]]);
        if (declared is [var rows1, 1] && shape is [_] && (rows1 == -1 || rows1 == shape[0]))
            return Reshape(input, [shape[0], 1]);
        return InputErrors.WrongRank(input.Name, shape, declared);
    }

    private static Tensor Reshape(Tensor input, long[] shape) =>
        input.DataType == TensorDataType.Bytes
            ? Tensor.FromElements(input.Name, shape, input.Elements!)
            : Tensor.FromBuffer(input.Name, input.DataType, shape, input.Data);

    private static long SizeOf(Tensor input)
    {
        if (input.Elements is not { } elements)
            return input.Data.Length;
        long bytes = 0;
        for (var i = 0; i < elements.Count; i++)
            bytes += elements[i].Length;
        return bytes;
    }

    private static List<string>? Missing(ModelSignature signature, Tensor?[] slots)
    {
        List<string>? missing = null;
        foreach (var name in signature.RequiredInputs)
        {
            var slot = IndexOf(signature.Inputs, name);
            if (slot < 0 || slots[slot] is null)
                (missing ??= []).Add(name);
        }
        return missing;
    }

    private static Error? CheckOutputs(IReadOnlyList<string> requested, IReadOnlyList<TensorSpec> declared)
    {
        for (var i = 0; i < requested.Count; i++)
        {
            if (IndexOf(declared, requested[i]) < 0)
                return InputErrors.UnknownOutput(requested[i], declared);
            for (var j = 0; j < i; j++)
            {
                if (requested[j] == requested[i])
                    return InputErrors.DuplicateOutput(requested[i]);
            }
        }
        return null;
    }

    private static string[] AllNames(IReadOnlyList<TensorSpec> declared)
    {
        var names = new string[declared.Count];
        for (var i = 0; i < names.Length; i++)
            names[i] = declared[i].Name;
        return names;
    }

    private static Tensor[] Present(Tensor?[] slots)
    {
        var count = 0;
        foreach (var slot in slots)
            count += slot is null ? 0 : 1;
        var present = new Tensor[count];
        count = 0;
        foreach (var slot in slots)
        {
            if (slot is not null)
                present[count++] = slot;
        }
        return present;
    }

    private static int IndexOf(IReadOnlyList<TensorSpec> specs, string name)
    {
        for (var i = 0; i < specs.Count; i++)
        {
            if (string.Equals(specs[i].Name, name, StringComparison.Ordinal))
                return i;
        }
        return -1;
    }
}
