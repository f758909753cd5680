using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Pipelines;
using Spectre.Console;

namespace Capstan.Cli.Pipelines;

/// <summary><c>capstan run cancel ID</c>: cancels a queued run at once, or asks the process running it to stop.</summary>
internal sealed class RunCancelCommand(Terminal terminal) : ClientCommand<RunIdSettings, PipelineRun>(terminal)
{
    /// <inheritdoc />
    protected override Task<Result<PipelineRun>> RunAsync(CapstanClient client, RunIdSettings settings, CancellationToken cancellationToken) =>
        client.CancelRunAsync(settings.Id, cancellationToken);

    /// <inheritdoc />
    protected override void Render(PipelineRun output) =>
        Terminal.Output.MarkupLine(output.Ended ? PipelineRunCommand.Summary(output) : $"{PipelineRunCommand.Summary(output)} Cancellation requested; it stops promptly.");
}
