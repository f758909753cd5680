using System.Text.Json;
using Capstan.Core.Errors;
using Capstan.Core.Feedback;
using Capstan.Core.Serialization;

namespace Capstan.Server.Feedback;

/// <summary>Reads a feedback post: one label as <c>{"request_id": ..., "label": ...}</c>, or many as <c>{"labels": [...]}</c>, refusing anything else with the place that is wrong.</summary>
/// <remarks>Every label object must have exactly its two fields (<see cref="GroundTruth.FromJson"/>); a post breaks no rule of <see cref="FeedbackLimits"/>. Thread-safe.</remarks>
public static class FeedbackBody
{
    /// <summary>The deepest nesting a post may have (the labels array of objects needs three levels).</summary>
    public const int MaxDepth = 4;

    /// <summary>The labels of a post, or the first thing wrong with it.</summary>
    public static Result<IReadOnlyList<GroundTruth>> Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
            return Error.InvalidInput($"The request body must be a JSON object with 'request_id' and 'label', or with 'labels', an array of such objects, not {JsonKinds.Describe(body.ValueKind)}.");
        if (!body.TryGetProperty("labels", out var labels))
            return GroundTruth.FromJson(body).Map(label => (IReadOnlyList<GroundTruth>)[label]);
        if (body.EnumerateObject().Count() != 1)
            return Error.InvalidInput("A post with 'labels' has no other fields; put each request id and label inside 'labels'.");
        if (labels.ValueKind != JsonValueKind.Array)
            return Error.InvalidInput($"'labels' must be an array, not {JsonKinds.Describe(labels.ValueKind)}.");
        var count = labels.GetArrayLength();
        if (count > FeedbackLimits.MaxLabelsPerPost)
            return FeedbackLimits.TooMany(count);
        var read = new List<GroundTruth>(count);
        foreach (var item in labels.EnumerateArray())
        {
            if (!GroundTruth.FromJson(item).TryGetValue(out var label, out var error))
                return Error.InvalidInput($"labels[{read.Count}]: {error.Message}");
            read.Add(label);
        }
        return FeedbackLimits.Check(read) is { } invalid ? invalid : read;
    }
}
