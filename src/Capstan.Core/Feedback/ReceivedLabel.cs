namespace Capstan.Core.Feedback;

/// <summary>A stored ground-truth label: the latest one posted for its request id.</summary>
/// <param name="Model">The model the label is for.</param>
/// <param name="RequestId">The request it labels.</param>
/// <param name="Label">The true label.</param>
/// <param name="ReceivedAt">When it was posted, in UTC.</param>
/// <param name="ReceivedBy">Who posted it.</param>
public sealed record ReceivedLabel(string Model, string RequestId, LabelValue Label, DateTimeOffset ReceivedAt, string ReceivedBy);
