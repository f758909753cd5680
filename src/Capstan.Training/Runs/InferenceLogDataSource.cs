using System.Globalization;
using System.Text.Json;
using Capstan.Core.Errors;
using Capstan.Core.Feedback;
using Capstan.Core.Naming;
using Capstan.Monitoring.InferenceLog;
using Capstan.Registry.Stores;
using Capstan.Training.Data;
using Capstan.Training.Pipelines;

namespace Capstan.Training.Runs;

/// <summary>Reads an <see cref="InferenceLogSource"/>: the model's logged requests over the window, joined by request id with the ground truth posted as feedback.</summary>
/// <remarks>
/// Each feature column is read from the logged input tensor of the same name (the rule the predict route and profiles
/// use for tabular inputs: one tensor per column, one value per row); the label is the posted label (its class name,
/// number or boolean); a <c>time</c> column, when the spec has one, is the request's logged time; a weight column is 1.
/// Only requests of one row can be joined with a label, so batched requests and requests without a label are left out,
/// and the log line says how many. Safe to call concurrently.
/// </remarks>
public sealed class InferenceLogDataSource(InferenceLogReader log, IFeedbackStore feedback, TrainingOptions options, TimeProvider time) : ITrainingDataSource
{
    private const int LabelChunk = 1000;

    /// <inheritdoc />
    public async Task<Result<TrainingTable>> LoadAsync(PipelineSpec spec, CancellationToken cancellationToken)
    {
        if (spec.Source is not InferenceLogSource source)
            return Error.InvalidInput($"This source reads the inference log, not {spec.Source.Kind}.");
        if (!ModelName.Parse(spec.Model).TryGetValue(out var model, out var error))
            return error;
        var until = time.GetUtcNow();
        var since = until - source.Window;
        var rows = new Dictionary<string, (DateTimeOffset Time, LoggedRecord Request)>(StringComparer.Ordinal);
        var logged = 0;
        await foreach (var request in log.ReadAsync(spec.Model, since, until, options.MaxRows + 1, cancellationToken))
        {
            logged++;
            rows[request.RequestId] = (request.Time, request);
        }
        if (logged > options.MaxRows)
            return Error.TooLarge($"source: the inference log of '{spec.Model}' has more than {options.MaxRows} requests in the last {source.Window}; shorten the window.");
        var labels = new Dictionary<string, LabelValue>(StringComparer.Ordinal);
        foreach (var chunk in rows.Keys.Chunk(LabelChunk))
        {
            if (!(await feedback.GetFeedbackAsync(model, chunk, cancellationToken)).TryGetValue(out var received, out error))
                return error;
            foreach (var label in received)
                labels[label.RequestId] = label.Label;
        }
        if (labels.Count == 0)
            return Error.InvalidInput(
                $"source: none of the {logged} requests of '{spec.Model}' logged in the last {source.Window} has a label; post the ground truth as feedback first.");
        var names = spec.Columns.Names.ToList();
        var builder = new TableBuilder(spec, names, options.MaxRows);
        var batched = 0;
        foreach (var (id, (at, request)) in rows.OrderBy(r => r.Value.Time).ThenBy(r => r.Key, StringComparer.Ordinal))
        {
            if (builder.Stopped)
                break;
            if (!labels.TryGetValue(id, out var label))
                continue;
            if (Row(spec, names, request.Inputs, label, at) is not { } values)
            {
                batched++;
                continue;
            }
            builder.Add(values, $"request {id}");
        }
        if (batched == labels.Count)
            return Error.InvalidInput(
                $"source: the {labels.Count} labelled requests of '{spec.Model}' each hold several rows or lack a feature column ({string.Join(", ", spec.Columns.Features.Select(f => f.Name))}), so none can be joined with its label.");
        return builder.Build();
    }

    private static object?[]? Row(PipelineSpec spec, List<string> names, JsonElement inputs, LabelValue label, DateTimeOffset at)
    {
        var values = new object?[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            if (name == spec.Columns.Label.Name)
                values[i] = label.Kind switch
                {
                    LabelKind.Text => label.Text,
                    LabelKind.Boolean => label.Number != 0,
                    _ => label.Number,
                };
            else if (name == spec.Columns.Time)
                values[i] = at.UtcDateTime;
            else if (name == spec.Columns.Weight)
                values[i] = 1.0;
            else if (Single(inputs, name) is { } value)
                values[i] = value;
            else
                return null;
        }
        return values;
    }

    private static object? Single(JsonElement inputs, string name)
    {
        if (inputs.ValueKind != JsonValueKind.Array)
            return null;
        foreach (var tensor in inputs.EnumerateArray())
        {
            if (tensor.ValueKind != JsonValueKind.Object || !tensor.TryGetProperty("name", out var tensorName) || tensorName.GetString() != name)
                continue;
            if (!tensor.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array || data.GetArrayLength() != 1)
                return null;
            var value = data[0];
            return value.ValueKind switch
            {
                JsonValueKind.Number => value.GetDouble(),
                JsonValueKind.String => value.GetString(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => null,
            };
        }
        return null;
    }
}
