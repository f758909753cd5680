using System.Buffers;
using System.Globalization;
using Capstan.Server.Inference.Rest;
using Capstan.Core.Registry;
using Capstan.Core.Tensors;
using Microsoft.AspNetCore.Http;

namespace Capstan.Server.Inference;

/// <summary>An inference response of the binary tensor data extension: the JSON, then the binary data of the outputs chosen to go that way.</summary>
/// <remarks>
/// The JSON is written to memory first, since the <c>Inference-Header-Content-Length</c> header that gives its length
/// goes before the body. The body is <c>application/octet-stream</c>, as it is not JSON as a whole.
/// </remarks>
/// <param name="response">The response.</param>
/// <param name="binary">The outputs to send as binary data.</param>
/// <param name="version">The <c>name:N</c> that answered, for the <see cref="VersionHeader"/> header.</param>
internal sealed class OipBinaryResult(InferenceResponse response, BinaryOutputs binary, string version) : IResult
{
    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var json = new ArrayBufferWriter<byte>();
        ResponseEncoder.WriteInferenceResponse(json, response, binary);
        var http = httpContext.Response;
        http.StatusCode = StatusCodes.Status200OK;
        http.ContentType = "application/octet-stream";
        http.ContentLength = json.WrittenCount + ResponseEncoder.BinaryLength(response, binary);
        http.Headers[BinaryTensorData.HeaderName] = json.WrittenCount.ToString(CultureInfo.InvariantCulture);
        http.Headers[VersionHeader.Name] = version;
        http.BodyWriter.Write(json.WrittenSpan);
        ResponseEncoder.WriteBinaryData(http.BodyWriter, response, binary);
        await http.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }
}
