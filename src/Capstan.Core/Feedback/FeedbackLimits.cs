using Capstan.Core.Errors;
using Capstan.Core.Naming;

namespace Capstan.Core.Feedback;

/// <summary>The bounds on ground-truth labels and the checks every front end and store applies to a post.</summary>
public static class FeedbackLimits
{
    /// <summary>The most labels one post may carry.</summary>
    public const int MaxLabelsPerPost = 10_000;

    /// <summary>The longest request id, in characters.</summary>
    public const int MaxRequestIdLength = 256;

    /// <summary>The longest class name, in characters.</summary>
    public const int MaxClassNameLength = 256;

    /// <summary>Checks a whole post: at least one label, at most <see cref="MaxLabelsPerPost"/>, valid request ids, each once.</summary>
    /// <returns>Null when the post is acceptable, or the first thing wrong with it.</returns>
    public static Error? Check(IReadOnlyList<GroundTruth> labels)
    {
        if (labels.Count == 0)
            return Error.InvalidInput("The post has no labels.");
        if (labels.Count > MaxLabelsPerPost)
            return TooMany(labels.Count);
        var seen = new Dictionary<string, int>(labels.Count, StringComparer.Ordinal);
        for (var i = 0; i < labels.Count; i++)
        {
            if (!CheckRequestId(labels[i].RequestId).TryGetValue(out _, out var error))
                return Error.InvalidInput($"labels[{i}]: {error.Message}");
            if (!seen.TryAdd(labels[i].RequestId, i))
                return Duplicate(labels[i].RequestId, seen[labels[i].RequestId], i);
        }
        return null;
    }

    /// <summary>Checks a request id: 1 to <see cref="MaxRequestIdLength"/> characters, none of them control characters.</summary>
    public static Result<string> CheckRequestId(string? requestId) => CheckText(requestId, "request id", MaxRequestIdLength);

    /// <summary>The error for a post with more than <see cref="MaxLabelsPerPost"/> labels.</summary>
    public static Error TooMany(int count) =>
        Error.InvalidInput($"The post has {count:N0} labels; at most {MaxLabelsPerPost:N0} are allowed in one post, so send them in parts.");

    /// <summary>The error for a request id given twice in one post.</summary>
    public static Error Duplicate(string requestId, int first, int second) =>
        Error.InvalidInput($"labels[{second}]: the request id '{NameRules.Printable(requestId)}' is also labels[{first}]; give each request id once in a post.");

    /// <summary>Checks a piece of text a label carries: present, not too long, without control characters.</summary>
    internal static Result<string> CheckText(string? text, string what, int maxLength)
    {
        if (string.IsNullOrEmpty(text))
            return Error.InvalidInput($"The {what} is empty.");
        if (text.Length > maxLength)
            return Error.InvalidInput($"The {what} is {text.Length:N0} characters long; at most {maxLength} are allowed.");
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (char.IsControl(c) || char.IsSurrogate(c))
                return Error.InvalidInput($"The {what} '{NameRules.Printable(text)}' contains {(char.IsControl(c) ? "the control character" : "the unpaired surrogate")} \\u{(int)c:X4}.");
        }
        return text;
    }
}
