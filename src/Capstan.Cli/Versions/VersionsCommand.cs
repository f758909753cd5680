using Capstan.Cli.Application;
using Capstan.Client;
using Capstan.Core.Errors;
using Capstan.Core.Registry;
using Spectre.Console;

namespace Capstan.Cli.Versions;

/// <summary><c>capstan versions NAME</c>: lists a model's versions, newest first, as a table numbered within the model.</summary>
internal sealed class VersionsCommand(Terminal terminal) : ClientCommand<VersionsSettings, IReadOnlyList<ModelVersionInfo>>(terminal)
{
    /// <inheritdoc />
    protected override Task<Result<IReadOnlyList<ModelVersionInfo>>> RunAsync(CapstanClient client, VersionsSettings settings, CancellationToken cancellationToken) =>
        ResultStreams.CollectAsync(client.ListAllVersionsAsync(settings.Name, settings.All, cancellationToken: cancellationToken));

    /// <inheritdoc />
    protected override void Render(IReadOnlyList<ModelVersionInfo> output) =>
        Terminal.Output.Write(Display.Table(output, "No versions.", ["Version", "Format", "Size", "Aliases", "Metrics", "Pushed", "By"], version =>
        [
            version.Version.ToString() + (version.Archived ? " [grey](archived)[/]" : ""),
            Display.Name(version.Format),
            Display.Bytes(version.SizeBytes),
            Display.List(version.Aliases),
            Display.Pairs(version.Metrics),
            Display.Time(version.CreatedAt),
            Markup.Escape(version.PushedBy),
        ]));
}
