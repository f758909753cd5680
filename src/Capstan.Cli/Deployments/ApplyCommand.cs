using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Registry;
using Spectre.Console;

namespace Capstan.Cli.Deployments;

/// <summary><c>capstan apply -f FILE</c>: makes a model's deployment match a file, idempotently, and prints what changed field by field.</summary>
/// <remarks>The file's spec is compared with the current deployment first: when they match nothing is sent and no revision is made.</remarks>
internal sealed class ApplyCommand(Terminal terminal) : ClientCommand<ApplySettings, ApplyResult>(terminal)
{
    /// <inheritdoc />
    protected override async Task<Result<ApplyResult>> RunAsync(CapstanClient client, ApplySettings settings, CancellationToken cancellationToken)
    {
        if (settings.File.Length == 0)
            return Error.InvalidInput("Give the deployment file with -f FILE.");
        if (!DeploymentFileReader.Read(settings.File).TryGetValue(out var wanted, out var error))
            return error;
        var (model, spec) = wanted;
        var current = await client.GetDeploymentAsync(model.Value, cancellationToken);
        if (!current.IsSuccess && current.Error.Code != ErrorCode.NotFound)
            return current.Error;
        var before = current.IsSuccess ? DeploymentSpec.Of(current.Value) : null;
        if (spec == before)
            return new ApplyResult(model.Value, [], current.Value);
        var request = new DeploymentRequest(
            spec.Target, spec.Batching, spec.Outputs, spec.Variants, spec.Shadow, spec.Sticky,
            settings.Reason ?? $"capstan apply -f {Path.GetFileName(settings.File)}");
        return (await client.DeployAsync(model.Value, request, cancellationToken))
            .Map(deployed => new ApplyResult(model.Value, DeploymentDiff.Between(before, DeploymentSpec.Of(deployed)), deployed));
    }

    /// <inheritdoc />
    protected override void Render(ApplyResult output)
    {
        if (output.Changes.Count == 0)
        {
            Terminal.Output.MarkupLine($"{Markup.Escape(output.Model)}: unchanged (revision {output.Deployment.Revision}).");
            return;
        }
        Terminal.Output.MarkupLine($"{Markup.Escape(output.Model)}: revision {output.Deployment.Revision}");
        foreach (var change in output.Changes)
            Terminal.Output.MarkupLine($"  {change.Field}: {Markup.Escape(change.Before)} → {Markup.Escape(change.After)}");
    }
}
