using System.Globalization;
using System.Text.Json;
using Capstan.Core.Feedback;
using Capstan.Core.Performance;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;

namespace Capstan.Monitoring.Performance;

/// <summary>Reads a logged prediction's outputs and its label as a <see cref="Sample"/> of its version's task.</summary>
/// <remarks>
/// Only a request that answered one row can be paired with the one label its request id has; a redacted or absent
/// output is absent from the sample. A binary prediction without its label output takes the class its probability
/// gives (at least 0.5 is positive); a multiclass one takes the class of its highest score. Thread-safe.
/// </remarks>
internal static class SampleReader
{
    /// <summary>The sample of one logged prediction, or null when the label does not fit the task or the outputs give nothing to score.</summary>
    public static Sample? Read(LabelValue truth, JsonElement outputs, OutputRoles roles) => roles.Task switch
    {
        PerformanceTask.Binary => Binary(truth, outputs, roles),
        PerformanceTask.Multiclass => Multiclass(truth, outputs, roles),
        _ => Regression(truth, outputs, roles),
    };

    /// <summary>The outputs a logged request carried, as specs with a variable batch dimension, for a version the registry no longer has.</summary>
    public static IReadOnlyList<TensorSpec> Specs(JsonElement outputs)
    {
        var specs = new List<TensorSpec>();
        foreach (var tensor in outputs.EnumerateArray())
        {
            if (!TensorDataTypes.TryParse(tensor.GetProperty("datatype").GetString(), out var type))
                continue;
            var shape = tensor.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToList();
            if (shape.Count > 0)
                shape[0] = -1;
            specs.Add(new TensorSpec(tensor.GetProperty("name").GetString()!, type, shape));
        }
        return specs;
    }

    private static Sample? Binary(LabelValue truth, JsonElement outputs, OutputRoles roles)
    {
        var t = truth.Kind is LabelKind.Boolean || (truth.Kind is LabelKind.Number && truth.Number is 0 or 1) ? (int)truth.Number : -1;
        if (t < 0)
            return null;
        var score = double.NaN;
        if (Row(outputs, roles.Score) is { } scores && scores.Length == (roles.Columns == 2 ? 2 : 1))
            score = Number(scores[^1]) ?? double.NaN;
        var predicted = Row(outputs, roles.Label) is [var label] ? label.ValueKind switch
        {
            JsonValueKind.True => 1,
            JsonValueKind.False => 0,
            JsonValueKind.Number when Number(label) is 0 or 1 => (int)label.GetDouble(),
            _ => -1,
        } : -1;
        if (predicted < 0 && roles.ScoreIsProbability && !double.IsNaN(score))
            predicted = score >= 0.5 ? 1 : 0;
        return predicted < 0 && double.IsNaN(score) ? null : new Sample(t, null, predicted, null, score, null, 0);
    }

    private static Sample? Multiclass(LabelValue truth, JsonElement outputs, OutputRoles roles)
    {
        var (index, name) = truth.Kind switch
        {
            LabelKind.Number when ClassIndex(truth.Number) is { } i => (i, i.ToString(CultureInfo.InvariantCulture)),
            LabelKind.Text => (-1, truth.Text),
            _ => (-1, null),
        };
        if (name is null)
            return null;
        var probabilities = Row(outputs, roles.Score) is { Length: >= 2 } scores && (roles.Columns < 2 || scores.Length == roles.Columns)
            ? Numbers(scores)
            : null;
        var (predicted, predictedIsIndex) = Row(outputs, roles.Label) is [var label] ? label.ValueKind switch
        {
            JsonValueKind.Number when Number(label) is { } n && ClassIndex(n) is { } i => (i.ToString(CultureInfo.InvariantCulture), true),
            JsonValueKind.String => (label.GetString(), false),
            _ => (null, false),
        } : (null, false);
        if (predicted is null && probabilities is not null)
            (predicted, predictedIsIndex) = (ArgMax(probabilities).ToString(CultureInfo.InvariantCulture), true);
        if (predictedIsIndex != index >= 0)
            predicted = null;
        if (probabilities is not null && (index < 0 || index >= probabilities.Length))
            probabilities = null;
        return predicted is null && probabilities is null ? null : new Sample(index, name, -1, predicted, double.NaN, probabilities, 0);
    }

    private static Sample? Regression(LabelValue truth, JsonElement outputs, OutputRoles roles)
    {
        if (truth.Kind != LabelKind.Number || Row(outputs, roles.Score) is not [var value] || Number(value) is not { } predicted)
            return null;
        return new Sample(-1, null, -1, null, predicted, null, truth.Number);
    }

    /// <summary>The data of output <paramref name="name"/> when the request answered exactly one row and the data is not redacted.</summary>
    private static JsonElement[]? Row(JsonElement outputs, string? name)
    {
        if (name is null)
            return null;
        foreach (var tensor in outputs.EnumerateArray())
        {
            if (!tensor.GetProperty("name").ValueEquals(name))
                continue;
            var data = tensor.GetProperty("data");
            var shape = tensor.GetProperty("shape");
            if (data.ValueKind != JsonValueKind.Array || (shape.GetArrayLength() > 0 && shape[0].GetInt64() != 1))
                return null;
            return [.. data.EnumerateArray()];
        }
        return null;
    }

    private static double? Number(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) ? number : null;

    private static double[]? Numbers(JsonElement[] values)
    {
        var numbers = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (Number(values[i]) is not { } number)
                return null;
            numbers[i] = number;
        }
        return numbers;
    }

    private static int? ClassIndex(double value) => value is >= 0 and <= int.MaxValue && value == Math.Floor(value) ? (int)value : null;

    private static int ArgMax(double[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
                best = i;
        }
        return best;
    }
}
