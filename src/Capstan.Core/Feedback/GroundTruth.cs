using System.Text.Json;
using System.Text.Json.Serialization;
using Capstan.Core.Errors;
using Capstan.Core.Naming;
using Capstan.Core.Serialization;

namespace Capstan.Core.Feedback;

/// <summary>The true label of one answered inference request, named by the request's id.</summary>
/// <param name="RequestId">The id the request carried (or the one the inference log gave it), as <c>request_id</c> in JSON.</param>
/// <param name="Label">The true label.</param>
public sealed record GroundTruth([property: JsonPropertyName("request_id")] string RequestId, LabelValue Label)
{
    /// <summary>Reads a label object, <c>{"request_id": "...", "label": ...}</c>, refusing a missing, repeated or unknown field and a bad id or label.</summary>
    public static Result<GroundTruth> FromJson(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
            return Error.InvalidInput($"A label must be an object with 'request_id' and 'label', not {JsonKinds.Describe(item.ValueKind)}.");
        JsonElement? id = null, label = null;
        foreach (var property in item.EnumerateObject())
        {
            switch (property.Name)
            {
                case "request_id" when id is null:
                    id = property.Value;
                    break;
                case "label" when label is null:
                    label = property.Value;
                    break;
                case "request_id" or "label":
                    return Error.InvalidInput($"'{property.Name}' is given twice.");
                default:
                    return Error.InvalidInput($"The field '{NameRules.Printable(property.Name)}' is not known; a label has only 'request_id' and 'label'.");
            }
        }
        if (id is not { } requestId)
            return Error.InvalidInput("'request_id' is missing.");
        if (label is not { } value)
            return Error.InvalidInput("'label' is missing.");
        if (requestId.ValueKind != JsonValueKind.String)
            return Error.InvalidInput($"'request_id' must be a string, not {JsonKinds.Describe(requestId.ValueKind)}.");
        if (!FeedbackLimits.CheckRequestId(requestId.GetString()).TryGetValue(out var checkedId, out var error)
            || !LabelValue.FromJson(value).TryGetValue(out var truth, out error))
            return error;
        return new GroundTruth(checkedId, truth);
    }
}
