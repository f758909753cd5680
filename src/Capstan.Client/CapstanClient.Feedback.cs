using System.Text.Json;
using Capstan.Client.Http;
using Capstan.Core.Errors;
using Capstan.Core.Feedback;
using Capstan.Core.Naming;
using Capstan.Core.Performance;
using Capstan.Core.Serialization;

namespace Capstan.Client;

/// <summary>The ground-truth feedback and realized performance operations of the client.</summary>
public sealed partial class CapstanClient
{
    /// <summary>Posts the true label of one answered request; a label posted again for the same request id replaces the earlier one.</summary>
    /// <param name="model">The model that answered.</param>
    /// <param name="requestId">The request's id.</param>
    /// <param name="label">The true label.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Result<FeedbackReceipt>> PostFeedbackAsync(string model, string requestId, LabelValue label, CancellationToken cancellationToken = default) =>
        PostFeedbackAsync(model, [new GroundTruth(requestId, label)], cancellationToken);

    /// <summary>Posts the true labels of many answered requests in one post, stored all together or not at all.</summary>
    /// <remarks>The labels are checked against <see cref="FeedbackLimits"/> before anything is sent: at most <see cref="FeedbackLimits.MaxLabelsPerPost"/>, each request id once.</remarks>
    /// <param name="model">The model that answered.</param>
    /// <param name="labels">The labels.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Result<FeedbackReceipt>> PostFeedbackAsync(string model, IReadOnlyList<GroundTruth> labels, CancellationToken cancellationToken = default)
    {
        if (FeedbackLimits.Check(labels) is { } invalid)
            return Task.FromResult<Result<FeedbackReceipt>>(invalid);
        return ModelName.Parse(model).ThenAsync(n =>
            SendAsync<FeedbackReceipt>(HttpMethod.Post, $"{ModelPath(n)}/feedback", Json(new FeedbackBatch(labels)), cancellationToken));
    }

    /// <summary>Gets a model's realized performance: its logged predictions over the window ending now, joined with their labels, per version and time bucket.</summary>
    /// <param name="model">The serving name.</param>
    /// <param name="window">How far back, in whole seconds; the server's default (24 hours) when null.</param>
    /// <param name="bucket">The bucket length, in whole seconds; the server's default (1 hour) when null.</param>
    /// <param name="task">The task, instead of the one the model's outputs suggest.</param>
    /// <param name="labelOutput">The output holding the predicted class or value, instead of the default.</param>
    /// <param name="scoreOutput">The output holding the score or probabilities, instead of the default.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Result<PerformanceReport>> GetPerformanceAsync(
        string model, TimeSpan? window = null, TimeSpan? bucket = null, PerformanceTask? task = null, string? labelOutput = null, string? scoreOutput = null,
        CancellationToken cancellationToken = default) =>
        ModelName.Parse(model).ThenAsync(n => SendAsync<PerformanceReport>(HttpMethod.Get,
            $"{ModelPath(n)}/performance" + Query(
                ("window", window is { } w ? DurationText.Format(w) : null), ("bucket", bucket is { } b ? DurationText.Format(b) : null), ("task", task is { } t ? JsonSerializer.Serialize(t, CapstanJson.Options).Trim('"') : null),
                ("label_output", labelOutput), ("score_output", scoreOutput)),
            null, cancellationToken));
}
