namespace Capstan.Cli.Feedback;

/// <summary>What <c>capstan feedback</c> stored, as <c>--json</c> prints it.</summary>
/// <param name="Model">The model the labels are for.</param>
/// <param name="Received">How many labels were stored.</param>
/// <param name="Replaced">How many of them replaced a label posted earlier for the same request id.</param>
/// <param name="Posts">How many posts they took.</param>
internal sealed record FeedbackSummary(string Model, int Received, int Replaced, int Posts);
