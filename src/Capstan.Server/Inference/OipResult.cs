using System.Buffers;
using System.Globalization;
using Capstan.Core.Errors;
using Capstan.Core.Registry;
using Capstan.Core.Tensors;
using Capstan.Server.Inference.Rest;
using Capstan.Serving.DataPlane;
using Microsoft.AspNetCore.Http;

namespace Capstan.Server.Inference;

/// <summary>A REST answer of the Open Inference Protocol, written straight to the response body by the protocol's encoders.</summary>
/// <param name="status">The HTTP status.</param>
/// <param name="write">Writes the JSON body.</param>
/// <param name="version">The <c>name:N</c> that answered, sent in the <c>X-Capstan-Version</c> header, or null.</param>
public sealed class OipResult(int status, Action<IBufferWriter<byte>> write, string? version = null) : IResult
{
    /// <summary>An inference response in JSON, naming the version that served it in the body and a header.</summary>
    public static OipResult Inference(InferenceResponse response) =>
        new(StatusCodes.Status200OK, output => ResponseEncoder.WriteInferenceResponse(output, response, BinaryOutputs.None), VersionOf(response));

    /// <summary>An inference response with the outputs that <paramref name="binary"/> chooses as binary data after the JSON, or in JSON alone when it chooses none of them.</summary>
    public static IResult Inference(InferenceResponse response, BinaryOutputs binary) =>
        binary.AnyOf(response.Outputs) ? new OipBinaryResult(response, binary, VersionOf(response)) : Inference(response);

    /// <summary>The <c>name:N</c> of the version that answered.</summary>
    private static string VersionOf(InferenceResponse response) => $"{response.ModelName}:{response.ModelVersion}";

    /// <summary>A V1 predictions response, or the protocol's error when an output has no row per instance.</summary>
    public static OipResult Predictions(InferenceResponse response) =>
        TabularCodec.RowCount(response.Outputs).TryGetValue(out _, out var error)
            ? new(StatusCodes.Status200OK, output => TabularCodec.WritePredictions(output, response.Outputs), VersionOf(response))
            : Error(error);

    /// <summary>Model metadata.</summary>
    public static OipResult Metadata(ModelMetadata metadata) =>
        new(StatusCodes.Status200OK, output => ResponseEncoder.WriteModelMetadata(output, metadata));

    /// <summary>The protocol's error object with the status of its code.</summary>
    public static OipResult Error(Error error) => new(OipStatus.For(error.Code), output => ResponseEncoder.WriteError(output, error));

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        if (version is not null)
            response.Headers[VersionHeader.Name] = version;
        if (status == StatusCodes.Status503ServiceUnavailable)
            response.Headers.RetryAfter = OipStatus.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        write(response.BodyWriter);
        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }
}
