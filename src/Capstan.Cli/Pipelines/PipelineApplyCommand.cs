using Capstan.Cli.Application;
using Capstan.Cli.Git;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Pipelines;
using Capstan.Training.Pipelines;
using Spectre.Console;

namespace Capstan.Cli.Pipelines;

/// <summary><c>capstan pipeline apply -f FILE</c>: checks a spec file locally, then applies it as the pipeline it names with the git commit of the file's working tree; an unchanged spec writes nothing.</summary>
internal sealed class PipelineApplyCommand(Terminal terminal) : ClientCommand<PipelineApplySettings, PipelineApplied>(terminal)
{
    /// <inheritdoc />
    protected override async Task<Result<PipelineApplied>> RunAsync(CapstanClient client, PipelineApplySettings settings, CancellationToken cancellationToken)
    {
        if (settings.File.Length == 0)
            return Error.InvalidInput("Give the spec file with -f FILE.");
        if (!PipelineSpecReader.Read(settings.File).TryGetValue(out var spec, out var error))
            return error;
        var lineage = await GitLineage.CaptureAsync(Path.GetDirectoryName(Path.GetFullPath(settings.File))!, cancellationToken);
        return await client.ApplyPipelineAsync(spec.Name, await File.ReadAllTextAsync(settings.File, cancellationToken), lineage.GitCommit, cancellationToken);
    }

    /// <inheritdoc />
    protected override void Render(PipelineApplied output)
    {
        var pipeline = output.Pipeline;
        Terminal.Output.MarkupLine(output.Changed
            ? $"Applied pipeline [bold]{Markup.Escape(pipeline.Name)}[/] for model {Markup.Escape(pipeline.Model)}: revision {pipeline.Revision}, spec {Markup.Escape(pipeline.SpecHash)}."
            : $"Pipeline [bold]{Markup.Escape(pipeline.Name)}[/] is unchanged: revision {pipeline.Revision}, spec {Markup.Escape(pipeline.SpecHash)}.");
    }
}
