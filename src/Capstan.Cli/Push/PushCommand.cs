using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Registry;
using Spectre.Console;

namespace Capstan.Cli.Push;

/// <summary><c>capstan push NAME FILE</c>: registers a new version with its metadata and the git lineage of the current directory.</summary>
internal sealed class PushCommand(Terminal terminal) : ClientCommand<PushSettings, ModelVersionInfo>(terminal)
{
    /// <inheritdoc />
    protected override async Task<Result<ModelVersionInfo>> RunAsync(CapstanClient client, PushSettings settings, CancellationToken cancellationToken)
    {
        var metadata = await PushMetadataBuilder.BuildAsync(settings, Directory.GetCurrentDirectory(), Environment.UserName, cancellationToken);
        if (!metadata.TryGetValue(out var value, out var error))
            return error;
        return await TransferProgress.RunAsync(Terminal, settings.Json, $"Pushing {settings.Name}", new FileInfo(settings.File).Length,
            progress => client.PushAsync(settings.Name, settings.File, value, progress, cancellationToken));
    }

    /// <inheritdoc />
    protected override void Render(ModelVersionInfo output) => Terminal.Output.WriteLine(output.Reference);
}
