using Capstan.Core.Errors;
using Capstan.Serving.Validation;

namespace Capstan.Server.Inference.Rest;

/// <summary>What a request being decoded may still take under the <see cref="ServingLimits"/>; a mutable struct passed by reference through one decode.</summary>
/// <param name="limits">The limits to keep.</param>
/// <param name="bodyLength">The length of the whole body, in bytes.</param>
internal struct InputBudget(ServingLimits limits, long bodyLength)
{
    /// <summary>The limits to keep.</summary>
    public readonly ServingLimits Limits = limits;

    /// <summary>The length of the whole body, which bounds how many elements it can hold.</summary>
    public readonly long BodyLength = bodyLength;

    private long _bytes;

    /// <summary>Refuses a tensor of more elements than <see cref="ServingLimits.MaxTensorElements"/>.</summary>
    public readonly Error? CheckElements(string input, long count) =>
        count > Limits.MaxTensorElements ? InputErrors.TooManyElements(input, count, Limits.MaxTensorElements) : null;

    /// <summary>Counts <paramref name="bytes"/> more input bytes, refusing once all inputs take more than <see cref="ServingLimits.MaxInputBytes"/>.</summary>
    public Error? Take(long bytes)
    {
        _bytes += bytes;
        return _bytes > Limits.MaxInputBytes ? InputErrors.TooManyBytes(_bytes, Limits.MaxInputBytes) : null;
    }
}
