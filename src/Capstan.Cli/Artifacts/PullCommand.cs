using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Client.Transfers;
using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Spectre.Console;

namespace Capstan.Cli.Artifacts;

/// <summary><c>capstan pull REF</c>: downloads a version's artifact, verified against its digest.</summary>
/// <remarks>The reference is resolved first and the exact version downloaded, so a moving alias cannot mix two versions.</remarks>
internal sealed class PullCommand(Terminal terminal) : ClientCommand<PullSettings, DownloadedArtifact>(terminal)
{
    /// <inheritdoc />
    protected override async Task<Result<DownloadedArtifact>> RunAsync(CapstanClient client, PullSettings settings, CancellationToken cancellationToken)
    {
        if (!(await client.GetVersionAsync(settings.Reference, cancellationToken)).TryGetValue(out var version, out var error))
            return error;
        var path = settings.Output ?? $"{version.Model}-{version.Version}{(version.Format == ModelFormat.Onnx ? ".onnx" : ".zip")}";
        return await TransferProgress.RunAsync(Terminal, settings.Json, $"Pulling {version.Reference}", version.SizeBytes,
            progress => client.DownloadToFileAsync(version.Reference, path, progress, cancellationToken));
    }

    /// <inheritdoc />
    protected override void Render(DownloadedArtifact output) =>
        Terminal.Output.MarkupLineInterpolated($"Saved {output.Reference} to {output.Path} ({Display.Bytes(output.SizeBytes)}, SHA-256 verified).");
}
