namespace Capstan.Serving.Validation;

/// <summary>The size limits every inference request must keep, checked by the front ends while decoding and by <see cref="InputValidator"/>.</summary>
/// <remarks>
/// A mutable settings class, bound from the configuration section <c>ServingLimits</c>; call <see cref="Validate"/> at
/// start. <see cref="InputValidator"/> copies the values when it is created. The defaults fit real tabular and image
/// requests with room to spare while keeping one request's memory bounded: <see cref="MaxRequestBytes"/> is the 64 MiB
/// that Triton also allows an HTTP request by default, and <see cref="MaxTensorElements"/> is a 4,096 x 4,096 matrix.
/// A request over <see cref="MaxRequestBytes"/> is <c>TooLarge</c> (HTTP 413); a tensor or input set over the other
/// limits is <c>InvalidInput</c> (HTTP 400) with a message that says the limit.
/// </remarks>
public sealed class ServingLimits
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = nameof(ServingLimits);

    /// <summary>The most inputs one request may send (default 1,024, for wide tabular models with one input per column).</summary>
    public int MaxInputs { get; set; } = 1_024;

    /// <summary>The most elements one tensor may hold (default 16,777,216).</summary>
    public long MaxTensorElements { get; set; } = 16L * 1024 * 1024;

    /// <summary>The most bytes all input tensors of one request may take together once decoded, BYTES elements counted by their length (default 64 MiB).</summary>
    public long MaxInputBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The largest request body a front end reads, in bytes: the JSON for REST, the message for gRPC (default 64 MiB).</summary>
    public long MaxRequestBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Throws when a limit is out of range, which is a configuration mistake to catch at start.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxInputs, nameof(MaxInputs));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxTensorElements, nameof(MaxTensorElements));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxInputBytes, nameof(MaxInputBytes));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxRequestBytes, nameof(MaxRequestBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxTensorElements, Array.MaxLength, nameof(MaxTensorElements));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxInputBytes, Array.MaxLength, nameof(MaxInputBytes));
    }
}
