using System.Text.Json;

namespace Capstan.Core.Serialization;

/// <summary>Names the kind of a JSON value for error messages: "an object", "a string", "null".</summary>
public static class JsonKinds
{
    /// <summary>The kind of <paramref name="kind"/> with its article, such as <c>an array</c>.</summary>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "missing",
    };
}
