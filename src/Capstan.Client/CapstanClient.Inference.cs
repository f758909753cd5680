using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Capstan.Client.Http;
using Capstan.Client.Inference;
using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Registry;
using Capstan.Core.Tensors;

namespace Capstan.Client;

/// <summary>The inference operations of the client: the Open Inference Protocol's infer call and the tabular predict call, over REST.</summary>
public sealed partial class CapstanClient
{
    /// <summary>Runs the model deployed as <paramref name="model"/> on the inputs of <paramref name="request"/> and answers with its outputs and the version that served them.</summary>
    /// <remarks>
    /// Tensors go both ways as binary data after the JSON (the binary tensor data extension), so no number is formatted or
    /// parsed as text. The request's id, when it has one, comes back in the answer and is what
    /// <see cref="PostFeedbackAsync(string, string, Core.Feedback.LabelValue, CancellationToken)"/> takes later. A request
    /// the server refuses keeps the server's message: an unknown or undeployed model is <see cref="ErrorCode.NotFound"/>,
    /// inputs that do not match the model's signature are <see cref="ErrorCode.InvalidInput"/>.
    /// </remarks>
    /// <param name="model">The serving name.</param>
    /// <param name="request">The inputs, and optionally an id, the outputs wanted (all of them when null) and parameters.</param>
    /// <param name="version">A deployed version to run, or null for the one the deployment routes the request to.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Result<InferenceResponse>> InferAsync(string model, InferenceRequest request, int? version = null, CancellationToken cancellationToken = default)
    {
        if (version is <= 0)
            return Task.FromResult<Result<InferenceResponse>>(Error.InvalidInput($"The version {version} is not a version number: versions count from 1."));
        return ModelName.Parse(model).ThenAsync(async name =>
        {
            var path = $"v2/models/{Uri.EscapeDataString(name.Value)}"
                + (version is { } number ? $"/versions/{number.ToString(CultureInfo.InvariantCulture)}" : "") + "/infer";
            var (body, jsonLength) = BinaryInferenceBodies.Write(request);
            var content = new ReadOnlyMemoryContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Headers.Add(BinaryTensorData.HeaderName, jsonLength.ToString(CultureInfo.InvariantCulture));
            using var message = CreateRequest(HttpMethod.Post, path, content);
            return await ExchangeAsync(message, ReadInferenceAsync, cancellationToken);
        });
    }

    /// <summary>Runs the model deployed as <paramref name="model"/> on rows of named column values and answers with each row's outputs and the version that computed them.</summary>
    /// <remarks>
    /// This is the tabular predict call (<c>POST /v1/models/NAME:predict</c>): each instance maps its columns onto the
    /// model's inputs by name, a value for a scalar input and an array for a vector input, with every instance giving the
    /// same columns. Values are written as JSON (numbers, booleans, strings, arrays, or <see cref="JsonElement"/>s); a
    /// value that JSON cannot carry, such as a NaN, is refused before sending. The server checks the columns against the
    /// model's signature and refuses a mismatch as <see cref="ErrorCode.InvalidInput"/> with the column and the problem.
    /// </remarks>
    /// <param name="model">The serving name.</param>
    /// <param name="instances">The rows, one dictionary of column values each.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Result<TabularPredictions>> PredictAsync(
        string model, IReadOnlyList<IReadOnlyDictionary<string, object?>> instances, CancellationToken cancellationToken = default)
    {
        if (instances.Count == 0)
            return Task.FromResult<Result<TabularPredictions>>(Error.InvalidInput("There are no instances to predict; give at least one row."));
        return ModelName.Parse(model).ThenAsync(name => TabularBodies.Write(instances).ThenAsync(async body =>
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var message = CreateRequest(HttpMethod.Post, $"v1/models/{Uri.EscapeDataString(name.Value)}:predict", content);
            return (await ExchangeAsync(message, ReadPredictionsAsync, cancellationToken)).Then(predictions => predictions.Rows.Count == instances.Count
                ? Result<TabularPredictions>.Success(predictions)
                : ApiErrors.UnexpectedBody(nameof(TabularPredictions), $"it has {predictions.Rows.Count:N0} predictions for {instances.Count:N0} instances"));
        }));
    }

    private static async Task<Result<TabularPredictions>> ReadPredictionsAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var version = response.Headers.TryGetValues(VersionHeader.Name, out var values) ? values.FirstOrDefault() : null;
        return TabularBodies.Read(await response.Content.ReadAsByteArrayAsync(cancellationToken), version);
    }

    private static async Task<Result<InferenceResponse>> ReadInferenceAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var jsonLength = response.Headers.TryGetValues(BinaryTensorData.HeaderName, out var values) ? values.FirstOrDefault() : null;
        return BinaryInferenceBodies.Read(await response.Content.ReadAsByteArrayAsync(cancellationToken), jsonLength);
    }
}
