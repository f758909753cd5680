using System.IO.Pipelines;
using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Server.Inference.Rest;
using Capstan.Server.Security;
using Capstan.Serving.DataPlane;
using Capstan.Serving.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Capstan.Server.Inference;

/// <summary>The Open Inference Protocol V2 over REST (<c>/v2</c>), and the V1 tabular predict route, as thin adapters over <see cref="IDataPlane"/>.</summary>
/// <remarks>Errors are the protocol's <c>{"error": "..."}</c> with the status of <see cref="OipStatus"/>; every answer to an inference names the version that served it.</remarks>
public static class InferenceApi
{
    /// <summary>The name server metadata gives the binary tensor data extension, as Triton's does.</summary>
    public const string BinaryTensorDataExtension = "binary_tensor_data";

    /// <summary>Maps the server metadata, readiness, model metadata, model readiness and inference routes.</summary>
    /// <remarks>
    /// The inference routes are left out of ASP.NET Core's <c>http.server.request.duration</c>: the serving instruments
    /// (<c>capstan.inference.*</c>) measure them per model, version and variant, and recording a second histogram with six
    /// tags cost about 2 % of single-row throughput (bench/FINDINGS.md).
    /// </remarks>
    public static IEndpointRouteBuilder MapInferenceApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v2", ServerMetadata).WithTags("Inference").RequireAuthorization(CapstanPolicies.ModelMetadata);
        app.MapGet("/v2/health/ready", ServerReady).WithTags("Inference").AllowAnonymous();
        foreach (var model in new[] { "/v2/models/{name}", "/v2/models/{name}/versions/{version}" })
        {
            app.MapGet(model, ModelMetadata).WithTags("Inference").RequireAuthorization(CapstanPolicies.ModelMetadata);
            app.MapGet(model + "/ready", ModelReady).WithTags("Inference").RequireAuthorization(CapstanPolicies.ModelMetadata);
            app.MapPost(model + "/infer", InferAsync).WithTags("Inference").RequireAuthorization(CapstanPolicies.Infer).DisableHttpMetrics();
        }
        app.MapPost("/v1/models/{name}:predict", PredictAsync).WithTags("Inference").RequireAuthorization(CapstanPolicies.Infer).DisableHttpMetrics();
        return app;
    }

    private static OipResult ServerMetadata() =>
        new(StatusCodes.Status200OK, output => ResponseEncoder.WriteServerMetadata(output, ServerVersion.Name, ServerVersion.Current, [BinaryTensorDataExtension]));

    private static IResult ServerReady(IDataPlane plane) =>
        plane.IsReady ? Results.Ok() : Results.StatusCode(StatusCodes.Status503ServiceUnavailable);

    private static OipResult ModelMetadata(IDataPlane plane, string name, string? version) =>
        plane.GetMetadata(name, version).TryGetValue(out var metadata, out var error) ? OipResult.Metadata(metadata) : OipResult.Error(error);

    private static IResult ModelReady(IDataPlane plane, string name, string? version)
    {
        if (!plane.IsModelReady(name, version).TryGetValue(out var ready, out var error))
            return OipResult.Error(error);
        return ready ? Results.Ok() : Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> InferAsync(HttpContext context, IDataPlane plane, ServingLimits limits, string name, string? version)
    {
        if (AllowBody(context, limits) is { } tooLarge)
            return OipResult.Error(tooLarge);
        var jsonLength = context.Request.Headers.TryGetValue(BinaryTensorData.HeaderName, out var header) ? header.ToString() : null;
        var read = await ReadBodyAsync(context, limits, (limits, jsonLength), static (body, state, cancel) => RequestDecoder.ReadAsync(body, state.limits, state.jsonLength, cancel));
        if (!read.TryGetValue(out var decoded, out var error))
            return OipResult.Error(error);
        return await RunAsync(context, plane, name, version, decoded.Request, decoded.BinaryOutputs, static (response, binary) => OipResult.Inference(response, binary));
    }

    private static async Task<IResult> PredictAsync(HttpContext context, IDataPlane plane, ServingLimits limits, string name)
    {
        if (AllowBody(context, limits) is { } tooLarge)
            return OipResult.Error(tooLarge);
        if (!plane.GetMetadata(name, null).TryGetValue(out var metadata, out var error))
            return OipResult.Error(error);
        var perRow = TabularCodec.RowOutputs(metadata.Outputs);
        if (perRow.Count == 0)
            return OipResult.Error(RestErrors.NoRowOutputs(name));
        var signature = new ModelSignature(metadata.Inputs, metadata.Outputs, metadata.Inputs.Select(i => i.Name).ToList());
        var read = await ReadBodyAsync(context, limits, (signature, limits), static (body, state, cancel) => TabularCodec.ReadAsync(body, state.signature, state.limits, cancel));
        if (!read.TryGetValue(out var request, out error))
            return OipResult.Error(error);
        return await RunAsync(context, plane, name, null, request with { Outputs = perRow }, 0, static (response, _) => OipResult.Predictions(response));
    }

    private static async Task<IResult> RunAsync<TState>(
        HttpContext context, IDataPlane plane, string name, string? version, InferenceRequest request, TState state, Func<InferenceResponse, TState, IResult> answer) =>
        (await plane.InferAsync(name, version, request, StickyKey(context, plane, name), context.RequestAborted)).TryGetValue(out var response, out var error)
            ? answer(response, state)
            : OipResult.Error(error);

    /// <summary>Decodes the body with <paramref name="decode"/>, decompressed first when it has a <c>Content-Encoding</c>.</summary>
    /// <remarks>A body sent as is goes straight to the decoder, adding no await to the inference path.</remarks>
    private static ValueTask<Result<T>> ReadBodyAsync<TState, T>(
        HttpContext context, ServingLimits limits, TState state, Func<PipeReader, TState, CancellationToken, ValueTask<Result<T>>> decode) =>
        context.Request.Headers.ContentEncoding.Count == 0
            ? decode(context.Request.BodyReader, state, context.RequestAborted)
            : ReadEncodedAsync(context, limits, state, decode);

    /// <summary>Decodes the body with <paramref name="decode"/>, decompressed first as its <c>Content-Encoding</c> says (<see cref="RequestEncoding"/>).</summary>
    /// <remarks>
    /// The decoder refuses decompressed data past the limit; the compressed data is held to it too (<see cref="AllowBody"/>),
    /// which a body sent without a length can reach first, and which Kestrel reports by throwing.
    /// </remarks>
    private static async ValueTask<Result<T>> ReadEncodedAsync<TState, T>(
        HttpContext context, ServingLimits limits, TState state, Func<PipeReader, TState, CancellationToken, ValueTask<Result<T>>> decode)
    {
        if (!RequestEncoding.BodyOf(context.Request).TryGetValue(out var body, out var error))
            return error;
        try
        {
            return await decode(body, state, context.RequestAborted);
        }
        catch (InvalidDataException exception)
        {
            return RequestEncoding.Corrupt(context.Request, exception);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return RestErrors.BodyTooLarge(limits.MaxRequestBytes);
        }
        finally
        {
            if (body != context.Request.BodyReader)
                await body.CompleteAsync();
        }
    }

    /// <summary>The value of the header that carries the model's sticky key, or null when the deployment names none or the request lacks it.</summary>
    internal static string? StickyKey(HttpContext context, IDataPlane plane, string name) =>
        plane.StickyHeaderOf(name) is { } header && context.Request.Headers.TryGetValue(header, out var value) ? value.ToString() : null;

    /// <summary>Lets the body grow to the protocol's own limit, which the decoder enforces with a precise error; a body whose declared length is over it is refused at once.</summary>
    private static Error? AllowBody(HttpContext context, ServingLimits limits)
    {
        if (context.Request.ContentLength > limits.MaxRequestBytes)
            return RestErrors.BodyTooLarge(limits.MaxRequestBytes);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = limits.MaxRequestBytes + 1;
        return null;
    }
}
