using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Capstan.Core.Errors;
using Capstan.Core.Serialization;

namespace Capstan.Core.Feedback;

/// <summary>A ground-truth label as a client posts it: a finite number, a boolean or a class name, written in JSON as that bare value.</summary>
/// <remarks>Two labels are equal when they have the same kind and value; a number is never equal to a boolean or to a string of its digits.</remarks>
[JsonConverter(typeof(LabelValueJsonConverter))]
public readonly record struct LabelValue
{
    private LabelValue(LabelKind kind, double number, string? text)
    {
        Kind = kind;
        Number = number;
        Text = text;
    }

    /// <summary>What the label is.</summary>
    public LabelKind Kind { get; }

    /// <summary>The number, or 1 and 0 for true and false; 0 for a class name.</summary>
    public double Number { get; }

    /// <summary>The class name, or null for a number or a boolean.</summary>
    public string? Text { get; }

    /// <summary>A numeric label; fails when it is not finite.</summary>
    public static Result<LabelValue> Of(double number) =>
        double.IsFinite(number) ? new LabelValue(LabelKind.Number, number, null) : Error.InvalidInput($"The label {number} is not a finite number.");

    /// <summary>A boolean label.</summary>
    public static LabelValue Of(bool value) => new(LabelKind.Boolean, value ? 1 : 0, null);

    /// <summary>A class-name label; fails when it is empty, longer than <see cref="FeedbackLimits.MaxClassNameLength"/> or holds control characters.</summary>
    public static Result<LabelValue> Of(string className) =>
        FeedbackLimits.CheckText(className, "class name", FeedbackLimits.MaxClassNameLength).Map(text => new LabelValue(LabelKind.Text, 0, text));

    /// <summary>Reads a label from its JSON form (a number, <c>true</c>, <c>false</c> or a string); fails for any other JSON.</summary>
    public static Result<LabelValue> FromJson(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Number => json.TryGetDouble(out var number) && double.IsFinite(number)
            ? Of(number)
            : Error.InvalidInput($"The label {Shorten(json.GetRawText())} is not a finite number."),
        JsonValueKind.True => Of(true),
        JsonValueKind.False => Of(false),
        JsonValueKind.String => Of(json.GetString()!),
        var other => Error.InvalidInput(
            $"The label is {JsonKinds.Describe(other)}; it must be a number (a regression target or a class index), a boolean or a class name."),
    };

    /// <summary>Reads a label typed as text, as in a CSV file or on a command line: <c>true</c> and <c>false</c> are booleans, a number is a number, anything else a class name.</summary>
    public static Result<LabelValue> FromText(string text)
    {
        if (text is "true" or "false")
            return Of(text == "true");
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? Of(number)
            : Of(text);
    }

    /// <summary>The label in its JSON form, as stored: <c>1.5</c>, <c>true</c> or <c>"malignant"</c>.</summary>
    public string ToJson() => Kind switch
    {
        LabelKind.Number => Number.ToString("R", CultureInfo.InvariantCulture),
        LabelKind.Boolean => Number == 1 ? "true" : "false",
        _ => JsonSerializer.Serialize(Text),
    };

    /// <inheritdoc />
    public override string ToString() => Kind == LabelKind.Text ? Text! : ToJson();

    private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 37), "...");

    /// <summary>Writes a label as its bare JSON value and reads one back with the same rules as <see cref="FromJson"/>.</summary>
    private sealed class LabelValueJsonConverter : JsonConverter<LabelValue>
    {
        public override LabelValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            return FromJson(document.RootElement).TryGetValue(out var label, out var error) ? label : throw new JsonException(error.Message);
        }

        public override void Write(Utf8JsonWriter writer, LabelValue value, JsonSerializerOptions options) => writer.WriteRawValue(value.ToJson());
    }
}
