using Capstan.Cli.Application;
using Capstan.Cli.Drift;
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
        if (settings.ProfileData is { } data && !File.Exists(data))
            return Error.InvalidInput($"The data file '{data}' does not exist.");
        var metadata = await PushMetadataBuilder.BuildAsync(settings, Directory.GetCurrentDirectory(), Environment.UserName, cancellationToken);
        if (!metadata.TryGetValue(out var value, out var error))
            return error;
        var pushed = await TransferProgress.RunAsync(Terminal, settings.Json, $"Pushing {settings.Name}", new FileInfo(settings.File).Length,
            progress => client.PushAsync(settings.Name, settings.File, value, progress, cancellationToken));
        if (settings.ProfileData is null || !pushed.TryGetValue(out var version, out _))
            return pushed;
        if (!(await ProfileCommand.UploadAsync(Terminal, client, version.Reference, settings.ProfileData, settings.Json, cancellationToken)).TryGetValue(out _, out error))
            return new Error(error.Code, $"Pushed {version.Reference}, but profiling it from '{settings.ProfileData}' failed: {error.Message}");
        return version;
    }

    /// <inheritdoc />
    protected override void Render(ModelVersionInfo output) => Terminal.Output.WriteLine(output.Reference);
}
