namespace Capstan.Core.Feedback;

/// <summary>What a feedback post stored.</summary>
/// <param name="Model">The model the labels are for.</param>
/// <param name="Received">How many labels the post stored.</param>
/// <param name="Replaced">How many of them replaced a label posted earlier for the same request id.</param>
/// <param name="ReceivedAt">When they were stored, in UTC.</param>
public sealed record FeedbackReceipt(string Model, int Received, int Replaced, DateTimeOffset ReceivedAt);
