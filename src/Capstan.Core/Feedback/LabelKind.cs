using System.Text.Json.Serialization;

namespace Capstan.Core.Feedback;

/// <summary>What a ground-truth label is: a number, a boolean or a class name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LabelKind>))]
public enum LabelKind
{
    /// <summary>A number: a regression target, or a class index (0 and 1 for a binary model).</summary>
    [JsonStringEnumMemberName("number")] Number,

    /// <summary>A boolean: the class of a binary model, true for the positive class.</summary>
    [JsonStringEnumMemberName("boolean")] Boolean,

    /// <summary>A class name, such as <c>malignant</c>.</summary>
    [JsonStringEnumMemberName("text")] Text,
}
