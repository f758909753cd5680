using System.Text.Json;
using Capstan.Client.Http;
using Capstan.Core.Errors;
using Capstan.Core.Naming;

namespace Capstan.Client.Inference;

/// <summary>Writes the tabular predict call's request, <c>{"instances": [...]}</c>, and reads its answer, <c>{"predictions": [...]}</c>.</summary>
internal static class TabularBodies
{
    /// <summary>The request body for <paramref name="instances"/>, or why a value cannot be written as JSON (such as a NaN).</summary>
    public static Result<byte[]> Write(IReadOnlyList<IReadOnlyDictionary<string, object?>> instances)
    {
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["instances"] = instances });
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or JsonException)
        {
            return Error.InvalidInput($"The instances cannot be written as JSON: {e.Message}");
        }
    }

    /// <summary>The predictions in <paramref name="body"/>, computed by the version <paramref name="versionHeader"/> names (<c>name:N</c>).</summary>
    public static Result<TabularPredictions> Read(byte[] body, string? versionHeader)
    {
        if (!ModelReference.Parse(versionHeader).TryGetValue(out var reference, out _) || reference.Version is not { } version)
            return ApiErrors.UnexpectedBody(nameof(TabularPredictions), $"the version header '{versionHeader}' does not name a version as name:N");
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return ApiErrors.UnexpectedBody(nameof(TabularPredictions), e.Message);
        }
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("predictions", out var predictions) || predictions.ValueKind != JsonValueKind.Array)
            return ApiErrors.UnexpectedBody(nameof(TabularPredictions), "it has no 'predictions' array");
        var rows = new List<IReadOnlyDictionary<string, JsonElement>>(predictions.GetArrayLength());
        foreach (var row in predictions.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Object)
                return ApiErrors.UnexpectedBody(nameof(TabularPredictions), $"prediction {rows.Count} is {row.ValueKind}, not an object");
            rows.Add(row.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal));
        }
        return new TabularPredictions(reference.Name.Value, version, rows);
    }
}
