using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Pipelines;
using Spectre.Console;

namespace Capstan.Cli.Pipelines;

/// <summary><c>capstan pipelines</c>: lists every pipeline with its model, revision and spec hash.</summary>
internal sealed class PipelinesCommand(Terminal terminal) : ClientCommand<ClientSettings, IReadOnlyList<PipelineInfo>>(terminal)
{
    /// <inheritdoc />
    protected override Task<Result<IReadOnlyList<PipelineInfo>>> RunAsync(CapstanClient client, ClientSettings settings, CancellationToken cancellationToken) =>
        client.ListPipelinesAsync(cancellationToken);

    /// <inheritdoc />
    protected override void Render(IReadOnlyList<PipelineInfo> output) =>
        Terminal.Output.Write(Display.Table(output, "No pipelines.", ["Pipeline", "Model", "Revision", "Spec", "Updated", "By"], pipeline =>
        [
            Markup.Escape(pipeline.Name), Markup.Escape(pipeline.Model), pipeline.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Markup.Escape(pipeline.SpecHash[..Math.Min(pipeline.SpecHash.Length, 19)]), Display.Time(pipeline.UpdatedAt), Markup.Escape(pipeline.UpdatedBy),
        ]));
}
