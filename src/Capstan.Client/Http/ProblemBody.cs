namespace Capstan.Client.Http;

/// <summary>The fields of an RFC 9457 problem details body that the client reads, and the Open Inference Protocol's <c>error</c>.</summary>
/// <param name="Title">The short, human-readable summary of the problem type.</param>
/// <param name="Detail">The explanation of this occurrence.</param>
/// <param name="Code">The Capstan error code, the name of an <see cref="Core.Errors.ErrorCode"/>.</param>
/// <param name="Error">The message of an Open Inference Protocol error, <c>{"error": "..."}</c>.</param>
internal sealed record ProblemBody(string? Title, string? Detail, string? Code, string? Error = null);
