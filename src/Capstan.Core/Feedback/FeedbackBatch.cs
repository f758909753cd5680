namespace Capstan.Core.Feedback;

/// <summary>The body of a bulk feedback post: <c>{"labels": [{"request_id": ..., "label": ...}, ...]}</c>.</summary>
/// <param name="Labels">The labels, at most <see cref="FeedbackLimits.MaxLabelsPerPost"/>, each request id once.</param>
public sealed record FeedbackBatch(IReadOnlyList<GroundTruth> Labels);
