using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Feedback;
using Spectre.Console;

namespace Capstan.Cli.Feedback;

/// <summary><c>capstan feedback NAME</c>: posts the true labels of answered requests, one with <c>--request-id</c> and <c>--label</c>, or a whole file in posts of <c>--chunk-size</c>.</summary>
/// <remarks>
/// A file is read and checked whole before the first post. Each post is stored whole or not at all; if one fails, the
/// error says which labels were stored before it, so the rest can be sent again (a label sent again replaces itself).
/// A progress bar follows a file of more than one post when a person is watching.
/// </remarks>
internal sealed class FeedbackCommand(Terminal terminal) : ClientCommand<FeedbackSettings, FeedbackSummary>(terminal)
{
    /// <inheritdoc />
    protected override async Task<Result<FeedbackSummary>> RunAsync(CapstanClient client, FeedbackSettings settings, CancellationToken cancellationToken)
    {
        if (settings.File is not null)
        {
            if (settings.RequestId is not null || settings.Label is not null)
                return Error.InvalidInput("Give --file alone, or --request-id with --label, not both.");
            if (settings.ChunkSize < 1 || settings.ChunkSize > FeedbackSettings.MaxChunkSize)
                return Error.InvalidInput($"--chunk-size {settings.ChunkSize} is outside 1 to {FeedbackSettings.MaxChunkSize}.");
            if (!(await LabelFile.ReadAsync(settings.File, cancellationToken)).TryGetValue(out var labels, out var error))
                return error;
            return await SendAsync(client, settings, labels, cancellationToken);
        }
        if (settings.RequestId is null || settings.Label is null)
            return Error.InvalidInput("Give --request-id and --label for one label, or --file for many.");
        if (!LabelValue.FromText(settings.Label).TryGetValue(out var label, out var invalid))
            return invalid;
        return (await client.PostFeedbackAsync(settings.Name, settings.RequestId, label, cancellationToken))
            .Map(receipt => new FeedbackSummary(receipt.Model, receipt.Received, receipt.Replaced, 1));
    }

    /// <inheritdoc />
    protected override void Render(FeedbackSummary output) =>
        Terminal.Output.MarkupLine(Markup.Escape(
            $"Stored {output.Received:N0} label{(output.Received == 1 ? "" : "s")} for {output.Model} in {output.Posts:N0} post{(output.Posts == 1 ? "" : "s")}"
            + (output.Replaced > 0 ? $"; {output.Replaced:N0} replaced {(output.Replaced == 1 ? "a label" : "labels")} posted earlier." : ".")));

    private Task<Result<FeedbackSummary>> SendAsync(CapstanClient client, FeedbackSettings settings, IReadOnlyList<GroundTruth> labels, CancellationToken cancellationToken)
    {
        var chunks = labels.Chunk(settings.ChunkSize).ToList();
        if (settings.Json || !Terminal.IsInteractive || chunks.Count < 2)
            return PostAllAsync(client, settings.Name, chunks, labels.Count, null, cancellationToken);
        return Terminal.Output.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(context => PostAllAsync(client, settings.Name, chunks, labels.Count,
                context.AddTask(Markup.Escape($"Labelling {settings.Name}"), maxValue: labels.Count), cancellationToken));
    }

    private static async Task<Result<FeedbackSummary>> PostAllAsync(
        CapstanClient client, string model, List<GroundTruth[]> chunks, int total, ProgressTask? progress, CancellationToken cancellationToken)
    {
        var (received, replaced) = (0, 0);
        foreach (var chunk in chunks)
        {
            if (!(await client.PostFeedbackAsync(model, chunk, cancellationToken)).TryGetValue(out var receipt, out var error))
            {
                return received == 0
                    ? error
                    : error with { Message = $"{error.Message} Labels {received + 1:N0} to {total:N0} of the file were not stored; the {received:N0} before them were." };
            }
            received += receipt.Received;
            replaced += receipt.Replaced;
            progress?.Increment(receipt.Received);
        }
        return new FeedbackSummary(model, received, replaced, chunks.Count);
    }
}
