namespace Capstan.Server.Inference.Grpc;

/// <summary>Limits of the Open Inference Protocol's gRPC service.</summary>
/// <remarks>Bound from the configuration section <c>GrpcInferenceOptions</c> and checked when the server starts.</remarks>
public sealed class GrpcInferenceOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = nameof(GrpcInferenceOptions);

    /// <summary>The default <see cref="MaxReceiveMessageBytes"/>: 64 MiB.</summary>
    public const int DefaultMaxReceiveMessageBytes = 64 * 1024 * 1024;

    /// <summary>The largest request message accepted, in bytes (default 64 MiB); a larger one is refused with ResourceExhausted before it is read.</summary>
    /// <remarks>
    /// gRPC's own default of 4 MiB holds a batch of about 35,000 FP32 features (a 32-row request of 30 features is 4 KB), but
    /// not a small batch of images: 64 MiB holds 32 images of 3×224×224 FP32 (19 MiB) with room to spare, while bounding
    /// what one request can make the server buffer. Responses are not limited.
    /// </remarks>
    public int MaxReceiveMessageBytes { get; set; } = DefaultMaxReceiveMessageBytes;
}
